package dev.parley.kms.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.parley.kms.media.ErrorCode;

/**
 * Typed reading of a params object ({@code constructorParams}, {@code operationParams}) with the
 * 40001 messages KMS's generated unmarshalling code gives for missing or mistyped values.
 */
public final class Params {
    private final JsonObject json;

    public Params(JsonObject json) {
        this.json = json == null ? new JsonObject() : json;
    }

    public static Params empty() {
        return new Params(null);
    }

    public int size() {
        return json.size();
    }

    public boolean has(String name) {
        JsonElement e = json.get(name);
        return e != null && !e.isJsonNull();
    }

    public String requiredString(String name) {
        return string(name, required(name));
    }

    public String optionalString(String name, String fallback) {
        return has(name) ? string(name, json.get(name)) : fallback;
    }

    public int requiredInt(String name) {
        return integer(name, required(name));
    }

    public int optionalInt(String name, int fallback) {
        return has(name) ? integer(name, json.get(name)) : fallback;
    }

    public long requiredLong(String name) {
        JsonElement e = required(name);
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double d = e.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return e.getAsLong();
            }
        }
        throw marshall("'" + name + "' parameter should be a int64");
    }

    public boolean requiredBoolean(String name) {
        return bool(name, required(name));
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        return has(name) ? bool(name, json.get(name)) : fallback;
    }

    public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        return enumValue(name, type, required(name));
    }

    public <E extends Enum<E>> E optionalEnum(String name, Class<E> type, E fallback) {
        return has(name) ? enumValue(name, type, json.get(name)) : fallback;
    }

    /** A complex-type parameter: a JSON object; its {@code __type__}, when given, must match. */
    public Params requiredComplex(String name, String typeName) {
        JsonElement e = required(name);
        if (!e.isJsonObject()) {
            throw marshall("'" + name + "' parameter should be a " + typeName);
        }
        JsonObject o = e.getAsJsonObject();
        JsonElement declared = o.get("__type__");
        if (declared != null && declared.isJsonPrimitive() && !typeName.equals(declared.getAsString())) {
            throw new KurentoException(ErrorCode.UNEXPECTED_ERROR,
                    "Type '" + declared.getAsString() + "' is not a '" + typeName + "'");
        }
        return new Params(o);
    }

    public Params optionalComplex(String name, String typeName) {
        return has(name) ? requiredComplex(name, typeName) : null;
    }

    private JsonElement required(String name) {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) {
            throw marshall("'" + name + "' parameter is required");
        }
        return e;
    }

    /** As KMS's generated unmarshalling: a number or boolean given for a string is taken as its text. */
    private static String string(String name, JsonElement e) {
        if (e.isJsonPrimitive()) {
            return e.getAsString();
        }
        throw marshall("'" + name + "' parameter should be a string");
    }

    private static int integer(String name, JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double d = e.getAsDouble();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw marshall("'" + name + "' parameter should be a integer");
    }

    private static boolean bool(String name, JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        throw marshall("'" + name + "' parameter should be a boolean");
    }

    private static <E extends Enum<E>> E enumValue(String name, Class<E> type, JsonElement e) {
        if (!(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString())) {
            throw marshall("'" + name + "' parameter should be a string");
        }
        try {
            return Enum.valueOf(type, e.getAsString());
        } catch (IllegalArgumentException unknown) {
            throw marshall("Invalid value for '" + type.getSimpleName() + "'");
        }
    }


    public static KurentoException marshall(String message) {
        return new KurentoException(ErrorCode.MARSHALL_ERROR, message);
    }
}
