package dev.parley.kms.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigLoaderTest {

    @Test
    void defaultsAreKmsDefaultsOnLoopback() {
        ServerConfig config = ServerConfigLoader.load(new String[0], new Properties());
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals(8888, config.port());
        assertEquals("kurento", config.path());
        assertEquals(Duration.ofSeconds(240), config.garbageCollectorPeriod());
        assertEquals(1024, config.minPort());
        assertEquals(65535, config.maxPort());
        assertEquals(3478, config.stunServerPort());
    }

    @Test
    void commandLineBeatsSystemPropertiesWhichBeatTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kms.properties");
        Files.writeString(file, "port=9000\npath=/media\nstunServerAddress=127.0.0.2\nturnUrl=u:p@127.0.0.1:3478\n");
        Properties system = new Properties();
        system.setProperty("parley.kms.config", file.toString());
        system.setProperty("parley.kms.port", "9100");
        system.setProperty("parley.kms.stunServerAddress", "127.0.0.3");

        ServerConfig config = ServerConfigLoader.load(new String[] {"--port=9200", "--garbageCollectorPeriodSeconds=0.5"}, system);

        assertEquals(9200, config.port());
        assertEquals("media", config.path());
        assertEquals("127.0.0.3", config.stunServerAddress());
        assertEquals("u:p@127.0.0.1:3478", config.turnUrl());
        assertEquals(Duration.ofMillis(500), config.garbageCollectorPeriod());
    }

    @Test
    void networkInterfacesAreACommaSeparatedList() {
        ServerConfig config = ServerConfigLoader.load(new String[] {"--networkInterfaces=lo, eth0"}, new Properties());
        assertEquals(java.util.List.of("lo", "eth0"), config.networkInterfaceList());
    }

    @Test
    void accessSettingsAreReadLikeEveryOtherSetting(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("kms.secret"), "from-a-file-0123456789\n");
        Path file = Files.writeString(dir.resolve("kms.properties"),
                "allowedOrigins=https://app.example, http://127.0.0.1:8080\nrecordingRoots=/srv/rec,file:///data/calls/\n");
        Properties system = new Properties();
        system.setProperty("parley.kms.config", file.toString());
        system.setProperty("parley.kms.secretFile", secret.toString());

        ServerConfig config = ServerConfigLoader.load(new String[0], system, java.util.Map.of());

        assertEquals(java.util.List.of("http://127.0.0.1:8080", "https://app.example"),
                config.originPolicy().allowed().stream().sorted().toList());
        assertEquals(java.util.List.of(Path.of("/srv/rec"), Path.of("/data/calls")), config.recordingRootList().roots());
        assertTrue(config.secret().matches("from-a-file-0123456789"));
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> ServerConfigLoader.load(new String[] {"--recordingRoots=recordings"}, new Properties()));
        assertTrue(relative.getMessage().contains("'recordingRoots'"), relative.getMessage());
        IllegalArgumentException origin = assertThrows(IllegalArgumentException.class,
                () -> ServerConfigLoader.load(new String[] {"--allowedOrigins=app.example"}, new Properties()));
        assertTrue(origin.getMessage().contains("'allowedOrigins'"), origin.getMessage());
    }

    @Test
    void badInputIsRefusedWithTheKeyNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ServerConfigLoader.load(new String[] {"--prot=1"}, new Properties()));
        assertTrue(unknown.getMessage().contains("'prot'"), unknown.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> ServerConfigLoader.load(new String[] {"--port=eighty"}, new Properties()));
        assertTrue(number.getMessage().contains("'port'"), number.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> ServerConfigLoader.load(new String[] {"port=1"}, new Properties()));
        assertTrue(shape.getMessage().contains("--<key>=<value>"), shape.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ServerConfigLoader.load(new String[] {"--garbageCollectorPeriodSeconds=0"}, new Properties()));
        assertThrows(IllegalArgumentException.class,
                () -> ServerConfigLoader.load(new String[] {"--disableRequestCache=maybe"}, new Properties()));
    }
}
