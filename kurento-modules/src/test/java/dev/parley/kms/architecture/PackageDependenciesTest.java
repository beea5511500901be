package dev.parley.kms.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the media server's packages point one way: the wire protocol and the
 * engine's contract ({@code media}) know nothing of the Kurento object model ({@code core},
 * {@code elements}), the sessions or the server that wires them together, and the engine's
 * contract knows no other package at all. Read from the sources' imports.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "parley", "kms");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?dev\\.parley\\.kms\\.([a-z]+)\\.");

    /** Package → the media server's packages its sources import. */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String own = relative.getName(0).toString();
                Matcher m = IMPORT.matcher(Files.readString(file));
                Set<String> used = uses.computeIfAbsent(own, p -> new TreeSet<>());
                while (m.find()) {
                    if (!m.group(1).equals(own)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    @Test
    void theProtocolAndTheEngineContractDependOnNothingAboveThem() throws IOException {
        Map<String, Set<String>> uses = imports();
        assertTrue(uses.containsKey("protocol") && uses.containsKey("core") && uses.containsKey("media"), uses.toString());
        assertEquals(Set.of(), uses.get("media"), "media (the engine's contract) imports no other package");
        assertEquals(Set.of("media"), uses.get("protocol"), "protocol imports only media (its error codes): " + uses);
        for (String above : List.of("core", "elements", "session", "server")) {
            assertTrue(!uses.get("protocol").contains(above), "protocol must not import " + above);
        }
    }
}
