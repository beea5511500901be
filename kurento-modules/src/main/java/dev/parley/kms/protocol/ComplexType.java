package dev.parley.kms.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Collection;

/** Builds Kurento complex-type values: plain JSON objects tagged with {@code __module__}/{@code __type__}. */
public final class ComplexType {
    private final JsonObject json = new JsonObject();

    private ComplexType(String module, String type) {
        json.addProperty("__module__", module);
        json.addProperty("__type__", type);
    }

    public static ComplexType of(String type) {
        return new ComplexType("kurento", type);
    }

    public ComplexType with(String field, String value) {
        json.addProperty(field, value);
        return this;
    }

    public ComplexType with(String field, Number value) {
        json.addProperty(field, value);
        return this;
    }

    public ComplexType with(String field, boolean value) {
        json.addProperty(field, value);
        return this;
    }

    public ComplexType with(String field, JsonElement value) {
        json.add(field, value);
        return this;
    }

    public ComplexType withStrings(String field, Collection<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        json.add(field, array);
        return this;
    }

    public JsonObject json() {
        return json;
    }
}
