package dev.parley.e2e.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent track's receive side as Chromium reports it, sampled every 20 ms by {@link #INSTALL}:
 * inbound-rtp counters (packets and payload bytes received, jitter buffer delay and emitted
 * samples, concealed and received samples) and the receiver's synchronization source (when the
 * latest frame went to the track, its RTP timestamp, its audio level if the sender put one in).
 *
 * @param samples    in page time order
 * @param timeOrigin the page's performance.timeOrigin (epoch ms)
 */
record PageStats(List<Sample> samples, double timeOrigin) {

    /** One getStats sample; -1 where Chromium reported nothing. All times in page time (performance.now()). */
    record Sample(double atMillis, long packets, long bytes, double jitterBufferDelaySeconds, long emitted, long concealed,
                  long received, double ssrcDeliveredMillis, long rtpTimestamp, double ssrcAudioLevel, double lastPacketMillis) {
    }

    /**
     * Wraps RTCPeerConnection (the widget keeps its own private) before the call starts, then
     * samples the newest connection's audio receiver; a sample is skipped while the previous
     * getStats is still pending, so a busy page samples less often rather than queueing.
     */
    static final String INSTALL = """
            (() => {
              const rec = window.__parleyE2e;
              rec.stats = [];
              rec.timeOrigin = performance.timeOrigin;
              const Native = window.RTCPeerConnection;
              const pcs = [];
              window.RTCPeerConnection = function (config) {
                const pc = new Native(config);
                pcs.push(pc);
                return pc;
              };
              window.RTCPeerConnection.prototype = Native.prototype;
              let busy = false;
              rec.statsTimer = setInterval(async () => {
                const pc = pcs[pcs.length - 1];
                if (busy || !pc) { return; }
                const receiver = pc.getReceivers().find(r => r.track && r.track.kind === 'audio');
                if (!receiver) { return; }
                busy = true;
                try {
                  const report = await receiver.getStats();
                  const at = performance.now();
                  let s = null;
                  report.forEach(v => { if (v.type === 'inbound-rtp') { s = v; } });
                  const src = receiver.getSynchronizationSources()[0];
                  if (s) {
                    rec.stats.push([at, s.packetsReceived || 0, s.bytesReceived || 0, s.jitterBufferDelay || 0,
                        s.jitterBufferEmittedCount || 0, s.concealedSamples || 0, s.totalSamplesReceived || 0,
                        src ? src.timestamp : -1, src ? src.rtpTimestamp : -1,
                        src && src.audioLevel !== undefined ? src.audioLevel : -1,
                        s.lastPacketReceivedTimestamp || -1]);
                  }
                } catch (e) {
                  // the connection closed under the sample: the call is ending
                } finally {
                  busy = false;
                }
              }, 20);
              return true;
            })()""";

    /** Reads the samples {@link #INSTALL} left in the page's recording (the raw JSON of PageRecording.READ). */
    static PageStats parse(String pageJson) {
        try (JsonReader reader = Json.createReader(new StringReader(pageJson))) {
            JsonObject root = reader.readObject();
            double origin = root.containsKey("timeOrigin") ? root.getJsonNumber("timeOrigin").doubleValue() : 0;
            List<Sample> samples = new ArrayList<>();
            JsonArray stats = root.containsKey("stats") ? root.getJsonArray("stats") : JsonValue.EMPTY_JSON_ARRAY;
            for (JsonValue v : stats) {
                JsonArray a = v.asJsonArray();
                samples.add(new Sample(d(a, 0), (long) d(a, 1), (long) d(a, 2), d(a, 3), (long) d(a, 4), (long) d(a, 5), (long) d(a, 6),
                        pageTime(d(a, 7), d(a, 0), origin), (long) d(a, 8), d(a, 9), pageTime(d(a, 10), d(a, 0), origin)));
            }
            return new PageStats(samples, origin);
        }
    }

    /**
     * Chromium gives the synchronization source's and the last packet's times in epoch
     * milliseconds (the spec once said page time): whichever is near the sample's own time.
     */
    private static double pageTime(double t, double sampledAt, double origin) {
        if (t < 0) {
            return -1;
        }
        return Math.abs(t - sampledAt) < Math.abs(t - origin - sampledAt) ? t : t - origin;
    }

    private static double d(JsonArray a, int i) {
        JsonValue v = a.get(i);
        return v instanceof JsonNumber n ? n.doubleValue() : -1;
    }

    /** Share of the samples Chromium played that it concealed (made up), over the whole call; -1 without samples. */
    double concealedShare() {
        if (samples.isEmpty()) {
            return -1;
        }
        Sample last = samples.get(samples.size() - 1);
        return last.received() + last.concealed() == 0 ? -1 : last.concealed() / (double) last.received();
    }

    /** Average jitter buffer delay per emitted sample over the whole call, ms; -1 without samples. */
    double meanJitterBufferMillis() {
        if (samples.isEmpty() || samples.get(samples.size() - 1).emitted() == 0) {
            return -1;
        }
        Sample last = samples.get(samples.size() - 1);
        return 1000 * last.jitterBufferDelaySeconds() / last.emitted();
    }

    /** Jitter buffer delay per sample emitted between two page times, ms; -1 if nothing was emitted. */
    double jitterBufferMillisBetween(double from, double to) {
        Sample a = at(from);
        Sample b = at(to);
        if (a == null || b == null || b.emitted() <= a.emitted()) {
            return -1;
        }
        return 1000 * (b.jitterBufferDelaySeconds() - a.jitterBufferDelaySeconds()) / (b.emitted() - a.emitted());
    }

    /** The last sample at or before {@code t}, or the first one. */
    Sample at(double t) {
        Sample found = null;
        for (Sample s : samples) {
            if (s.atMillis() > t) {
                break;
            }
            found = s;
        }
        return found != null ? found : samples.isEmpty() ? null : samples.get(0);
    }

    /**
     * The longest time between two received packets while the call ran (Chromium's
     * lastPacketReceivedTimestamp, as often as getStats refreshes it): about 20-60 ms when the
     * stream is continuous, seconds when the sender stops between answers (talkspurts). -1
     * without samples.
     */
    double longestPacketGapMillis() {
        double longest = -1;
        double previous = Double.NaN;
        for (Sample s : samples) {
            if (s.lastPacketMillis() < 0) {
                continue;
            }
            if (!Double.isNaN(previous) && s.lastPacketMillis() > previous) {
                longest = Math.max(longest, s.lastPacketMillis() - previous);
            }
            previous = Math.max(Double.isNaN(previous) ? s.lastPacketMillis() : previous, s.lastPacketMillis());
        }
        return longest;
    }

    /**
     * When the synchronization source first delivered a frame with an audio level above
     * {@code level} (0..1, linear) to the track after {@code after}; NaN if the sender put no
     * audio level into its packets (the RTP header extension) or none was loud.
     */
    double voicedFrameDelivered(double after, double level) {
        for (Sample s : samples) {
            if (s.atMillis() > after && s.ssrcAudioLevel() > level && s.ssrcDeliveredMillis() > after - 100) {
                return s.ssrcDeliveredMillis();
            }
        }
        return Double.NaN;
    }

    /** Whether any sample carried an audio level (the media server sends the header extension). */
    boolean hasAudioLevels() {
        return samples.stream().anyMatch(s -> s.ssrcAudioLevel() >= 0);
    }
}
