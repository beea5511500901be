package dev.parley.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.cluster.ClusterProcess;
import dev.parley.e2e.PageRecording;
import dev.parley.e2e.SpokenWav;
import dev.parley.testing.HeadlessChromium;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a real call's turns as OpenTelemetry spans. Payara Micro runs the micro WAR with
 * MicroProfile Telemetry's SDK turned on by the standard {@code otel.*} settings, exporting OTLP
 * over HTTP to a collector on loopback ({@link OtlpTraceReceiver}); a caller in headless Chromium
 * asks a question. Each turn the page was told about must arrive as one span tree whose stages
 * last what the turn's metrics say.
 */
class TurnTracesOnPayaraMicroIT {
    // The span and attribute names docs/deployment.md documents (TurnSpans in the ejb module).
    private static final String TURN = "parley.turn";
    private static final String ENDPOINTING = "parley.endpointing";
    private static final String STT_FINAL = "parley.stt.final";
    private static final String LLM_FIRST_TOKEN = "parley.llm.first_token";
    private static final String LLM_STREAM = "parley.llm.stream";
    private static final String TTS_FIRST_AUDIO = "parley.tts.first_audio";
    private static final String FIRST_PACKET_OUT = "parley.audio.first_packet_out";
    private static final String SESSION_ID = "parley.session.id";
    private static final String TURN_NUMBER = "parley.turn.number";
    private static final String RESPONSE_LATENCY_MS = "parley.turn.response_latency_ms";
    private static final String USER_TEXT = "parley.user.text";
    private static final Pattern MICRO_READY = Pattern.compile("Payara Micro .* ready in");

