package dev.parley.kms.support;

import dev.parley.kms.media.ElementMedia;
import dev.parley.kms.media.IceEventSink;
import dev.parley.kms.media.IceSettings;
import dev.parley.kms.media.MediaEngine;
import dev.parley.kms.media.MediaEventSink;
import dev.parley.kms.media.MediaException;
import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.media.RtpMedia;
import dev.parley.kms.media.RtpOptions;
import dev.parley.kms.media.RtpStreamStats;
import dev.parley.kms.media.WebRtcMedia;
import dev.parley.kms.media.WebRtcOptions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only engine that moves no media: it answers SDP with the offer's audio m-lines, reports
 * one loopback candidate on gathering, and records what the protocol layer asked of it. It lets
 * protocol tests run without GStreamer; it never ships in the server jar.
 */
public final class NoMediaEngine implements MediaEngine {
    /** Calls the protocol layer made, e.g. "link A B", "ice E stun.example.org", "close E". */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final Map<String, MediaEventSink> sinks = new ConcurrentHashMap<>();
    public final AtomicInteger openElements = new AtomicInteger();
    public final AtomicInteger openPipelines = new AtomicInteger();

    @Override
    public PipelineMedia createPipeline(String pipelineId) {
        openPipelines.incrementAndGet();
        return new Pipeline();
    }

    @Override
    public void close() {
        calls.add("engine closed");
    }

    private final class Pipeline implements PipelineMedia {
        private boolean closed;

        @Override
        public WebRtcMedia createWebRtcEndpoint(String elementId, WebRtcOptions options, IceEventSink events) {
            return new Element(elementId, events);
        }

        @Override
        public RtpMedia createRtpEndpoint(String elementId, RtpOptions options, MediaEventSink events) {
            return new Element(elementId, events);
        }

        @Override
        public ElementMedia createPassThrough(String elementId, MediaEventSink events) {
            return new Element(elementId, events);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                openPipelines.decrementAndGet();
            }
        }
    }

    private final class Element implements WebRtcMedia, RtpMedia {
        private final String id;
        private final MediaEventSink events;
        private boolean closed;

        Element(String id, MediaEventSink events) {
            this.id = id;
            this.events = events;
            sinks.put(id, events);
            openElements.incrementAndGet();
        }

        @Override
        public void linkAudio(ElementMedia sink) {
            calls.add("link " + id + " " + ((Element) sink).id);
        }

        @Override
        public void unlinkAudio(ElementMedia sink) {
            calls.add("unlink " + id + " " + ((Element) sink).id);
        }

        @Override
        public String processOffer(String offer) {
            if (!offer.contains("m=")) {
                throw new MediaException(40201, "SDP_PARSE_ERROR", "Error parsing SDP: no media");
            }
            StringBuilder answer = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Kurento Media Server\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
            for (String line : offer.split("\r?\n")) {
                if (line.startsWith("m=audio")) {
                    String[] parts = line.split(" ");
                    answer.append("m=audio 40000 ").append(parts[2]).append(' ').append(parts[3]).append("\r\n");
                } else if (line.startsWith("m=")) {
                    String[] parts = line.split(" ");
                    answer.append(parts[0]).append(" 0 ").append(parts[2]).append(' ').append(parts[3]).append("\r\n");
                }
            }
            return answer.toString();
        }

        @Override
        public String generateOffer(boolean offerAudio, boolean offerVideo) {
            StringBuilder offer = new StringBuilder("v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=Kurento Media Server\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
            if (offerAudio) {
                offer.append("m=audio 40002 RTP/AVPF 96 0\r\na=rtpmap:96 opus/48000/2\r\na=sendrecv\r\n");
            }
            if (offerVideo) {
                offer.append("m=video 40004 RTP/AVPF 97\r\na=rtpmap:97 VP8/90000\r\na=sendrecv\r\n");
            }
            return offer.toString();
        }

        @Override
        public String processAnswer(String answer) {
            calls.add("answer " + id);
            return null;
        }

        @Override
        public List<RtpStreamStats> rtpStats() {
            calls.add("stats " + id);
            return List.of();
        }

        @Override
        public void applyIceSettings(IceSettings settings) {
            calls.add("ice " + id + " " + settings);
        }

        @Override
        public void gatherCandidates() {
            IceEventSink ice = (IceEventSink) events; // only WebRTC endpoints gather, and they get an IceEventSink
            ice.iceCandidateFound("candidate:1 1 UDP 2013266431 127.0.0.1 40000 typ host", "0", 0);
            ice.iceGatheringDone();
        }

        @Override
        public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
            calls.add("candidate " + id + " " + sdpMLineIndex);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                openElements.decrementAndGet();
                calls.add("close " + id);
            }
        }
    }
}
