package dev.parley.web.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The schemas written by hand in the EJB module's microprofile-config.properties
 * ({@code mp.openapi.schema.<class>}) name exactly the record components JSON-B writes, nested
 * records included, so the OpenAPI document (and the client generated from it) cannot drift
 * from the answers.
 */
class ApiSchemasTest {

    private static Map<String, JsonObject> configuredSchemas() throws Exception {
        // The EJB module's copy, wherever else such a file is on the class path.
        String ejbModule = dev.parley.config.ParleySettings.class.getProtectionDomain().getCodeSource().getLocation().toString();
        java.net.URL file = java.util.Collections.list(ApiSchemasTest.class.getClassLoader().getResources("META-INF/microprofile-config.properties"))
                .stream().filter(url -> url.toString().replace("jar:", "").startsWith(ejbModule)).findFirst()
                .orElseThrow(() -> new AssertionError("no microprofile-config.properties in " + ejbModule));
        Properties properties = new Properties();
        try (InputStream in = file.openStream()) {
            properties.load(in);
        }
        Map<String, JsonObject> schemas = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("mp.openapi.schema.")) {
                schemas.put(key.substring("mp.openapi.schema.".length()),
                        Json.createReader(new StringReader(properties.getProperty(key))).readObject());
            }
        }
        return schemas;
    }

    @Test
    void everyHandWrittenSchemaNamesTheRecordsComponents() throws Exception {
        Map<String, JsonObject> schemas = configuredSchemas();
        assertTrue(schemas.containsKey("dev.parley.info.ParleyInfo") && schemas.containsKey("java.time.Instant"), schemas.keySet().toString());
        int records = 0;
        for (Map.Entry<String, JsonObject> schema : schemas.entrySet()) {
            Class<?> type = Class.forName(schema.getKey());
            if (type.isRecord()) {
                assertMatches(type, schema.getValue(), schema.getKey());
                records++;
            } else {
                assertEquals("string", schema.getValue().getString("type"), schema.getKey());
            }
        }
        assertTrue(records >= 3, "ParleyInfo, ClientInfo and TokenAnswer at least: " + schemas.keySet());
    }

    private static void assertMatches(Class<?> record, JsonObject schema, String where) {
        JsonObject properties = schema.getJsonObject("properties");
        Set<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(components, new TreeSet<>(properties.keySet()), where + ": the schema's properties are " + record.getName() + "'s components");
        for (RecordComponent component : record.getRecordComponents()) {
            JsonObject property = properties.getJsonObject(component.getName());
            String at = where + "." + component.getName();
            Class<?> type = component.getType();
            if (type.isRecord()) {
                assertMatches(type, property, at);
            } else if (java.util.List.class.isAssignableFrom(type)) {
                assertEquals("array", property.getString("type"), at);
                Type item = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
                if (item instanceof Class<?> itemClass && itemClass.isRecord()) {
                    assertMatches(itemClass, property.getJsonObject("items"), at + "[]");
                }
            } else {
                assertEquals(expectedType(type), property.getString("type"), at);
                if (type == long.class || type == Long.class) {
                    assertEquals("int64", property.getString("format", null), at);
                }
            }
            assertTrue(property.getValueType() == JsonValue.ValueType.OBJECT, at);
        }
    }

    private static String expectedType(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "number";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "object";
        }
        return "string";
    }
}
