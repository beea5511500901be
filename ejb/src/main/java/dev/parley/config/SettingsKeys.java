package dev.parley.config;

/** The MicroProfile Config keys Parley reads; documented in docs/deployment.md. */
public final class SettingsKeys {
    public static final String MEDIA_SERVER_URL = "parley.media-server.url";
    /** A pool of media servers, each with an optional zone; overrides {@link #MEDIA_SERVER_URL} when set. */
    public static final String MEDIA_SERVER_URLS = "parley.media-server.urls";
    public static final String VAD_PROVIDER = "parley.vad.provider";
    public static final String STT_PROVIDER = "parley.stt.provider";
    public static final String LLM_PROVIDER = "parley.llm.provider";
    public static final String TTS_PROVIDER = "parley.tts.provider";

    private SettingsKeys() {
    }

    /** The key that selects the provider of one SPI role ({@code vad}, {@code stt}, {@code llm}, {@code tts}). */
    public static String providerKey(String role) {
        return "parley." + role + ".provider";
    }
}
