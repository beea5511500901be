package dev.parley.kms.core;

import com.google.gson.JsonElement;

/** One remote method of a Kurento class: params in, the {@code value} of the result out (JsonNull for void). */
@FunctionalInterface
public interface Operation {
    JsonElement apply(Call call);
}
