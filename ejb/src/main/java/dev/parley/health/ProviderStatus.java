package dev.parley.health;

/**
 * One speech provider's readiness.
 *
 * @param capability vad, stt, llm or tts
 * @param up         loaded (and, for a remote one, answering)
 * @param detail     which provider, or why it is not usable
 */
record ProviderStatus(String capability, boolean up, String detail) {

    static ProviderStatus up(String capability, String detail) {
        return new ProviderStatus(capability, true, detail);
    }

    static ProviderStatus down(String capability, String detail) {
        return new ProviderStatus(capability, false, detail);
    }
}
