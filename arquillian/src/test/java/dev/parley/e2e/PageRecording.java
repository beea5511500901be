package dev.parley.e2e;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the demo page saw and heard, recorded in the page by {@link #INSTALL}: every parley:* DOM
 * event with its time, and every 20 ms the level of the agent's audio (an AnalyserNode on the
 * stream the widget plays) and of the microphone (on the widget's local stream).
 */
public record PageRecording(List<Event> events, List<Level> levels, List<Level> microphone) {

    /** One parley:* event: name without the prefix, page time in ms, its detail. */
    public record Event(String name, double atMillis, JsonObject detail) {
        public String signature() {
            return switch (name) {
                case "state" -> "state:" + detail.getString("state");
                case "transcript" -> "transcript:" + detail.getString("speaker") + (detail.getBoolean("partial") ? ":partial" : "");
                case "ended" -> "ended:" + detail.getString("reason");
                default -> name;
            };
        }
    }

    /** An audio level (dBFS RMS over ~21 ms) at a page time: the agent's as the page hears it, or the microphone's. */
    public record Level(double atMillis, double db) {
    }

    public static final String INSTALL = """
            (() => {
              const agent = document.getElementById('agent');
              const rec = window.__parleyE2e = { events: [], levels: [], mic: [] };
              for (const name of ['parley:transcript', 'parley:state', 'parley:metrics', 'parley:error', 'parley:ended',
                  'parley:interrupted', 'parley:agent-paused', 'parley:agent-resumed']) {
                agent.addEventListener(name, e => rec.events.push({ name: name.substring(7), at: performance.now(), detail: e.detail }));
              }
              let stream = null, analyser = null, buffer = null, context = null;
              let micStream = null, micAnalyser = null;
              const level = (a, b) => {
                a.getFloatTimeDomainData(b);
                let sum = 0;
                for (const v of b) { sum += v * v; }
                const rms = Math.sqrt(sum / b.length);
                return rms > 0 ? 20 * Math.log10(rms) : -150;
              };
              rec.timer = setInterval(() => {
                const m = agent.localStream;
                if (m && m !== micStream) {
                  micStream = m;
                  context = context || new AudioContext();
                  micAnalyser = context.createAnalyser();
                  micAnalyser.fftSize = 1024;
                  context.createMediaStreamSource(m).connect(micAnalyser);
                }
                if (micAnalyser) {
                  rec.mic.push([performance.now(), level(micAnalyser, new Float32Array(1024))]);
                }
                const s = agent.remoteStream;
                if (s && s !== stream) {
                  stream = s;
                  context = context || new AudioContext();
                  context.resume();
                  analyser = context.createAnalyser();
                  analyser.fftSize = 1024;
                  context.createMediaStreamSource(s).connect(analyser);
                  buffer = new Float32Array(analyser.fftSize);
                }
                if (analyser) {
                  rec.levels.push([performance.now(), level(analyser, buffer)]);
                }
              }, 20);
              return true;
            })()""";

    public static final String READ = "window.__parleyE2e";

    public static PageRecording parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject root = reader.readObject();
            List<Event> events = new ArrayList<>();
            for (JsonValue v : root.getJsonArray("events")) {
                JsonObject e = v.asJsonObject();
                events.add(new Event(e.getString("name"), e.getJsonNumber("at").doubleValue(),
                        e.get("detail") instanceof JsonObject d ? d : JsonValue.EMPTY_JSON_OBJECT));
            }
            return new PageRecording(events, levels(root.getJsonArray("levels")), levels(root.getJsonArray("mic")));
        }
    }

    private static List<Level> levels(JsonArray array) {
        List<Level> levels = new ArrayList<>();
        for (JsonValue v : array) {
            JsonArray l = v.asJsonArray();
            levels.add(new Level(l.getJsonNumber(0).doubleValue(), l.getJsonNumber(1).doubleValue()));
        }
        return levels;
    }

    public List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    List<String> signatures() {
        return events.stream().map(Event::signature).filter(s -> !s.endsWith(":partial")).toList();
    }

    /** Levels between two page times. */
    public List<Level> between(double fromMillis, double toMillis) {
        return levels.stream().filter(l -> l.atMillis() >= fromMillis && l.atMillis() < toMillis).toList();
    }

    public static double loudest(List<Level> levels) {
        return levels.stream().mapToDouble(Level::db).max().orElse(-150);
    }

    static double loudShare(List<Level> levels, double thresholdDb) {
        return levels.isEmpty() ? 0 : levels.stream().filter(l -> l.db() > thresholdDb).count() / (double) levels.size();
    }

    /** A stretch of loud audio, in page time. */
    public record Segment(double startMillis, double endMillis) {
    }

    /**
     * The loud stretches of {@code levels}: samples above {@code db}, joined across quiet gaps
     * shorter than {@code gapMillis} (the pauses inside one flite phrase are under 300 ms).
     */
    public static List<Segment> segments(List<Level> levels, double db, double gapMillis) {
        List<Segment> found = new ArrayList<>();
        double start = Double.NaN;
        double last = Double.NaN;
        for (Level l : levels) {
            if (l.db() <= db) {
                continue;
            }
            if (!Double.isNaN(last) && l.atMillis() - last > gapMillis) {
                found.add(new Segment(start, last));
                start = Double.NaN;
            }
            if (Double.isNaN(start)) {
                start = l.atMillis();
            }
            last = l.atMillis();
        }
        if (!Double.isNaN(start)) {
            found.add(new Segment(start, last));
        }
        return found;
    }

    /** A short account for assertion messages. */
    public String summary() {
        return events.stream().map(e -> Math.round(e.atMillis()) + " " + e.name() + " " + e.detail()).collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
