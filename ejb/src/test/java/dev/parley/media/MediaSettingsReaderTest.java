package dev.parley.media;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaSettingsReaderTest {

    private static MediaSettings read(Map<String, String> values) {
        return new MediaSettingsReader(key -> Optional.ofNullable(values.get(key))).read("ws://kms:8888/kurento");
    }

    @Test
    void absentKeysKeepTheDefaults() {
        MediaSettings s = read(Map.of());
        assertEquals("ws://kms:8888/kurento", s.mediaServerUrl());
        assertEquals(MediaSettings.defaults("x").connectTimeoutMillis(), s.connectTimeoutMillis());
        assertFalse(s.recording().enabled(), "recording is off unless asked for");
        assertFalse(s.iceServers().hasStun());
        assertFalse(s.iceServers().hasTurn());
        assertEquals(InetAddress.getLoopbackAddress(), s.bridge().localAddress());
    }

    @Test
    void everyKeyIsRead() {
        MediaSettings s = read(Map.ofEntries(
                Map.entry(MediaSettingsReader.CONNECT_TIMEOUT, "1500"),
                Map.entry(MediaSettingsReader.REQUEST_TIMEOUT, "4000"),
                Map.entry(MediaSettingsReader.STUN_SERVER_ADDRESS, "192.0.2.10"),
                Map.entry(MediaSettingsReader.STUN_SERVER_PORT, "3479"),
                Map.entry(MediaSettingsReader.TURN_URL, "user:secret@192.0.2.11:3478?transport=udp"),
                Map.entry(MediaSettingsReader.RECORDING_ENABLED, "true"),
                Map.entry(MediaSettingsReader.RECORDING_DIRECTORY, "file:///srv/recordings"),
                Map.entry(MediaSettingsReader.RTP_LOCAL_ADDRESS, "127.0.0.2"),
                Map.entry(MediaSettingsReader.RTP_MIN_PORT, "20000"),
                Map.entry(MediaSettingsReader.RTP_MAX_PORT, "20999"),
                Map.entry(MediaSettingsReader.RTP_JITTER_DEPTH, "60"),
                Map.entry(MediaSettingsReader.RTP_OPUS_BITRATE, "24000")));
        assertEquals(1500, s.connectTimeoutMillis());
        assertEquals(4000, s.requestTimeoutMillis());
        assertEquals("192.0.2.10", s.iceServers().stunServerAddress());
        assertEquals(3479, s.iceServers().stunServerPort());
        assertTrue(s.iceServers().hasTurn());
        assertTrue(s.recording().enabled());
        assertEquals("file:///srv/recordings/parley-abc.webm", s.recording().fileUri("abc"));
        assertEquals("127.0.0.2", s.bridge().localAddress().getHostAddress());
        assertEquals(20000, s.bridge().minPort());
        assertEquals(20999, s.bridge().maxPort());
        assertEquals(60, s.bridge().jitterDepthMillis());
        assertEquals(24000, s.bridge().opusBitrateBitsPerSecond());
    }

    @Test
    void aMalformedValueIsRejectedNamingItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(MediaSettingsReader.RTP_MIN_PORT, "lots")));
        assertTrue(e.getMessage().contains(MediaSettingsReader.RTP_MIN_PORT), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of(MediaSettingsReader.RECORDING_ENABLED, "yes")));
        assertTrue(e.getMessage().contains(MediaSettingsReader.RECORDING_ENABLED), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of(MediaSettingsReader.RECORDING_ENABLED, "true",
                MediaSettingsReader.RECORDING_DIRECTORY, "recordings")));
        assertTrue(e.getMessage().contains(MediaSettingsReader.RECORDING_DIRECTORY), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read(Map.of(MediaSettingsReader.TURN_URL, "turn.example.com")));
        assertTrue(e.getMessage().contains(MediaSettingsReader.TURN_URL), e.getMessage());
    }
}
