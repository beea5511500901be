'use strict';
// Drives a Kurento server with the official JavaScript client (npm kurento-client) and prints
// one JSON line per step, for KurentoJsClientIT to judge. Usage: node kurento-client-check.js WS_URL RTP_OFFER
// Callbacks, not promises: the client binds a no-op callback, so its promises hide server errors.
const kurento = require('kurento-client');

const [url, rtpOffer] = process.argv.slice(2);
const began = Date.now();
const report = (step, fields) => console.log(JSON.stringify(Object.assign({ step, ms: Date.now() - began }, fields)));
const call = (target, method, ...args) => new Promise((resolve, reject) =>
  target[method](...args, (error, value) => (error ? reject(error) : resolve(value))));
const event = (element, type) => new Promise((resolve) => element.once(type, resolve));
const timeout = setTimeout(() => { report('timeout', {}); process.exit(3); }, 20000);

async function main() {
  // Default options: strict module check (core, elements, filters) on connect.
  const client = await new Promise((resolve, reject) =>
    kurento(url, (error, c) => (error ? reject(error) : resolve(c))));
  report('connected', {});
  const manager = await call(client, 'getServerManager');
  const info = await call(manager, 'getInfo');
  report('info', { modules: info.modules.map((m) => m.name) });

  const pipeline = await call(client, 'create', 'MediaPipeline');
  report('pipeline', { id: pipeline.id });
  const webRtc = await call(pipeline, 'create', 'WebRtcEndpoint');
  const rtp = await call(pipeline, 'create', 'RtpEndpoint');
  report('elements', { webRtc: webRtc.id, rtp: rtp.id });

  const connected = event(webRtc, 'ElementConnected');
  const started = event(rtp, 'MediaSessionStarted');
  await call(webRtc, 'connect', rtp);
  const connectedEvent = await connected;
  report('connectedEvent', { source: connectedEvent.source.id || connectedEvent.source,
    sink: connectedEvent.sink.id || connectedEvent.sink, mediaType: connectedEvent.mediaType });

  const answer = await call(rtp, 'processOffer', rtpOffer);
  report('answer', { hasAudio: answer.includes('m=audio') });
  await started;
  report('mediaSessionStarted', {});

  const sinks = await call(webRtc, 'getSinkConnections');
  report('sinks', { count: sinks.length });

  // A server error reaches the callback with KMS's code: no local SDP before any negotiation.
  let refused;
  try {
    await call(webRtc, 'getLocalSessionDescriptor');
  } catch (error) {
    refused = error;
  }
  report('serverError', { code: refused && refused.code });

  await call(pipeline, 'release');
  report('released', {});
  client.close();
  clearTimeout(timeout);
  // The client's reconnecting socket keeps Node alive for a while after close().
  setTimeout(() => process.exit(0), 200);
}

main().catch((error) => {
  report('error', { message: String(error && error.message), code: error && error.code });
  process.exit(2);
});
