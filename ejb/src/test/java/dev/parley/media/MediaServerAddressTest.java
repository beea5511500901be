package dev.parley.media;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaServerAddressTest {

    @Test
    void entriesAreUrlsOptionallyPrefixedByAZoneInConfiguredOrder() {
        assertEquals(List.of(new MediaServerAddress("ws://a:8888/kurento?secret=s3=x", "eu-west"),
                        new MediaServerAddress("wss://b.example.org/kurento", null),
                        new MediaServerAddress("ws://c:8888/kurento", "us-east")),
                MediaServerAddress.parseList(" EU-West=ws://a:8888/kurento?secret=s3=x , wss://b.example.org/kurento,,us-east = ws://c:8888/kurento"));
    }

    @Test
    void aMalformedEntryIsNamedWithTheKeyAndItsPositionAndNeverShowsTheSecret() {
        var bad = assertThrows(IllegalArgumentException.class,
                () -> MediaServerAddress.parseList("ws://a:8888/kurento,http://b:8888/kurento?secret=hush"));
        assertTrue(bad.getMessage().startsWith("parley.media-server.urls: entry 2: must be a ws:// or wss:// URL"), bad.getMessage());
        assertFalse(bad.getMessage().contains("hush"), bad.getMessage());
        var zone = assertThrows(IllegalArgumentException.class, () -> MediaServerAddress.parseList("eu west=ws://a:8888/kurento"));
        assertTrue(zone.getMessage().contains("zone label"), zone.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MediaServerAddress.parseList(" , "));
        var twice = assertThrows(IllegalArgumentException.class, () -> MediaServerAddress.parseList("ws://a:1/k,eu=ws://a:1/k"));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    }

    @Test
    void withoutTheListTheSingleUrlIsAPoolOfOneOfNoZone() {
        MediaSettingsReader reader = new MediaSettingsReader(key -> java.util.Optional.empty());
        assertEquals(List.of(new MediaServerAddress("ws://kms:8888/kurento", null)), reader.servers("ws://kms:8888/kurento"));
        MediaSettingsReader pooled = new MediaSettingsReader(key -> key.equals(MediaServerAddress.URLS)
                ? java.util.Optional.of("a=ws://a:8888/kurento,ws://b:8888/kurento") : java.util.Optional.empty());
        assertEquals(2, pooled.servers("ws://kms:8888/kurento").size(), "the list wins over the single URL");
        assertEquals(MediaSettingsReader.DEFAULT_HEALTH_INTERVAL_MILLIS, reader.healthIntervalMillis());
    }
}
