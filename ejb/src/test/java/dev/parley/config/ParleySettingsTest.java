package dev.parley.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParleySettingsTest {

    private static final ProviderSelection DEFAULT_PROVIDERS =
            new ProviderSelection("silero", "pocketsphinx", "retrieval", "flite");

    @Test
    void defaultsHaveNoProblems() {
        var settings = new ParleySettings("ws://127.0.0.1:8888/kurento", DEFAULT_PROVIDERS);
        assertTrue(settings.problems().isEmpty(), () -> settings.problems().toString());
    }

    @Test
    void secureMediaServerUrlIsAccepted() {
        assertTrue(new ParleySettings("wss://kms.example.org/kurento", DEFAULT_PROVIDERS).problems().isEmpty());
    }

    @Test
    void httpMediaServerUrlIsReportedWithItsKey() {
        List<String> problems = new ParleySettings("http://127.0.0.1:8888/kurento", DEFAULT_PROVIDERS).problems();
        assertEquals(List.of("parley.media-server.url must be a ws:// or wss:// URL, got 'http://127.0.0.1:8888/kurento'"),
                problems);
    }

    @Test
    void unparsableMediaServerUrlIsReported() {
        List<String> problems = new ParleySettings("ws://bad host/kurento", DEFAULT_PROVIDERS).problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("parley.media-server.url is not a URL"), problems.get(0));
    }

    @Test
    void blankProvidersAreEachNamedByTheirKey() {
        var settings = new ParleySettings("ws://127.0.0.1:8888/kurento", new ProviderSelection("silero", " ", "retrieval", ""));
        assertEquals(List.of("parley.stt.provider is empty: name a provider", "parley.tts.provider is empty: name a provider"),
                settings.problems());
    }

    @Test
    void providersAreListedInTheOrderATurnUsesThem() {
        assertEquals(List.of("vad", "stt", "llm", "tts"), List.copyOf(DEFAULT_PROVIDERS.byRole().keySet()));
    }
}
