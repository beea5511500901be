package dev.parley.web.widget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The npm package the build lays out in target/npm-package (web/pom.xml) describes the element the
 * script really is: the events it dispatches, the attributes it observes and its public members are
 * exactly those of parley-widget.d.ts and custom-elements.json, and package.json exports files that
 * are there.
 */
class WidgetPackageTest {

    private static final Path PACKAGE = Path.of("target", "npm-package");
    private static final Path WEBAPP_SCRIPT = Path.of("src", "main", "webapp", "parley-widget.js");

    private static final Set<String> LIFECYCLE = Set.of("constructor", "connectedCallback", "disconnectedCallback",
            "attributeChangedCallback", "observedAttributes");

    @Test
    void thePackageCarriesTheScriptTheWarServes() throws IOException {
        assertArrayEquals(Files.readAllBytes(WEBAPP_SCRIPT), Files.readAllBytes(PACKAGE.resolve("parley-widget.js")));
    }

    @Test
    void everyExportedFileIsInThePackage() throws IOException {
        JsonObject pkg = json(PACKAGE.resolve("package.json"));
        Set<String> targets = new TreeSet<>();
        collectStrings(pkg.get("exports"), targets);
        targets.add(pkg.getString("types"));
        targets.add(pkg.getString("main"));
        targets.add(pkg.getString("customElements"));
        assertTrue(targets.contains("./parley-widget.d.ts"), targets.toString());
        for (String target : targets) {
            assertTrue(Files.isRegularFile(PACKAGE.resolve(target)), "package.json names " + target + " but the package lacks it");
        }
        pkg.getJsonArray("files").getValuesAs(JsonString.class)
                .forEach(f -> assertTrue(Files.isRegularFile(PACKAGE.resolve(f.getString())), "files lists " + f.getString()));
    }

    @Test
    void typesAndManifestNameExactlyTheEventsTheScriptDispatches() throws IOException {
        Set<String> dispatched = new TreeSet<>();
        for (String event : matches(script(), "_emit\\('parley:([a-z-]+)'")) {
            dispatched.add("parley:" + event);
            dispatched.add("parley-" + event); // _emit fires both spellings
        }
        assertTrue(dispatched.contains("parley-agent-paused") && dispatched.contains("parley:interrupted"), dispatched.toString());
        Set<String> typed = matches(block(types(), "interface ParleyAgentEventMap"), "'(parley[:-][a-z-]+)'");
        assertEquals(dispatched, typed, "ParleyAgentEventMap in parley-widget.d.ts");
        assertEquals(dispatched, names(declaration().getJsonArray("events").getValuesAs(JsonObject.class)), "events in custom-elements.json");
    }

    @Test
    void typesAndManifestNameExactlyTheObservedAttributes() throws IOException {
        String reflectedBlock = block(script(), "var REFLECTED =");
        Set<String> observed = matches(reflectedBlock, "'?([a-z-]+)'?: '[A-Za-z]+'");
        observed.addAll(matches(script(), "concat\\(\\['([a-z-]+)'\\]\\)"));
        assertTrue(observed.contains("lang") && observed.contains("text-input"), observed.toString());
        assertEquals(observed, matches(block(types(), "interface ParleyAgentAttributes"), "'?([a-z-]+)'?\\?:"), "ParleyAgentAttributes");
        assertEquals(observed, names(declaration().getJsonArray("attributes").getValuesAs(JsonObject.class)), "attributes in custom-elements.json");
    }

    @Test
    void manifestAndTypesNameThePublicMembersOfTheClass() throws IOException {
        String classBody = script().substring(script().indexOf("class ParleyAgent"));
        Set<String> members = matches(classBody, "\\n    (?:async |get |set |static get )?([a-zA-Z][A-Za-z]*)\\(");
        members.removeAll(LIFECYCLE);
        members.add("sessionId"); // assigned when the server answers, not declared by an accessor
        assertTrue(members.containsAll(Set.of("sendText", "labels", "textInput", "agentSpeech", "start")), members.toString());
        assertEquals(members, names(declaration().getJsonArray("members").getValuesAs(JsonObject.class)), "members in custom-elements.json");
        String declaredClass = block(types(), "export declare class ParleyAgent");
        for (String member : members) {
            assertTrue(Pattern.compile("\\n  (?:readonly |get |set )?" + member + "[?(:]").matcher(declaredClass).find(),
                    member + " is missing from the class in parley-widget.d.ts");
        }
        assertFalse(members.stream().anyMatch(m -> m.startsWith("_")), "private members are not published");
    }

    private static String script() throws IOException {
        return Files.readString(WEBAPP_SCRIPT);
    }

    private static String types() throws IOException {
        return Files.readString(PACKAGE.resolve("parley-widget.d.ts"));
    }

    private static JsonObject declaration() throws IOException {
        JsonObject manifest = json(PACKAGE.resolve("custom-elements.json"));
        JsonObject declaration = manifest.getJsonArray("modules").getJsonObject(0).getJsonArray("declarations").getJsonObject(0);
        assertEquals("parley-agent", declaration.getString("tagName"));
        return declaration;
    }

    /** The text from {@code start} to its matching closing brace. */
    private static String block(String text, String start) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "no " + start);
        int depth = 0;
        for (int i = text.indexOf('{', from); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(from, i + 1);
            }
        }
        throw new AssertionError("unbalanced " + start);
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Set<String> names(java.util.List<JsonObject> entries) {
        return entries.stream().map(e -> e.getString("name")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void collectStrings(JsonValue value, Set<String> into) {
        switch (value.getValueType()) {
            case STRING -> into.add(((JsonString) value).getString());
            case OBJECT -> value.asJsonObject().values().forEach(v -> collectStrings(v, into));
            case ARRAY -> value.asJsonArray().forEach(v -> collectStrings(v, into));
            default -> { }
        }
    }

    private static JsonObject json(Path file) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(file)))) {
            return reader.readObject();
        }
    }
}
