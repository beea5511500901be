package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The thread dump a timed-out wait prints, taken here of this JVM itself. */
class ServerDiagnosticsTest {

    @Test
    void keepsTheThreadsRunningParleysCodeAndLeavesTheOthersOut() throws Exception {
        String threads = ServerDiagnostics.parleyThreadsOf(ProcessHandle.current().pid());

        assertTrue(threads.contains("ServerDiagnosticsTest.keepsTheThreadsRunningParleysCodeAndLeavesTheOthersOut"), threads);
        assertFalse(threads.contains("\"Reference Handler\""), "a JVM thread without Parley's code is left out: " + threads);
    }
}
