package dev.parley.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityStepTest {

    private static CapacityStep step(int calls, int connected, int questions, List<Long> v2v, long lost) {
        return new CapacityStep(calls, connected, questions, v2v, List.of(), new StandInCaller.Legs(100, lost, 100, 0, 0, 0),
                Map.of("Payara A", 50.0, "media server A", 20.0, "callers' media server", 30.0), Map.of("Payara A", 900L), 1.0);
    }

    private static List<Long> times(long value, int n) {
        return Collections.nCopies(n, value);
    }

    @Test
    void theCapacityIsTheLargestStepWhoseP95StaysWithinOneAndAHalfTimesTheSingleCall() {
        List<CapacityStep> ramp = List.of(step(1, 1, 4, times(600, 4), 0), step(2, 2, 8, times(700, 8), 0),
                step(4, 4, 16, times(900, 16), 0), step(6, 6, 24, times(901, 24), 0));
        assertEquals(4, CapacityStep.capacity(ramp));
        assertEquals("p95 1.5× the single call's", ramp.get(3).shortfall(600));
        assertEquals("", ramp.get(2).shortfall(600));
    }

    @Test
    void aLossAnUnansweredQuestionOrAFailedCallEndsTheRampEvenIfALaterStepLooksFine() {
        assertEquals(1, CapacityStep.capacity(List.of(step(1, 1, 4, times(600, 4), 0), step(2, 2, 8, times(600, 8), 3),
                step(4, 4, 16, times(600, 16), 0))));
        assertEquals(1, CapacityStep.capacity(List.of(step(1, 1, 4, times(600, 4), 0), step(2, 2, 8, times(600, 7), 0))));
        CapacityStep notConnected = step(2, 1, 4, times(600, 4), 0);
        assertFalse(notConnected.holds(600));
        assertEquals("1 not connected", notConnected.shortfall(600));
        assertEquals(0, CapacityStep.capacity(List.of(step(1, 0, 0, List.of(), 0))), "a single call that fails: capacity 0");
        assertThrows(IllegalArgumentException.class, () -> CapacityStep.capacity(List.of(step(2, 2, 8, times(600, 8), 0))));
    }

    @Test
    void cpuIsSummedByProcessNamePrefix() {
        CapacityStep s = step(1, 1, 4, times(600, 4), 0);
        assertEquals(50.0, s.cpuOf("Payara"));
        assertEquals(30.0, s.cpuOf("callers"));
        assertTrue(s.holds(600));
    }

    @Test
    void muLawDecodesSilenceToZeroAndTheExtremesToFullScale() {
        assertEquals(0, CallerRtp.MuLaw.decode((byte) 0xFF));
        assertEquals(-32124, CallerRtp.MuLaw.decode((byte) 0x00));
        assertEquals(32124, CallerRtp.MuLaw.decode((byte) 0x80));
        byte[] silence = new byte[160];
        java.util.Arrays.fill(silence, (byte) 0xFF);
        assertEquals(0.0, CallerRtp.rms(silence, 0, 160));
    }

    @Test
    void procStatTimesAreReadAfterTheCommandNameEvenWhenItHoldsSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 731 129 0 0 20 0 40 0 100 0 0";
        assertEquals(860, ProcessLoad.ticksOf(stat));
    }
}
