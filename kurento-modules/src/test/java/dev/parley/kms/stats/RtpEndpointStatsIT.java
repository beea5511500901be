package dev.parley.kms.stats;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.parley.kms.support.Eventually;
import dev.parley.kms.support.RawKurentoSocket;
import dev.parley.kms.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.EndpointStats;
import org.kurento.client.ElementStats;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.PassThrough;
import org.kurento.client.RTCInboundRTPStreamStats;
import org.kurento.client.RTCOutboundRTPStreamStats;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.Stats;
import org.kurento.client.StatsType;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * getStats of an RtpEndpoint as KMS 7.1 reports it (docs/media-server.md, "Statistics"), checked against
 * a peer that knows what it sent: the real server and GStreamer, driven by the official Java
 * client, which parses the report into its own typed classes.
 */
class RtpEndpointStatsIT {
    private static final int SKIP_AFTER = 10;
    private static final int SKIPPED = 5;
    private static TestServer server;
    private static KurentoClient kurento;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        kurento = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void kmsReportsInboundPacketsBytesLossAndJitterOfWhatTheEndpointReceived() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (StatsRtpPeer peer = new StatsRtpPeer()) {
            RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
            peer.answer(rtp.processOffer(peer.offer()));
            // Alternating 10 and 30 ms gaps on a 20 ms timestamp step: RFC 3550's jitter settles at 10 ms.
            peer.startSending(10, SKIP_AFTER, SKIPPED);

            // Loss is what the endpoint's own receiver reports said (sent-rb-packetslost), so it
            // shows once RTCP went out; the fraction in that same report covers the gap. GStreamer
            // counts the stream's first packet as received but starts the expected count after it
            // (probation), so its cumulative loss reads one short: 4 of the 5 (seen on 1.22).
            AtomicReference<RTCInboundRTPStreamStats> reported = new AtomicReference<>();
            assertTrue(Eventually.holds(() -> {
                RTCInboundRTPStreamStats in = only(rtp.getStats(MediaType.AUDIO), RTCInboundRTPStreamStats.class);
                reported.set(in);
                return in != null && in.getPacketsLost() >= SKIPPED - 1;
            }, 20_000), "a receiver report with the " + SKIPPED + " lost packets, last seen " + describe(reported.get()));
            assertTrue(reported.get().getFractionLost() > 0 && reported.get().getFractionLost() <= 255,
                    "fraction lost in RTCP's 1/256 units: " + reported.get().getFractionLost());

            peer.stopSending();
            Thread.sleep(300);
            long before = System.currentTimeMillis();
            Map<String, Stats> report = rtp.getStats(MediaType.AUDIO);
            RTCInboundRTPStreamStats in = only(report, RTCInboundRTPStreamStats.class);
            assertEquals(StatsType.inboundrtp, in.getType());
            assertEquals(in.getId(), report.entrySet().stream().filter(e -> e.getValue() == in).findFirst().orElseThrow().getKey(),
                    "the map is keyed by stats id");
            assertEquals(Integer.toUnsignedString(StatsRtpPeer.PEER_SSRC), in.getSsrc());
            assertTrue(Math.abs(in.getTimestampMillis() - before) < 5_000, "timestamp " + in.getTimestampMillis());
            assertTrue(Math.abs(in.getPacketsReceived() - peer.sent()) <= 2,
                    "packets received " + in.getPacketsReceived() + " vs sent " + peer.sent());
            assertEquals(in.getPacketsReceived() * StatsRtpPeer.PAYLOAD_BYTES, in.getBytesReceived(), "payload bytes");
            assertTrue(in.getPacketsLost() == SKIPPED || in.getPacketsLost() == SKIPPED - 1, "lost " + in.getPacketsLost());
            assertTrue(in.getJitter() > 0.005 && in.getJitter() < 0.05, "jitter in seconds: " + in.getJitter());
            assertEquals("", in.getCodecId());
            assertEquals(false, in.getIsRemote());
        } finally {
            pipeline.release();
        }
    }

    @Test
    void kmsReportsOutboundPacketsAndWhatThePeersReceiverReportSaid() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (StatsRtpPeer peer = new StatsRtpPeer()) {
            RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
            rtp.connect(rtp, MediaType.AUDIO); // the endpoint sends back what it hears
            peer.answer(rtp.processOffer(peer.offer()));
            peer.startSending(0, Integer.MAX_VALUE, 0);
            assertTrue(Eventually.holds(peer::hasSenderReport, 20_000), "the endpoint sends a sender report");
            Thread.sleep(200);
            // Fraction 64/256 and 7 lost; the echoed delay is 200 ms short, so the round trip reads about 0.2 s.
            peer.sendReceiverReport(64, 7, 200);
            AtomicReference<RTCOutboundRTPStreamStats> reported = new AtomicReference<>();
            assertTrue(Eventually.holds(() -> {
                RTCOutboundRTPStreamStats out = only(rtp.getStats(MediaType.AUDIO), RTCOutboundRTPStreamStats.class);
                reported.set(out);
                return out != null && out.getPacketsLost() == 7;
            }, 5_000), "the peer's report reaches the outbound stats, last seen " + describe(reported.get()));
            RTCOutboundRTPStreamStats out = reported.get();
            assertEquals(64.0, out.getFractionLost(), 0.0, "RTCP's 1/256 units, as KMS passes them on");
            assertTrue(out.getRoundTripTime() > 0.15 && out.getRoundTripTime() < 1.0, "round trip " + out.getRoundTripTime());

            peer.stopSending();
            int[] last = {-1};
            assertTrue(Eventually.holds(() -> {
                int now = peer.received();
                boolean quiet = now == last[0];
                last[0] = now;
                return quiet && now > 0;
            }, 10_000), "the echo stops");
            Thread.sleep(1000);
            out = only(rtp.getStats(MediaType.AUDIO), RTCOutboundRTPStreamStats.class);
            assertEquals(StatsType.outboundrtp, out.getType());
            assertEquals(Long.toString(peer.remoteSsrc()), out.getSsrc(), "the SSRC the endpoint sends with");
            assertEquals(peer.received(), out.getPacketsSent(), "packets the peer received");
            assertEquals(peer.receivedPayloadBytes(), out.getBytesSent(), "payload bytes the peer received");
            assertTrue(out.getTargetBitrate() >= 0, "bitrate " + out.getTargetBitrate());
        } finally {
            pipeline.release();
        }
    }

    @Test
    void kmsFiltersByMediaTypeKeepsStatsIdsAndAddsLatencyEntriesOnlyWithLatencyStats() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (StatsRtpPeer peer = new StatsRtpPeer()) {
            RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
            PassThrough passThrough = new PassThrough.Builder(pipeline).build();
            assertEquals(Map.of(), rtp.getStats(), "nothing before negotiation");
            rtp.connect(rtp, MediaType.AUDIO);
            peer.answer(rtp.processOffer(peer.offer()));
            peer.startSending(0, Integer.MAX_VALUE, 0);
            assertTrue(Eventually.holds(() -> rtp.getStats(MediaType.AUDIO).size() == 2, 10_000),
                    "one inbound and one outbound stream: " + rtp.getStats(MediaType.AUDIO));

            Map<String, Stats> audio = rtp.getStats(MediaType.AUDIO);
            assertEquals(audio.keySet(), rtp.getStats().keySet(), "no media type: every type, here only audio");
            assertEquals(audio.keySet(), rtp.getStats(MediaType.AUDIO).keySet(), "ids stay the same between calls");
            assertEquals(Map.of(), rtp.getStats(MediaType.VIDEO));
            assertEquals(Map.of(), rtp.getStats(MediaType.DATA));
            assertEquals(Map.of(), passThrough.getStats());

            pipeline.setLatencyStats(true);
            Map<String, Stats> withLatency = rtp.getStats(MediaType.AUDIO);
            assertEquals(3, withLatency.size(), withLatency.toString());
            EndpointStats endpoint = assertInstanceOf(EndpointStats.class, withLatency.get(rtp.getId()));
            assertEquals(StatsType.endpoint, endpoint.getType());
            assertEquals(List.of(), endpoint.getE2ELatency());
            assertInstanceOf(EndpointStats.class, rtp.getStats(MediaType.VIDEO).get(rtp.getId()));
            ElementStats element = assertInstanceOf(ElementStats.class, passThrough.getStats().get(passThrough.getId()));
            assertEquals(StatsType.element, element.getType());
        } finally {
            pipeline.release();
        }
    }

    @Test
    void kmsWritesEveryFieldOfTheKmdStatsTypesWithTheirJsonKinds() throws Exception {
        Map<String, JsonObject> kmdTypes = kmdComplexTypes();
        try (StatsRtpPeer peer = new StatsRtpPeer()) {
            RawKurentoSocket raw = server.raw();
            String pipeline = value(raw.request("create", params("type", "MediaPipeline"))).getAsString();
            JsonObject create = params("type", "RtpEndpoint");
            create.add("constructorParams", params("mediaPipeline", pipeline));
            String rtp = value(raw.request("create", create)).getAsString();
            invoke(raw, pipeline, "setLatencyStats", params("latencyStats", true));
            invoke(raw, rtp, "connect", params("sink", rtp));
            peer.answer(value(invoke(raw, rtp, "processOffer", params("offer", peer.offer()))).getAsString());
            peer.startSending(0, Integer.MAX_VALUE, 0);
            assertTrue(Eventually.holds(() -> peer.received() > 10, 10_000), "the endpoint echoes");

            JsonObject report = value(invoke(raw, rtp, "getStats", params("mediaType", "AUDIO"))).getAsJsonObject();
            Set<String> types = new TreeSet<>();
            for (Map.Entry<String, JsonElement> entry : report.entrySet()) {
                JsonObject stats = entry.getValue().getAsJsonObject();
                String type = stats.get("__type__").getAsString();
                types.add(type);
                assertEquals("kurento", stats.get("__module__").getAsString());
                assertEquals(entry.getKey(), stats.get("id").getAsString());
                Set<String> expected = new TreeSet<>(kmdFields(kmdTypes, type));
                expected.addAll(List.of("__module__", "__type__"));
                assertEquals(expected, stats.keySet(), type + " carries exactly its kmd fields");
                assertTrue(stats.get("timestampMillis").getAsJsonPrimitive().isNumber(), "int64, not a string as in events");
                assertTrue(stats.get("type").getAsJsonPrimitive().isString());
                if (stats.has("ssrc")) {
                    assertTrue(stats.get("ssrc").getAsJsonPrimitive().isString(), "ssrc is a String in the kmd");
                    assertTrue(stats.get("fractionLost").getAsJsonPrimitive().isNumber());
                }
            }
            assertEquals(Set.of("EndpointStats", "RTCInboundRTPStreamStats", "RTCOutboundRTPStreamStats"), types);
            assertEquals(Set.of(rtp), value(invoke(raw, rtp, "getStats", params("mediaType", "DATA"))).getAsJsonObject().keySet(),
                    "DATA: no RTP streams, only the latency entry");
            invoke(raw, pipeline, "release", null);
        }
    }

    /** The kmd's complex types by name, from the kms-api-core jar the Java client ships with. */
    private static Map<String, JsonObject> kmdComplexTypes() throws Exception {
        try (InputStream in = MediaPipeline.class.getClassLoader().getResourceAsStream("META-INF/kurento/core.kmd.json")) {
            JsonObject kmd = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, JsonObject> types = new HashMap<>();
            kmd.getAsJsonArray("complexTypes").forEach(t -> types.put(t.getAsJsonObject().get("name").getAsString(), t.getAsJsonObject()));
            return types;
        }
    }

    /** A type's properties with its ancestors'. */
    private static List<String> kmdFields(Map<String, JsonObject> types, String name) {
        JsonObject type = types.get(name);
        List<String> fields = new ArrayList<>(type.has("extends") ? kmdFields(types, type.get("extends").getAsString()) : List.of());
        type.getAsJsonArray("properties").forEach(p -> fields.add(p.getAsJsonObject().get("name").getAsString()));
        return fields;
    }

    private static JsonObject params(String name, Object value) {
        JsonObject params = new JsonObject();
        if (value instanceof Boolean b) {
            params.addProperty(name, b);
        } else {
            params.addProperty(name, String.valueOf(value));
        }
        return params;
    }

    private static JsonObject invoke(RawKurentoSocket raw, String object, String operation, JsonObject operationParams)
            throws InterruptedException {
        JsonObject params = params("object", object);
        if (operation.equals("release")) {
            return raw.request("release", params);
        }
        params.addProperty("operation", operation);
        if (operationParams != null) {
            params.add("operationParams", operationParams);
        }
        return raw.request("invoke", params);
    }

    private static JsonElement value(JsonObject response) {
        assertTrue(response.has("result"), response.toString());
        return response.getAsJsonObject("result").get("value");
    }

    private static <T extends Stats> T only(Map<String, Stats> report, Class<T> type) {
        List<T> matching = report.values().stream().filter(type::isInstance).map(type::cast).toList();
        assertTrue(matching.size() <= 1, "one " + type.getSimpleName() + " at most: " + report);
        return matching.isEmpty() ? null : matching.get(0);
    }

    private static String describe(RTCInboundRTPStreamStats s) {
        return s == null ? "none" : "packets " + s.getPacketsReceived() + " lost " + s.getPacketsLost()
                + " fraction " + s.getFractionLost() + " jitter " + s.getJitter();
    }

    private static String describe(RTCOutboundRTPStreamStats s) {
        return s == null ? "none" : "packets " + s.getPacketsSent() + " lost " + s.getPacketsLost()
                + " fraction " + s.getFractionLost() + " rtt " + s.getRoundTripTime();
    }
}
