package dev.parley.e2e.bench;

import dev.parley.e2e.PageRecording;
import dev.parley.e2e.PageRecording.Event;
import dev.parley.e2e.PageRecording.Level;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Per agent turn of one recorded call: the latency the page felt and the server's stage timings
 * of the same turn (its parley:metrics event), and per barge-in the reaction at the page.
 */
final class TurnTimings {

    /** The fake microphone (flite speech vs digital silence) and the agent's audio as the page plays it. */
    static final double MIC_SPEECH_DB = -40;
    static final double AGENT_SPEECH_DB = -50;
    static final double ONSET_QUIET_MILLIS = 300;
    static final double STOP_QUIET_MILLIS = 600;

    /**
     * One agent turn. Client: the last loud microphone sample of the question to the first loud
     * sample of the agent's audio the page plays (-1 if either is missing). Server, from the
     * metrics event (-1 where not reached): end of speech to endpoint decided, to STT final, STT
     * final to LLM first token, first token to first TTS audio, end of speech to first packet out.
     */
    record Turn(int call, int turn, long clientVoiceToVoice, long endpointing, long sttFinal, long firstToken, long firstTtsAudio,
                long firstPacketOut, boolean interrupted) {

        /**
         * The first packet's share after the first TTS audio (the media clock's next tick, the send
         * queue), or -1; at least 0 (each stage is rounded down to whole ms on its own).
         */
        long ttsToFirstPacket() {
            return firstPacketOut < 0 || sttFinal < 0 || firstToken < 0 || firstTtsAudio < 0 ? -1
                    : Math.max(0, firstPacketOut - sttFinal - firstToken - firstTtsAudio);
        }

        /** The recogniser's catching up after the endpoint, or -1. */
        long sttAfterEndpoint() {
            return sttFinal < 0 || endpointing < 0 ? -1 : sttFinal - endpointing;
        }
    }

    /**
     * One barge-in: at the page, onset of the interrupting speech to the agent's audio stopping; the
     * server's own figure; and the page's reaction split at the {@code agent-paused} event's arrival
     * (onset → event: the way in and the VAD's confirmation; event → audio stopped: what was already
     * on the way out), each -1 without such an event.
     */
    record BargeIn(int call, long clientReaction, long serverReaction, long onsetToPausedEvent, long pausedEventToStop) {
    }

    private TurnTimings() {
    }

    static List<Turn> turns(int call, PageRecording page) {
        List<Event> states = page.named("state");
        List<Turn> turns = new ArrayList<>();
        double previousMetricsAt = 0;
        for (Event metrics : page.named("metrics")) {
            JsonObject m = metrics.detail();
            Event speaking = lastSpeakingBetween(states, previousMetricsAt, metrics.atMillis());
            long client = speaking == null ? -1 : voiceToVoice(page, states, speaking);
            turns.add(new Turn(call, m.getInt("turn", -1), client, m.getInt("endpointingMillis", -1), m.getInt("sttFinalMillis", -1),
                    m.getInt("firstTokenMillis", -1), m.getInt("firstTtsAudioMillis", -1), m.getInt("responseLatencyMillis", -1),
                    m.getBoolean("interrupted", false)));
            previousMetricsAt = metrics.atMillis();
        }
        return turns;
    }

