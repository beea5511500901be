package dev.parley.e2e.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One step of the capacity ramp: {@code calls} conversations at once and what they got.
 *
 * @param calls            callers in the step
 * @param connected        callers that got a listening agent with media flowing
 * @param questions        questions asked by the connected callers
 * @param voiceToVoice     per answered question, the caller's end of speech to the first answer audio heard (ms)
 * @param serverResponse   Parley's own end of speech to first packet out of the same turns (ms)
 * @param legs             packets and losses on both legs, summed over the callers
 * @param cpuPercent       per process, % of one core over the step
 * @param residentMiB      per process, resident memory at the end of the step
 * @param load             the machine's load average (1 min) at the end of the step
 */
record CapacityStep(int calls, int connected, int questions, List<Long> voiceToVoice, List<Long> serverResponse,
                    StandInCaller.Legs legs, Map<String, Double> cpuPercent, Map<String, Long> residentMiB, double load) {

    /** A step may be at most this much slower at the voice-to-voice p95 than a single call and still count. */
    static final double SLOWDOWN_ALLOWED = 1.5;

    int answered() {
        return voiceToVoice.size();
    }

    long p50() {
        return VoiceLatencyBenchmark.percentile(voiceToVoice, 50);
    }

    long p95() {
        return VoiceLatencyBenchmark.percentile(voiceToVoice, 95);
    }

    /** Every caller connected, every question answered, no packet lost on either leg, p95 within the allowance. */
    boolean holds(long singleCallP95) {
        return connected == calls && answered() == questions && questions > 0 && legs.lost() == 0
                && p95() <= SLOWDOWN_ALLOWED * singleCallP95;
    }

    /** Why the step does not hold, for the report; empty when it does. */
    String shortfall(long singleCallP95) {
        StringBuilder why = new StringBuilder();
        if (connected < calls) {
            why.append(calls - connected).append(" not connected; ");
        }
        if (answered() < questions) {
            why.append(questions - answered()).append(" unanswered; ");
        }
        if (legs.lost() > 0) {
            why.append(legs.lost()).append(" packets lost; ");
        }
        if (!voiceToVoice.isEmpty() && p95() > SLOWDOWN_ALLOWED * singleCallP95) {
            why.append(String.format(Locale.ROOT, "p95 %.1f× the single call's; ", p95() / (double) singleCallP95));
        }
        return why.isEmpty() ? "" : why.substring(0, why.length() - 2);
    }

    /**
     * The capacity: the largest number of calls whose step holds, every smaller step holding too (a
     * ramp that failed at 6 and held at 8 by luck has a capacity of 4); 0 when even one call fails.
     */
    static int capacity(List<CapacityStep> steps) {
        if (steps.isEmpty() || steps.get(0).calls() != 1) {
            throw new IllegalArgumentException("a ramp starts with one call");
        }
        long single = steps.get(0).p95();
        int capacity = 0;
        for (CapacityStep step : steps) {
            if (!step.holds(single)) {
                break;
            }
            capacity = step.calls();
        }
        return capacity;
    }

    /** The CPU figures as "name 12 %, other 30 %". */
    String cpu() {
        return cpuPercent.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    String memory() {
        return residentMiB.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " MiB").collect(Collectors.joining(", "));
    }

    /** Total CPU of the processes whose name starts with {@code prefix}, in % of one core. */
    double cpuOf(String prefix) {
        return cpuPercent.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }
}
