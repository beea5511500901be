package dev.parley.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which implementation of each provider SPI is active, by name ({@code parley.vad.provider},
 * {@code parley.stt.provider}, {@code parley.llm.provider}, {@code parley.tts.provider}).
 */
public record ProviderSelection(String vad, String stt, String llm, String tts) {

    /** The selection keyed by SPI role, in the order a spoken turn passes through them. */
    public Map<String, String> byRole() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("vad", vad);
        roles.put("stt", stt);
        roles.put("llm", llm);
        roles.put("tts", tts);
        return roles;
    }
}