    private static Path work;
    private static OtlpTraceReceiver collector;
    private static final List<ClusterProcess> processes = new ArrayList<>();
    private static String demoPage;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("parley-telemetry-it");
        collector = new OtlpTraceReceiver();
        int mediaPort = ClusterProcess.freePort();
        ClusterProcess media = ClusterProcess.start("media server", List.of(java(), "-jar", System.getProperty("parley.mediaServerJar"),
                "--bindAddress=127.0.0.1", "--port=" + mediaPort), work.resolve("media-server.log"));
        processes.add(media);
        media.awaitLog(Pattern.compile("parley-media-server listening on"), Duration.ofSeconds(60));
        int httpPort = ClusterProcess.freePort();
        ClusterProcess micro = ClusterProcess.start("Payara Micro", List.of(java(), "-Dparley.security.demo-mode=true",
                "-Dparley.media-server.url=ws://127.0.0.1:" + mediaPort + "/kurento",
                "-Dotel.sdk.disabled=false", "-Dotel.service.name=parley-it",
                "-Dotel.traces.exporter=otlp", "-Dotel.exporter.otlp.traces.protocol=http/protobuf",
                "-Dotel.exporter.otlp.traces.endpoint=" + collector.endpoint(),
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.bsp.schedule.delay=200",
                "-jar", System.getProperty("parley.payaraMicroJar"), "--nocluster", "--port", String.valueOf(httpPort),
                "--rootdir", work.resolve("micro").toString(),
                "--deploy", System.getProperty("parley.microWar"), "--contextroot", "parley"), work.resolve("micro.log"));
        processes.add(micro);
        micro.awaitLog(MICRO_READY, Duration.ofMinutes(5));
        demoPage = "http://127.0.0.1:" + httpPort + "/parley/index.html";
    }

    @AfterAll
    static void stop() {
        for (ClusterProcess process : processes) {
            process.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void eachTurnOfACallIsOneSpanTreeWhoseStagesLastWhatTheTurnsMetricsSay() throws Exception {
        Path microphone = new SpokenWav(work).silence(3).say("what is parley").silence(40).write("question.wav");
        List<JsonObject> pageMetrics;
        try (HeadlessChromium page = HeadlessChromium.open(demoPage, microphone, List.of())) {
            page.await("document.readyState === 'complete' && customElements.get('parley-agent')", Duration.ofSeconds(30),
                    "the widget is defined");
            page.evaluate(PageRecording.INSTALL);
            page.evaluate("document.getElementById('agent').start()");
            page.await("window.__parleyE2e.events.some(e => e.name === 'metrics' && e.detail.responseLatencyMillis >= 0)",
                    Duration.ofSeconds(120), "an answered turn's metrics at the page");
            pageMetrics = readArray(page.evaluate("window.__parleyE2e.events.filter(e => e.name === 'metrics').map(e => e.detail)"));
            page.evaluate("document.getElementById('agent').stop()");
        }
        JsonObject answered = pageMetrics.stream().filter(m -> m.getJsonNumber("responseLatencyMillis").longValue() >= 0)
                .findFirst().orElseThrow();
        int answeredTurn = answered.getInt("turn");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (turnSpans().size() < pageMetrics.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(collector.errors().isEmpty(), "the exporter's messages are OTLP: " + collector.errors());
        List<Span> turns = turnSpans();
        System.out.printf("telemetry: %d turns at the page, %d turn spans, %d spans in all%n", pageMetrics.size(), turns.size(),
                collector.spans().size());
        assertEquals(pageMetrics.size(), turns.size(), "one turn span per turn the page was told about");
        assertEquals(1, turns.stream().map(t -> string(t, SESSION_ID)).distinct().count(), "one session: " + turns);
        assertTrue(string(turns.get(0), SESSION_ID).matches("[0-9a-f-]{36}"), "the session id");
        for (Span turn : turns) {
            assertTrue(turn.getParentSpanId().isEmpty(), "a turn is a trace's root");
            assertFalse(attribute(turn, USER_TEXT).isPresent(), "the user's words stay out unless the operator asks");
        }

        Span turn = turns.stream().filter(t -> attribute(t, TURN_NUMBER).orElseThrow().getIntValue() == answeredTurn)
                .findFirst().orElseThrow();
        Map<String, Span> stages = collector.spans().stream()
                .filter(s -> s.getTraceId().equals(turn.getTraceId()) && !s.getName().equals(TURN))
                .collect(Collectors.toMap(Span::getName, Function.identity()));
        System.out.printf("telemetry: turn %d %s; stages %s%n", answeredTurn, answered,
                stages.values().stream().map(s -> s.getName() + "=" + millis(s) + " ms").toList());
        for (Span stage : stages.values()) {
            assertEquals(HexFormat.of().formatHex(turn.getSpanId().toByteArray()), HexFormat.of().formatHex(stage.getParentSpanId().toByteArray()),
                    stage.getName() + " is a child of its turn");
            assertTrue(stage.getStartTimeUnixNano() >= turn.getStartTimeUnixNano() && stage.getEndTimeUnixNano() <= turn.getEndTimeUnixNano(),
                    stage.getName() + " lies within its turn");
        }
        assertEquals(answered.getJsonNumber("responseLatencyMillis").longValue(),
                attribute(turn, RESPONSE_LATENCY_MS).orElseThrow().getIntValue());
        long endpointing = answered.getJsonNumber("endpointingMillis").longValue();
        assertEquals(endpointing, millis(stages.get(ENDPOINTING)), "endpointing");
        // The page has end of speech to final; the span, end of the endpointing to the final (1 ms of rounding apart).
        long sttFinal = answered.getJsonNumber("sttFinalMillis").longValue() - endpointing;
        assertTrue(Math.abs(sttFinal - millis(stages.get(STT_FINAL))) <= 1, "STT final: " + sttFinal);
        assertEquals(answered.getJsonNumber("firstTtsAudioMillis").longValue(), millis(stages.get(TTS_FIRST_AUDIO)), "TTS first audio");
        assertTrue(stages.containsKey(FIRST_PACKET_OUT), stages.keySet().toString());
        assertTrue(stages.containsKey(LLM_STREAM), stages.keySet().toString());
        long firstToken = answered.getJsonNumber("firstTokenMillis").longValue();
        if (firstToken >= 0) {
            assertEquals(firstToken, millis(stages.get(LLM_FIRST_TOKEN)), "LLM first token");
        } else {
            assertFalse(stages.containsKey(LLM_FIRST_TOKEN), "a reply prepared before the final has no first-token stage");
        }
        assertEquals(stages.get(ENDPOINTING).getEndTimeUnixNano(), stages.get(STT_FINAL).getStartTimeUnixNano(),
                "the stages follow one another");
    }

    private List<Span> turnSpans() {
        return collector.spans().stream().filter(s -> s.getName().equals(TURN)).toList();
    }

    private static long millis(Span span) {
        return (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000L;
    }

    private static Optional<io.opentelemetry.proto.common.v1.AnyValue> attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).map(KeyValue::getValue).findFirst();
    }

    private static String string(Span span, String key) {
        return attribute(span, key).orElseThrow(() -> new AssertionError(key + " missing on " + span)).getStringValue();
    }

    private static List<JsonObject> readArray(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonObject.class);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
