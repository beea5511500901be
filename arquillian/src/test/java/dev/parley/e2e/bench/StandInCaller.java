package dev.parley.e2e.bench;

import dev.parley.it.WholeTextListener;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kurento.client.ConnectionState;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.RTCInboundRTPStreamStats;
import org.kurento.client.RTCOutboundRTPStreamStats;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.Stats;
import org.kurento.client.WebRtcEndpoint;

/**
 * One caller of the capacity benchmark, a WebRTC peer that is not a browser: a WebRtcEndpoint on
 * the callers' own media server (GStreamer's webrtcbin: ICE, DTLS-SRTP, Opus, as Chromium would
 * negotiate them) fed by one RtpEndpoint and feeding another, whose plain RTP is the caller's
 * microphone and ears ({@link CallerRtp}). It talks to Parley over the same signalling socket as the widget, asks its
 * questions one after another, and waits for each answer to end before the next, as a listening
 * person would.
 */
final class StandInCaller implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How long after a question the caller waits for the agent's voice before giving up on it. */
    private static final long ANSWER_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Quiet after the agent's voice that means its answer is over. */
    private static final long ANSWER_OVER_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    private static final long LONGEST_ANSWER_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** @param voiceToVoiceMillis the caller's last loud sample to the first loud sample of the answer heard; -1 unanswered */
    record Turn(int caller, int question, long voiceToVoiceMillis) {
    }

    /**
     * What the caller's WebRtcEndpoint counted: packets it received from Parley's media server and
     * lost on the way (from its own receiver reports), packets it sent and Parley's media server
     * reported lost; and at the ears, sequence gaps and stalls after the callers' media server.
     */
    record Legs(long agentPackets, long agentLost, long callerPackets, long callerLost, long earsLost, long earsGaps) {
        static final Legs NONE = new Legs(0, 0, 0, 0, 0, 0);

        Legs plus(Legs o) {
            return new Legs(agentPackets + o.agentPackets, agentLost + o.agentLost, callerPackets + o.callerPackets,
                    callerLost + o.callerLost, earsLost + o.earsLost, earsGaps + o.earsGaps);
        }

        long lost() {
            return agentLost + callerLost + earsLost;
        }
    }

    private final int id;
    private final MediaPipeline pipeline;
    private final WebRtcEndpoint webrtc;
    private final CallerRtp audio;
    private final WebSocket socket;
    private final CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final CountDownLatch connected = new CountDownLatch(1);
    private final List<Long> serverResponseMillis = new ArrayList<>();
    /** Turns whose endpointing silence was a long one, with what the user was heard saying: "1500 ms after 'how do I'". */
    private final List<String> longEndpoints = new ArrayList<>();
    private volatile String lastUserFinal = "";
    private JsonObject slowest = Json.createObjectBuilder().build();
    private volatile String failure;

    private StandInCaller(int id, MediaPipeline pipeline, WebRtcEndpoint webrtc, CallerRtp audio, URI signalling, String origin)
            throws Exception {
        this.id = id;
        this.pipeline = pipeline;
        this.webrtc = webrtc;
        this.audio = audio;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT).header("Origin", origin)
                .buildAsync(signalling, new WholeTextListener(this::receive, this::closed, error -> closed(-1, error.toString()))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Builds the caller on {@code callers} (the callers' media server), opens a voice session on
     * Parley through {@code signalling} and returns once the agent listens and media flows both ways.
     */
    static StandInCaller call(int id, KurentoClient callers, URI signalling, String origin, ScheduledExecutorService clock,
                              byte[] silence) throws Exception {
        MediaPipeline pipeline = callers.createMediaPipeline();
        CallerRtp audio = null;
        StandInCaller caller = null;
        try {
            WebRtcEndpoint webrtc = new WebRtcEndpoint.Builder(pipeline).build();
            RtpEndpoint mouth = new RtpEndpoint.Builder(pipeline).build();
            RtpEndpoint ears = new RtpEndpoint.Builder(pipeline).build();
            mouth.connect(webrtc, MediaType.AUDIO);
            webrtc.connect(ears, MediaType.AUDIO);
            audio = new CallerRtp(silence);
            audio.mouthAnswer(mouth.processOffer(audio.mouthOffer()));
            audio.earsAnswer(ears.processOffer(audio.earsOffer()));
            // the microphone runs from the start, as a browser's does: Parley waits for audio before it listens
            audio.open(clock);
            caller = new StandInCaller(id, pipeline, webrtc, audio, signalling, origin);
            caller.negotiate();
            return caller;
        } catch (Exception | Error e) {
            if (caller != null) {
                caller.close();
            } else {
                pipeline.release();
                if (audio != null) {
                    audio.close();
                }
            }
            throw e;
        }
    }

    private void negotiate() throws Exception {
        StandInCaller self = this;
        webrtc.addConnectionStateChangedListener(e -> {
            if (e.getNewState() == ConnectionState.CONNECTED) {
                self.connected.countDown();
            }
        });
        webrtc.addIceCandidateFoundListener(e -> send(Json.createObjectBuilder().add("type", "ice")
                .add("candidate", Json.createObjectBuilder().add("candidate", e.getCandidate().getCandidate())
                        .add("sdpMid", e.getCandidate().getSdpMid()).add("sdpMLineIndex", e.getCandidate().getSdpMLineIndex()))
                .build()));
        send(Json.createObjectBuilder().add("type", "hello").add("version", 1).build());
        send(Json.createObjectBuilder().add("type", "start").add("version", 1).add("language", "en")
                .add("sdpOffer", webrtc.generateOffer()).build());
        JsonObject answered = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        webrtc.processAnswer(answered.getString("sdpAnswer"));
        webrtc.gatherCandidates();
        if (!connected.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !listening.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                || failure != null) {
            throw new IllegalStateException("caller " + id + " never got a connected, listening agent" + reason());
        }
    }

    /** Asks each question in turn, waiting for each answer to end. */
    List<Turn> converse(List<SpokenQuestion> questions) throws InterruptedException {
        List<Turn> turns = new ArrayList<>();
        for (int q = 0; q < questions.size() && failure == null; q++) {
            long spoken = audio.speak(questions.get(q));
            long heard = -1;
            long deadline = spoken + ANSWER_WITHIN_NANOS;
            while (heard < 0 && System.nanoTime() < deadline && failure == null) {
                Thread.sleep(20);
                heard = audio.firstLoudAfter(spoken);
            }
            turns.add(new Turn(id, q, heard < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(heard - spoken)));
            if (heard >= 0) {
                long giveUp = heard + LONGEST_ANSWER_NANOS;
                while (System.nanoTime() - audio.lastLoud() < ANSWER_OVER_NANOS && System.nanoTime() < giveUp && failure == null) {
                    Thread.sleep(50);
                }
            }
            Thread.sleep(800);
        }
        return turns;
    }

    /** The end-of-speech to first-packet-out figures Parley sent in its {@code metrics} events. */
    List<Long> serverResponseMillis() {
        synchronized (serverResponseMillis) {
            return List.copyOf(serverResponseMillis);
        }
    }

    /** The metrics event of the caller's slowest turn (server stages), empty before any. */
    JsonObject slowestTurn() {
        synchronized (serverResponseMillis) {
            return slowest;
        }
    }

    /** Turns that waited a long endpointing silence, and the words heard. */
    List<String> longEndpoints() {
        synchronized (serverResponseMillis) {
            return List.copyOf(longEndpoints);
        }
    }

    /** Why the call failed, or null. */
    String failure() {
        return failure;
    }

    Legs legs() {
        Map<String, Stats> stats = webrtc.getStats(MediaType.AUDIO);
        long agentPackets = 0;
        long agentLost = 0;
        long callerPackets = 0;
        long callerLost = 0;
        for (Stats s : stats.values()) {
            // GStreamer reports -1 lost on a clean stream (its first packet is on probation)
            if (s instanceof RTCInboundRTPStreamStats in) {
                agentPackets += in.getPacketsReceived();
                agentLost += Math.max(0, in.getPacketsLost());
            } else if (s instanceof RTCOutboundRTPStreamStats out) {
                callerPackets += out.getPacketsSent();
                callerLost += Math.max(0, out.getPacketsLost());
            }
        }
        return new Legs(agentPackets, agentLost, callerPackets, callerLost, audio.lost(), audio.gaps());
    }

    private String reason() {
        return failure == null ? "" : ": " + failure;
    }

    private void send(JsonObject message) {
        socket.sendText(message.toString(), true).join();
    }

    @Override
    public void close() {
        try {
            if (!socket.isOutputClosed()) {
                send(Json.createObjectBuilder().add("type", "stop").build());
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            socket.abort();
        } finally {
            try {
                pipeline.release();
            } finally {
                audio.close();
            }
        }
    }

    private void receive(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            handle(reader.readObject());
        }
    }

    private void handle(JsonObject message) {
        switch (message.getString("type", "")) {
            case "answer" -> answer.complete(message);
            case "ice" -> {
                if (message.get("candidate") instanceof JsonObject c) {
                    webrtc.addIceCandidate(new IceCandidate(c.getString("candidate"), c.getString("sdpMid", "0"),
                            c.getInt("sdpMLineIndex", 0)));
                }
            }
            case "state" -> {
                if ("listening".equals(message.getString("state", ""))) {
                    listening.countDown();
                }
            }
            case "transcript" -> {
                if ("user".equals(message.getString("speaker", "")) && !message.getBoolean("partial", true)) {
                    lastUserFinal = message.getString("text", "");
                }
            }
            case "metrics" -> {
                long response = message.getJsonNumber("responseLatencyMillis").longValue();
                long endpointing = message.getJsonNumber("endpointingMillis").longValue();
                synchronized (serverResponseMillis) {
                    if (response >= 0) {
                        serverResponseMillis.add(response);
                        if (response > slowest.getInt("responseLatencyMillis", -1)) {
                            slowest = message;
                        }
                    }
                    if (endpointing > 1000) {
                        longEndpoints.add(endpointing + " ms after '" + lastUserFinal + "'");
                    }
                }
            }
            case "error", "ended" -> {
                failure = message.toString();
                answer.completeExceptionally(new IllegalStateException("caller " + id + ": " + message));
                connected.countDown();
                listening.countDown();
            }
            default -> {
                // transcripts, pauses and pong: not measured here
            }
        }
    }

    private void closed(int statusCode, String reason) {
        if (failure == null) {
            failure = "signalling closed " + statusCode + " " + reason;
        }
    }
}
