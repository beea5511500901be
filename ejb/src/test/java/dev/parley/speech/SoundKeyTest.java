package dev.parley.speech;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SoundKeyTest {

    @Test
    void keysMergeVoicingAndDropVowels() {
        assertEquals("prl", SoundKey.of("Parley"));
        assertEquals("prl", SoundKey.of("Barley"));
        assertEquals("prl", SoundKey.of("parale"));
        assertEquals("krnt", SoundKey.of("Kurento"));
        assertEquals("krnt", SoundKey.of("carriento"));
        assertEquals("krnt", SoundKey.of("current"));
        assertEquals("krl", SoundKey.of("Carly"));
        assertEquals("alm", SoundKey.of("Ollama"));
        assertEquals("prtk", SoundKey.of("WebRTC"));
        assertEquals("aks", SoundKey.of("ex"));
        assertEquals("sfr", SoundKey.of("cipher"));
    }

    @Test
    void differentConsonantsStayApart() {
        assertNotEquals(SoundKey.of("Carly"), SoundKey.of("Parley"));
        assertNotEquals(SoundKey.of("latency"), SoundKey.of("listens"));
    }
}