    static List<BargeIn> bargeIns(int call, PageRecording page) {
        List<Event> states = page.named("state");
        List<Event> metrics = page.named("metrics");
        List<BargeIn> result = new ArrayList<>();
        for (Event cut : page.named("interrupted")) {
            Event speaking = lastSpeakingBetween(states, 0, cut.atMillis());
            if (speaking == null) {
                continue;
            }
            double onset = page.microphone().stream()
                    .filter(l -> l.atMillis() > speaking.atMillis() && l.atMillis() < cut.atMillis() && l.db() > MIC_SPEECH_DB)
                    .mapToDouble(Level::atMillis).min().orElse(Double.NaN);
            double lastAgentAudio = Double.isNaN(onset) ? Double.NaN : agentStop(page.levels(), onset);
            long server = metrics.stream().filter(m -> m.atMillis() >= cut.atMillis()).findFirst()
                    .map(m -> (long) m.detail().getInt("bargeInReactionMillis", -1)).orElse(-1L);
            if (!Double.isNaN(onset) && !Double.isNaN(lastAgentAudio)) {
                // The pause the onset caused: the first after the agent began speaking, up to the cut.
                double pausedAt = page.named("agent-paused").stream().mapToDouble(Event::atMillis)
                        .filter(at -> at > speaking.atMillis() && at <= cut.atMillis()).min().orElse(Double.NaN);
                long in = Double.isNaN(pausedAt) ? -1 : Math.round(pausedAt - onset);
                long out = Double.isNaN(pausedAt) ? -1 : Math.round(lastAgentAudio - pausedAt);
                result.add(new BargeIn(call, Math.round(lastAgentAudio - onset), server, in, out));
            }
        }
        return result;
    }

    private static long voiceToVoice(PageRecording page, List<Event> states, Event speaking) {
        double previousEnd = endOfSpeakingBefore(states, speaking);
        double lastUserVoice = page.microphone().stream()
                .filter(l -> l.atMillis() > previousEnd && l.atMillis() < speaking.atMillis() && l.db() > MIC_SPEECH_DB)
                .mapToDouble(Level::atMillis).max().orElse(Double.NaN);
        double firstAgentAudio = Double.isNaN(lastUserVoice) ? Double.NaN : agentOnset(page.levels(), lastUserVoice);
        return Double.isNaN(lastUserVoice) || Double.isNaN(firstAgentAudio) ? -1 : Math.round(firstAgentAudio - lastUserVoice);
    }

    /**
     * The first loud agent sample after {@code after} that follows {@value #ONSET_QUIET_MILLIS} ms
     * of agent quiet: the start of an answer, not the tail of one cut while the user still spoke.
     */
    static double agentOnset(List<Level> levels, double after) {
        double lastLoud = Double.NEGATIVE_INFINITY;
        for (Level l : levels) {
            if (l.db() <= AGENT_SPEECH_DB) {
                continue;
            }
            if (l.atMillis() > after && l.atMillis() - lastLoud >= ONSET_QUIET_MILLIS) {
                return l.atMillis();
            }
            lastLoud = l.atMillis();
        }
        return Double.NaN;
    }

    /**
     * The last loud agent sample before the first {@value #STOP_QUIET_MILLIS} ms of agent quiet
     * after {@code after} (longer than flite's pauses between sentences): when the agent stopped.
     */
    static double agentStop(List<Level> levels, double after) {
        double lastLoud = Double.NaN;
        for (Level l : levels) {
            if (l.atMillis() <= after) {
                continue;
            }
            double since = Double.isNaN(lastLoud) ? l.atMillis() - after : l.atMillis() - lastLoud;
            if (since >= STOP_QUIET_MILLIS) {
                break;
            }
            if (l.db() > AGENT_SPEECH_DB) {
                lastLoud = l.atMillis();
            }
        }
        return lastLoud;
    }

    private static Event lastSpeakingBetween(List<Event> states, double from, double to) {
        Event found = null;
        for (Event s : states) {
            if (s.atMillis() > from && s.atMillis() < to && "speaking".equals(s.detail().getString("state"))) {
                found = s;
            }
        }
        return found;
    }

    /** When the agent's previous speaking state ended (the next state event), or 0. */
    private static double endOfSpeakingBefore(List<Event> states, Event speaking) {
        int index = states.indexOf(speaking);
        for (int j = index - 1; j >= 0; j--) {
            if ("speaking".equals(states.get(j).detail().getString("state"))) {
                return states.get(j + 1).atMillis();
            }
        }
        return 0;
    }
}
