package dev.parley.speech;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderThreadsTest {

    @Test
    void theContainersThreadsAreNamedAfterTheProviderAndKeepWhatTheContainerGaveThem() {
        ThreadFactory container = runnable -> {
            Thread thread = new Thread(runnable, "concurrent/__defaultManagedThreadFactory-Thread-7");
            thread.setDaemon(true);
            return thread;
        };
        ThreadFactory vosk = ProviderThreads.named(container, "parley-stt-vosk");
        Thread first = vosk.newThread(() -> { });
        Thread second = vosk.newThread(() -> { });
        assertEquals("parley-stt-vosk-1", first.getName());
        assertEquals("parley-stt-vosk-2", second.getName());
        assertTrue(first.isDaemon(), "the container's thread, not a new one");
    }

    @Test
    void aStoppingContainerThatGivesNoThreadStillGivesNone() {
        assertNull(ProviderThreads.named(runnable -> null, "parley-tts-flite").newThread(() -> { }));
    }
}
