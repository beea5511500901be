package dev.parley.kms.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The method table of one remote object, filled by each class of its hierarchy in turn, so a
 * subclass sees its ancestors' methods and may replace them. Property accessors follow the
 * Kurento convention: {@code get<Prop>} and {@code set<Prop>} with {@code {<prop>: value}}.
 */
public final class Operations {
    private final Map<String, Operation> byName = new HashMap<>();

    public Operations on(String name, Operation operation) {
        byName.put(name, operation);
        return this;
    }

    /** A void method. */
    public Operations onVoid(String name, Consumer<Call> body) {
        return on(name, call -> {
            body.accept(call);
            return JsonNull.INSTANCE;
        });
    }

    public Operations getter(String property, Supplier<String> value) {
        return on("get" + capitalize(property), call -> string(value.get()));
    }

    public Operations intGetter(String property, IntSupplier value) {
        return on("get" + capitalize(property), call -> new JsonPrimitive(value.getAsInt()));
    }

    public Operations boolGetter(String property, BooleanSupplier value) {
        return on("get" + capitalize(property), call -> new JsonPrimitive(value.getAsBoolean()));
    }

    public Operations stringProperty(String property, Supplier<String> get, Consumer<String> set) {
        getter(property, get);
        return onVoid("set" + capitalize(property), call -> set.accept(call.params().requiredString(property)));
    }

    public Operations intProperty(String property, IntSupplier get, java.util.function.IntConsumer set) {
        intGetter(property, get);
        return onVoid("set" + capitalize(property), call -> set.accept(call.params().requiredInt(property)));
    }

    public Operations boolProperty(String property, BooleanSupplier get, Consumer<Boolean> set) {
        boolGetter(property, get);
        return onVoid("set" + capitalize(property), call -> set.accept(call.params().requiredBoolean(property)));
    }

    public Operation find(String name) {
        return byName.get(name);
    }

    public static JsonElement string(String s) {
        return s == null ? JsonNull.INSTANCE : new JsonPrimitive(s);
    }

    private static String capitalize(String property) {
        return Character.toUpperCase(property.charAt(0)) + property.substring(1);
    }
}
