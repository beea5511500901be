package dev.parley.kms.testing;

/**
 * The page {@link BrowserPeer} loads: a WebRTC audio peer driven from Java through
 * {@code Runtime.evaluate}. It publishes the fake microphone, trickles candidates into a list
 * Java drains, and measures what it hears with a WebAudio analyser.
 */
final class BrowserPage {
    private BrowserPage() {
    }

    static final String HTML = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>parley browser peer</title></head>
            <body>
            <audio id="remote" autoplay muted></audio>
            <script>
            let pc = null;
            let analyser = null;
            let audioContext = null;
            const localCandidates = [];
            let gatheringComplete = false;

            async function createPeer() {
              const stream = await navigator.mediaDevices.getUserMedia({audio: {
                echoCancellation: false, noiseSuppression: false, autoGainControl: false}});
              pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
              pc.onicecandidate = e => {
                if (e.candidate && e.candidate.candidate) {
                  localCandidates.push({candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid,
                                        sdpMLineIndex: e.candidate.sdpMLineIndex});
                } else if (!e.candidate) {
                  gatheringComplete = true;
                }
              };
              pc.ontrack = e => listen(e.streams[0] || new MediaStream([e.track]));
              return stream;
            }

            async function startOffer(withVideo) {
              const stream = await createPeer();
              stream.getTracks().forEach(t => pc.addTrack(t, stream));
              if (withVideo) {
                pc.addTransceiver('video', {direction: 'recvonly'});
              }
              const offer = await pc.createOffer();
              await pc.setLocalDescription(offer);
              return pc.localDescription.sdp;
            }

            async function answerOffer(sdp) {
              const stream = await createPeer();
              await pc.setRemoteDescription({type: 'offer', sdp: sdp});
              const audio = pc.getTransceivers().find(t => t.receiver.track.kind === 'audio');
              await audio.sender.replaceTrack(stream.getAudioTracks()[0]);
              audio.direction = 'sendrecv';
              const answer = await pc.createAnswer();
              await pc.setLocalDescription(answer);
              return pc.localDescription.sdp;
            }

            async function acceptAnswer(sdp) {
              await pc.setRemoteDescription({type: 'answer', sdp: sdp});
              return pc.signalingState;
            }

            async function addCandidate(json) {
              await pc.addIceCandidate(JSON.parse(json));
              return 'ok';
            }

            function takeCandidates() {
              const out = localCandidates.splice(0, localCandidates.length);
              return JSON.stringify(out);
            }

            function listen(stream) {
              // Chromium plays remote WebRTC audio into WebAudio only while a media element also consumes it.
              const element = document.getElementById('remote');
              element.srcObject = stream;
              element.play().catch(() => {});
              audioContext = new AudioContext();
              const source = audioContext.createMediaStreamSource(stream);
              analyser = audioContext.createAnalyser();
              analyser.fftSize = 8192;
              analyser.smoothingTimeConstant = 0;
              source.connect(analyser);
            }

            /** {hz, db}: the loudest frequency between 100 Hz and 4 kHz right now, or hz 0 when nothing plays. */
            function dominantFrequency() {
              if (!analyser) {
                return JSON.stringify({hz: 0, db: -1000, state: pc ? pc.connectionState : 'none'});
              }
              const bins = new Float32Array(analyser.frequencyBinCount);
              analyser.getFloatFrequencyData(bins);
              const binHz = audioContext.sampleRate / analyser.fftSize;
              let best = -1;
              let bestDb = -Infinity;
              for (let i = Math.floor(100 / binHz); i < Math.min(bins.length, 4000 / binHz); i++) {
                if (bins[i] > bestDb) {
                  bestDb = bins[i];
                  best = i;
                }
              }
              // Silence reads -Infinity dB, which JSON cannot carry.
              return JSON.stringify({hz: best * binHz, db: Number.isFinite(bestDb) ? bestDb : -1000,
                                     state: pc.connectionState});
            }

            async function inboundAudioStats() {
              const stats = await pc.getStats();
              let out = {};
              stats.forEach(s => {
                if (s.type === 'inbound-rtp' && s.kind === 'audio') {
                  out = {packetsReceived: s.packetsReceived, packetsLost: s.packetsLost,
                         jitterBufferDelay: s.jitterBufferDelay, jitterBufferEmittedCount: s.jitterBufferEmittedCount};
                }
              });
              return JSON.stringify(out);
            }

            function close() {
              if (pc) { pc.close(); }
              if (audioContext) { audioContext.close(); }
              return 'closed';
            }
            </script>
            </body></html>
            """;
}
