package dev.parley.e2e.bench;

import dev.parley.e2e.bench.TurnTakingCall.Kind;
import dev.parley.e2e.bench.TurnTakingCall.Outcome;
import dev.parley.e2e.bench.TurnTimings.BargeIn;
import dev.parley.e2e.bench.TurnTimings.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** The voice benchmark's page-side hops and turn-taking cases, set against issue 14's goals. */
final class TurnTakingReport {

    private TurnTakingReport() {
    }

    static String of(List<Turn> turns, List<BargeIn> bargeIns, List<PageHops> hops, List<PageStats> calls, List<Outcome> outcomes,
                     int turnTakingCalls, long minutes) {
        StringBuilder out = new StringBuilder();
        out.append("\n| hop at the page, per answer (all calls) | samples | p50 | p95 |\n|---|---|---|---|\n");
        out.append(VoiceLatencyBenchmark.row("server sends the first packet → heard at the page", values(hops, PageHops::sendToHeard)));
        out.append(VoiceLatencyBenchmark.row("Chromium's jitter buffer delay in the second after the send (jitterBufferDelay / jitterBufferEmittedCount)",
                values(hops, PageHops::jitterBufferMillis)));
        out.append(VoiceLatencyBenchmark.row("server sends → arrives at the page, derived (heard minus jitter buffer delay)",
                values(hops, PageHops::sendToArrival)));
        List<Long> delivered = values(hops, PageHops::deliveredToHeard);
        if (!delivered.isEmpty()) {
            out.append(VoiceLatencyBenchmark.row("voiced frame delivered to the track (getSynchronizationSources) → heard", delivered));
        }
        out.append(String.format(Locale.ROOT, "%nPer call: share of the agent track's samples Chromium concealed %s; jitter buffer delay"
                        + " per emitted sample over the whole call %s; longest gap between received packets %s.%s%n",
                calls.stream().map(c -> String.format(Locale.ROOT, "%.1f %%", 100 * c.concealedShare())).toList(),
                calls.stream().map(c -> Math.round(c.meanJitterBufferMillis()) + " ms").toList(),
                calls.stream().map(c -> Math.round(c.longestPacketGapMillis()) + " ms").toList(),
                delivered.isEmpty() ? " getSynchronizationSources() gave no audio level (the media server sends no"
                        + " ssrc-audio-level header extension) and its Opus is constant-bitrate (161 bytes a packet, voice or"
                        + " silence), so neither the first voiced packet's arrival nor its delivery to the track can be told"
                        + " apart from the silence before it: the arrival hop is derived." : ""));

        List<Outcome> paused = of(outcomes, Kind.PAUSED_SENTENCE);
        List<Outcome> interruptions = of(outcomes, Kind.INTERRUPTION);
        List<Outcome> noises = of(outcomes, Kind.NOISE);
        List<Outcome> interruptionsOverAgent = interruptions.stream().filter(Outcome::overAgent).toList();
        List<Outcome> noisesOverAgent = noises.stream().filter(Outcome::overAgent).toList();
        List<Long> allBargeIns = new ArrayList<>(bargeIns.stream().map(BargeIn::clientReaction).toList());
        interruptionsOverAgent.stream().filter(o -> !o.ignored()).forEach(o -> allBargeIns.add(o.reactionMillis()));
        List<Long> voiceToVoice = turns.stream().mapToLong(Turn::clientVoiceToVoice).filter(v -> v >= 0).boxed().toList();

        out.append("\n").append(turnTakingCalls).append(" turn-taking calls (TurnTakingCall): per call two sentences with a pause in the middle")
                .append(" (\"I would like to know\" 1.0 s \"how does it work\"; \"can you tell me\" 1.2 s \"what voice do you use\"),")
                .append(" three two-word interruptions (\"front center\", \"stop please\", \"wait wait\") 4 s after a question, about 2-3 s")
                .append(" into its answer, and four noises 3.5 s after a question (white noise 0.3 s, pink noise 1 s, a cough-like burst,")
                .append(" 8 keyboard-like clicks). An interruption or noise counts only if the agent was audible at the page in the")
                .append(" 600 ms before it; an interruption is ignored if the agent talked on more than ")
                .append(TurnTakingCall.IGNORED_AFTER_MILLIS).append(" ms after its onset without an `interrupted` event;")
                .append(" a noise is a false barge-in if `interrupted` came within 4 s.\n\n");
        out.append("| issue 14 measure | goal | this run |\n|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| voice-to-voice at the page (scripted calls) | p50 ≤ 500 ms, p95 ≤ 900 ms | p50 %d ms, p95 %d ms (%d turns) |%n",
                VoiceLatencyBenchmark.percentile(voiceToVoice, 50), VoiceLatencyBenchmark.percentile(voiceToVoice, 95), voiceToVoice.size()));
        out.append(String.format(Locale.ROOT, "| barge-in at the page (scripted calls' cuts and the two-word interruptions acted on) | p95 ≤ 300 ms | p50 %d ms, p95 %d ms (%d) |%n",
                VoiceLatencyBenchmark.percentile(allBargeIns, 50), VoiceLatencyBenchmark.percentile(allBargeIns, 95), allBargeIns.size()));
        out.append(String.format(Locale.ROOT, "| two-word interruptions the agent ignored | 0 | %d of %d over the agent (%d spoken; %s) |%n",
                interruptionsOverAgent.stream().filter(Outcome::ignored).count(), interruptionsOverAgent.size(), interruptions.size(),
                reactions(interruptionsOverAgent)));
        out.append(String.format(Locale.ROOT, "| sentence with a ~1 s pause: agent took the floor before it ended | 0 | %d of %d |%n",
                paused.stream().filter(Outcome::premature).count(), paused.size()));
        out.append(String.format(Locale.ROOT, "| … agent audible over the user's second half | never | %d of %d, %s ms |%n",
                paused.stream().filter(o -> o.overUserMillis() > 0).count(), paused.size(), paused.stream().map(Outcome::overUserMillis).toList()));
        out.append(String.format(Locale.ROOT, "| … answers per paused sentence | 1 | %s |%n", paused.stream().map(Outcome::answers).toList()));
        out.append(String.format(Locale.ROOT, "| noise over the agent: false barge-ins | 0 | %d of %d over the agent (%d played) |%n",
                noisesOverAgent.stream().filter(Outcome::falseBargeIn).count(), noisesOverAgent.size(), noises.size()));
        out.append(String.format(Locale.ROOT, "%nThe benchmark took about %d min (warm-up excluded).%n", minutes));
        return out.toString();
    }

    private static String reactions(List<Outcome> outcomes) {
        return "agent audio stopped after " + outcomes.stream().map(o -> o.reactionMillis() + " ms").toList()
                + ", `agent-paused` at the page after " + outcomes.stream().map(o -> o.pausedAfterMillis() < 0 ? "none" : o.pausedAfterMillis() + " ms").toList();
    }

    private static List<Outcome> of(List<Outcome> outcomes, Kind kind) {
        return outcomes.stream().filter(o -> o.c().kind() == kind).toList();
    }

    private static List<Long> values(List<PageHops> hops, ToLongFunction<PageHops> value) {
        return hops.stream().mapToLong(value).filter(v -> v != PageHops.NONE).boxed().toList();
    }
}
