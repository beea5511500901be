package dev.parley.e2e.bench;

import dev.parley.e2e.PageRecording;
import dev.parley.e2e.PageRecording.Event;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the time goes between the server sending an answer's first packet and the page playing
 * it, per answer. The server's send time reaches the page only as the {@code speaking} state (sent
 * when the first synthesised audio is queued) plus the turn's own "first TTS audio → first packet
 * out" figure from its metrics; the signalling socket's own delay on loopback (normally well under
 * a millisecond, more when the machine is busy) is inside the figures.
 *
 * <p>The arrival of the answer's first voiced packet cannot be read from getStats here: the media
 * server re-encodes to constant-bitrate Opus (161 bytes a packet, voice or silence) and puts no
 * audio level into its packets, so the arrival hop is derived: heard at the page minus Chromium's
 * jitter buffer delay at that moment (decoding and the analyser's 21 ms window stay in it).
 *
 * @param sendToHeard        the server sent the first packet → the page's analyser heard the agent
 * @param jitterBufferMillis Chromium's jitter buffer delay per emitted sample in the second after the send
 * @param sendToArrival      derived: sendToHeard − jitterBufferMillis (the way through the media server and the network)
 * @param deliveredToHeard   the voiced frame went to the track (synchronization source) → heard, or none without audio levels
 */
record PageHops(int call, int turn, long sendToHeard, long jitterBufferMillis, long sendToArrival, long deliveredToHeard) {

    static List<PageHops> of(int call, PageRecording page, PageStats stats) {
        List<Event> states = page.named("state");
        List<PageHops> hops = new ArrayList<>();
        double previousMetricsAt = 0;
        for (Event metrics : page.named("metrics")) {
            JsonObject m = metrics.detail();
            Event speaking = null;
            for (Event s : states) {
                if (s.atMillis() > previousMetricsAt && s.atMillis() < metrics.atMillis() && "speaking".equals(s.detail().getString("state"))) {
                    speaking = s;
                }
            }
            previousMetricsAt = metrics.atMillis();
            if (speaking == null) {
                continue;
            }
            long response = m.getInt("responseLatencyMillis", -1);
            long stt = m.getInt("sttFinalMillis", -1);
            long token = m.getInt("firstTokenMillis", -1);
            long tts = m.getInt("firstTtsAudioMillis", -1);
            long queuedToSent = response < 0 || stt < 0 || token < 0 || tts < 0 ? 0 : Math.max(0, response - stt - token - tts);
            double sent = speaking.atMillis() + queuedToSent;
            double heard = TurnTimings.agentOnset(page.levels(), sent - 50);
            double jitter = stats.jitterBufferMillisBetween(sent, sent + 1000);
            double delivered = stats.voicedFrameDelivered(sent - 50, 0.01);
            hops.add(new PageHops(call, m.getInt("turn", -1), ms(heard - sent), jitter < 0 ? NONE : Math.round(jitter),
                    jitter < 0 ? NONE : ms(heard - sent - jitter), ms(heard - delivered)));
        }
        return hops;
    }

    static final long NONE = Long.MIN_VALUE;

    private static long ms(double v) {
        return Double.isNaN(v) ? NONE : Math.round(v);
    }
}
