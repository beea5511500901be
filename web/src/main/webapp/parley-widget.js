/*
 * Parley voice widget: <script src="https://your-server/parley/parley-widget.js"></script> then
 * <parley-agent token="..."></parley-agent>. No build step, no dependencies.
 * Attributes: server (base URL of the Parley WAR; default: where this script came from), token,
 * language (BCP 47, e.g. en-US), theme (light | dark), ice-transport-policy (all | relay),
 * echo-cancellation (on | off; default on).
 * Events (bubbling, composed): parley:transcript, parley:state, parley:metrics, parley:error, parley:ended,
 * parley:interrupted. A refused call (origin-refused, token-required, token-refused, token-expired,
 * server-busy, unsupported-language...) is never retried by reconnecting.
 * Protocol: docs/signalling.md. Guide: docs/widget.md.
 */
(function () {
  'use strict';

  if (customElements.get('parley-agent')) {
    return; // the script was included twice
  }

  var PROTOCOL_VERSION = 1;
  var RECONNECT_DELAYS_MS = [500, 1500, 4000];
  // The script's own URL tells the widget where its server is when no server attribute is given.
  var SCRIPT_BASE = (function () {
    var src = document.currentScript && document.currentScript.src;
    return src ? src.replace(/\/[^/]*$/, '') : location.origin + '/parley';
  })();

  var MIC_ERRORS = {
    NotAllowedError: 'Microphone access was denied. Allow the microphone for this site in the browser\'s address bar, then press Talk again.',
    SecurityError: 'Microphone access was blocked by the browser\'s security settings.',
    NotFoundError: 'No microphone was found. Connect one and press Talk again.',
    NotReadableError: 'The microphone is in use by another application or could not be opened.',
    OverconstrainedError: 'The microphone does not support the requested settings.',
    AbortError: 'Opening the microphone was interrupted. Press Talk to try again.'
  };

  // Server errors after which this call cannot go on: shown to the person, fired as parley:error, and
  // never retried by reconnecting (a refused token or origin stays refused). The host page may act:
  // on token-expired, fetch a fresh token, set the token attribute and call start() (docs/widget.md).
  var CALL_ENDING_ERRORS = {
    'origin-refused': 'This page is not allowed to use the voice agent. The site\'s operator has to add its address to the agent\'s allowed origins.',
    'token-required': 'This page did not give the voice agent an access token, so the call cannot start.',
    'token-refused': 'The voice agent did not accept this page\'s access token. Reload the page to try again.',
    'token-expired': 'The access to the voice agent has expired. Reload the page to try again.',
    'server-busy': 'The voice agent is busy with other calls right now. Please try again in a minute.',
    'too-many-sessions': 'Too many calls are open with this page\'s access. Hang up another call and try again.',
    'unsupported-language': 'The voice agent does not speak the language this page asked for.',
    'media-unavailable': 'The voice agent\'s media server cannot be reached. Please try again later.',
    'media-failed': 'The call could not be set up. Please try again.'
  };

  var STATE_LABELS = {
    idle: 'Ready', connecting: 'Connecting…', listening: 'Listening', thinking: 'Thinking…',
    speaking: 'Speaking', reconnecting: 'Reconnecting…', ended: 'Call ended'
  };

  var STYLE = [
    ':host { display: block; font: 15px/1.45 system-ui, sans-serif; max-width: 32rem; }',
    '.box { border: 1px solid var(--parley-border, #c8ccd4); border-radius: 12px; padding: 12px; background: var(--parley-bg, #fff); color: var(--parley-fg, #1c1e21); }',
    ':host([theme="dark"]) .box { --parley-bg: #1e2128; --parley-fg: #eceff4; --parley-border: #3b4252; --parley-muted: #a3acbf; --parley-user: #2e3440; --parley-agent: #24405c; }',
    '.bar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }',
    'button { font: inherit; padding: 6px 14px; border-radius: 8px; border: 1px solid var(--parley-border, #c8ccd4); background: transparent; color: inherit; cursor: pointer; }',
    'button.primary { background: #2563eb; border-color: #2563eb; color: #fff; }',
    'button.danger { background: #c62828; border-color: #c62828; color: #fff; }',
    'button[aria-pressed="true"] { background: #f59e0b; border-color: #f59e0b; color: #000; }',
    'button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }',
    'button[hidden] { display: none; }',
    '.state { margin-left: auto; display: flex; align-items: center; gap: 6px; color: var(--parley-muted, #555); }',
    '.dot { width: 10px; height: 10px; border-radius: 50%; background: #9ca3af; }',
    '.state[data-state="listening"] .dot { background: #16a34a; }',
    '.state[data-state="thinking"] .dot { background: #f59e0b; }',
    '.state[data-state="speaking"] .dot { background: #2563eb; }',
    '.state[data-state="reconnecting"] .dot, .state[data-state="connecting"] .dot { background: #a855f7; }',
    '.captions { margin-top: 10px; max-height: 16rem; overflow-y: auto; display: flex; flex-direction: column; gap: 6px; }',
    '.line { padding: 6px 10px; border-radius: 10px; max-width: 85%; }',
    '.line.user { align-self: flex-end; background: var(--parley-user, #eef2f7); }',
    '.line.agent { align-self: flex-start; background: var(--parley-agent, #e0ecff); }',
    '.line.partial { opacity: .65; font-style: italic; }',
    '.line.cut::after { content: " …"; }',
    '.who { position: absolute; left: -10000px; }',
    '.error { margin-top: 8px; color: #b91c1c; }',
    '.notice { margin-top: 8px; font-size: .9em; color: var(--parley-muted, #555); }',
    '.notice[hidden] { display: none; }',
    ':host([theme="dark"]) .error { color: #fca5a5; }'
  ].join('\n');

  class ParleyAgent extends HTMLElement {
    static get observedAttributes() { return ['theme']; }

    constructor() {
      super();
      var root = this.attachShadow({ mode: 'open' });
      root.innerHTML = '<style>' + STYLE + '</style>' +
        '<div class="box" part="box">' +
        '  <div class="bar">' +
        '    <button type="button" class="primary" data-action="start" part="start">Talk</button>' +
        '    <button type="button" data-action="mute" aria-pressed="false" hidden part="mute">Mute</button>' +
        '    <button type="button" class="danger" data-action="stop" hidden part="stop">Hang up</button>' +
        '    <span class="state" data-state="idle" role="status" part="state"><span class="dot" aria-hidden="true"></span><span class="label">Ready</span></span>' +
        '  </div>' +
        '  <div class="notice" role="note" part="notice" hidden></div>' +
        '  <div class="error" role="alert" hidden></div>' +
        '  <div class="captions" role="log" aria-live="polite" aria-label="Conversation captions" part="captions"></div>' +
        '  <audio autoplay hidden></audio>' +
        '</div>';
      this._startButton = root.querySelector('[data-action="start"]');
      this._muteButton = root.querySelector('[data-action="mute"]');
      this._stopButton = root.querySelector('[data-action="stop"]');
      this._stateEl = root.querySelector('.state');
      this._errorEl = root.querySelector('.error');
      this._noticeEl = root.querySelector('.notice');
      this._captions = root.querySelector('.captions');
      this._audio = root.querySelector('audio');
      this._startButton.addEventListener('click', () => this.start());
      this._stopButton.addEventListener('click', () => this.stop());
      this._muteButton.addEventListener('click', () => this.setMuted(!this.muted));
      // Keyboard: Enter/Space work on the buttons natively; Escape hangs up from anywhere inside.
      this.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && this._active) {
          e.preventDefault();
          this.stop();
        }
      });
      this._state = 'idle';
      this._active = false;
      this._muted = false;
      this._mic = null;
      this._ws = null;
      this._pc = null;
      this._remoteStream = null;
      this._pendingRemoteCandidates = [];
      this._reconnectAttempt = 0;
      this._userLine = null;
      this._agentLine = null;
    }

    disconnectedCallback() {
      this._teardown('page', 'the widget was removed from the page', false);
    }

    get state() { return this._state; }
    get muted() { return this._muted; }
    /** The agent's audio as the page receives it (null before the call is connected). */
    get remoteStream() { return this._remoteStream; }
    /** The microphone as the widget sends it (null outside a call). */
    get localStream() { return this._mic; }
    get serverUrl() { return (this.getAttribute('server') || SCRIPT_BASE).replace(/\/$/, ''); }

    /** Starts a call: microphone, signalling socket, WebRTC. Resolves once the offer is sent. */
    async start() {
      if (this._active) {
        return;
      }
      this._clearError();
      this._active = true;
      this._userStopped = false;
      this._reconnectAttempt = 0;
      this._setState('connecting');
      this._showCallButtons(true);
      try {
        this._mic = await this._openMicrophone();
      } catch (e) {
        this._active = false;
        this._showCallButtons(false);
        this._setState('idle');
        this._fail(e.code || 'microphone', e.message);
        return;
      }
      this._connect();
    }

    /** Hangs up. */
    stop() {
      if (!this._active) {
        return;
      }
      this._userStopped = true;
      if (this._ws && this._ws.readyState === WebSocket.OPEN) {
        this._send({ type: 'stop', reason: 'user hung up' });
        // The server answers with ended; the teardown happens there (or on close).
        this._endTimer = setTimeout(() => this._teardown('hang-up', 'hung up', true), 2000);
      } else {
        this._teardown('hang-up', 'hung up', true);
      }
    }

    setMuted(muted) {
      this._muted = !!muted;
      if (this._mic) {
        this._mic.getAudioTracks().forEach((t) => { t.enabled = !this._muted; });
      }
      this._muteButton.setAttribute('aria-pressed', String(this._muted));
      this._muteButton.textContent = this._muted ? 'Unmute' : 'Mute';
    }

    async _openMicrophone() {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        var insecure = new Error('The microphone is only available on secure pages (https or localhost).');
        insecure.code = 'insecure-context';
        throw insecure;
      }
      try {
        return await navigator.mediaDevices.getUserMedia({
          audio: {
            // echo-cancellation="off" only for headsets and for fake microphones in tests: Chromium's
            // canceller also damps near-end speech that overlaps the agent, which a file has no echo of.
            echoCancellation: this.getAttribute('echo-cancellation') !== 'off',
            noiseSuppression: true, autoGainControl: true, channelCount: 1
          }
        });
      } catch (e) {
        var err = new Error(MIC_ERRORS[e.name] || ('The microphone could not be opened: ' + (e.message || e.name)));
        err.code = e.name === 'NotAllowedError' ? 'microphone-denied' : 'microphone';
        throw err;
      }
    }

    _connect() {
      var url = this.serverUrl.replace(/^http/, 'ws') + '/ws/session';
      var token = this.getAttribute('token');
      if (token) {
        url += '?token=' + encodeURIComponent(token);
      }
      var ws;
      try {
        ws = new WebSocket(url);
      } catch (e) {
        this._fail('connection', 'Cannot open the connection to ' + url + ': ' + e.message);
        this._teardown('error', e.message, true);
        return;
      }
      this._ws = ws;
      ws.onopen = () => this._send({ type: 'hello', version: PROTOCOL_VERSION });
      ws.onmessage = (e) => {
        var message;
        try {
          message = JSON.parse(e.data);
        } catch (err) {
          return; // the server only sends JSON; ignore anything else
        }
        this._onMessage(message).catch((err) => this._fail('client', 'The widget could not handle "' + message.type + '": ' + err.message));
      };
      ws.onclose = () => {
        if (this._ws !== ws) {
          return;
        }
        this._ws = null;
        if (this._active && !this._userStopped) {
          this._reconnect('the connection to the server closed');
        } else if (this._active) {
          this._teardown('hang-up', 'hung up', true);
        }
      };
    }

    async _onMessage(m) {
      switch (m.type) {
        case 'ready': return this._negotiate(m);
        case 'answer': return this._onAnswer(m);
        case 'ice': return this._onRemoteCandidate(m.candidate);
        case 'transcript': return this._onTranscript(m);
        case 'state': return this._setState(m.state);
        case 'interrupted':
          if (this._agentLine) { this._agentLine.classList.add('cut'); }
          this._agentLine = null;
          return this._emit('parley:interrupted', { heardText: m.heardText });
        case 'metrics':
          var metrics = Object.assign({}, m);
          delete metrics.type;
          return this._emit('parley:metrics', metrics);
        case 'error':
          if (CALL_ENDING_ERRORS[m.code]) {
            return this._refused(m.code, m.message);
          }
          return this._fail(m.code, m.message);
        case 'ended':
          return this._teardown(m.reason, m.detail, true);
        default:
          return undefined; // newer servers may send more; older widgets ignore it
      }
    }

    async _negotiate(ready) {
      if (ready.version !== PROTOCOL_VERSION) {
        this._fail('unsupported-version', 'The server speaks signalling version ' + ready.version + ', this widget ' + PROTOCOL_VERSION + '.');
      }
      this._showRecordingNotice(ready.recordingNotice);
      var config = { iceServers: ready.iceServers || [] };
      var policy = this.getAttribute('ice-transport-policy');
      if (policy === 'relay' || policy === 'all') {
        config.iceTransportPolicy = policy;
      }
      var pc = new RTCPeerConnection(config);
      this._pc = pc;
      this._pendingRemoteCandidates = [];
      this._mic.getAudioTracks().forEach((track) => pc.addTrack(track, this._mic));
      // The server takes candidates once the session exists (after its answer): hold them until then.
      this._localCandidates = [];
      pc.onicecandidate = (e) => {
        if (!e.candidate) {
          return;
        }
        if (this._localCandidates) {
          this._localCandidates.push(e.candidate.toJSON());
        } else {
          this._send({ type: 'ice', candidate: e.candidate.toJSON() });
        }
      };
      pc.ontrack = (e) => {
        this._remoteStream = e.streams[0] || new MediaStream([e.track]);
        this._audio.srcObject = this._remoteStream;
        var played = this._audio.play();
        if (played && played.catch) {
          played.catch(() => this._fail('autoplay', 'The browser blocked the agent\'s audio; click anywhere on the page to hear it.'));
        }
      };
      pc.onconnectionstatechange = () => {
        if (pc !== this._pc) {
          return;
        }
        if (pc.connectionState === 'connected') {
          this._reconnectAttempt = 0;
        } else if (pc.connectionState === 'failed' && this._active) {
          this._reconnect('the media connection failed');
        }
      };
      var offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      var start = { type: 'start', version: PROTOCOL_VERSION, sdpOffer: offer.sdp };
      if (this.getAttribute('language')) {
        start.language = this.getAttribute('language');
      }
      this._send(start);
    }

    /**
     * The server records the call: the caller reads why before saying anything (the notice comes
     * with ready, before the offer). It stays shown after the call, as the record of what was said.
     */
    _showRecordingNotice(text) {
      if (typeof text !== 'string' || !text) {
        return;
      }
      this._noticeEl.textContent = text;
      this._noticeEl.hidden = false;
      this._emit('parley:recording-notice', { text: text });
    }

    /** The server's recording notice when the call is recorded, else null. */
    get recordingNotice() { return this._noticeEl.hidden ? null : this._noticeEl.textContent; }

    async _onAnswer(m) {
      if (!this._pc) {
        return;
      }
      this.sessionId = m.sessionId;
      await this._pc.setRemoteDescription({ type: 'answer', sdp: m.sdpAnswer });
      var held = this._localCandidates || [];
      this._localCandidates = null;
      held.forEach((c) => this._send({ type: 'ice', candidate: c }));
      var queued = this._pendingRemoteCandidates;
      this._pendingRemoteCandidates = [];
      for (var c of queued) {
        await this._addRemoteCandidate(c);
      }
      if (this._state === 'connecting' || this._state === 'reconnecting') {
        this._setState('listening');
      }
    }

    async _onRemoteCandidate(candidate) {
      if (!this._pc || !candidate) {
        return;
      }
      if (!this._pc.remoteDescription) {
        this._pendingRemoteCandidates.push(candidate);
        return;
      }
      await this._addRemoteCandidate(candidate);
    }

    async _addRemoteCandidate(candidate) {
      try {
        await this._pc.addIceCandidate(candidate);
      } catch (e) {
        // One bad candidate does not end the call; the others may connect.
      }
    }

    _onTranscript(m) {
      if (m.speaker === 'user') {
        if (!this._userLine) {
          this._userLine = this._addLine('user');
          this._agentLine = null;
        }
        this._userLine.querySelector('.text').textContent = m.text;
        this._userLine.classList.toggle('partial', !!m.partial);
        if (!m.partial) {
          this._userLine = null;
        }
      } else {
        if (!this._agentLine) {
          this._agentLine = this._addLine('agent');
        }
        var text = this._agentLine.querySelector('.text');
        text.textContent = text.textContent ? text.textContent + ' ' + m.text : m.text;
        this._userLine = null;
      }
      this._emit('parley:transcript', { speaker: m.speaker, partial: !!m.partial, text: m.text });
    }

    _addLine(speaker) {
      var line = document.createElement('div');
      line.className = 'line ' + speaker;
      line.setAttribute('data-speaker', speaker);
      line.innerHTML = '<span class="who"></span><span class="text"></span>';
      line.querySelector('.who').textContent = speaker === 'user' ? 'You: ' : 'Agent: ';
      this._captions.appendChild(line);
      this._captions.scrollTop = this._captions.scrollHeight;
      return line;
    }

    /** The captions as plain text, one "speaker: text" line each (for host pages and tests). */
    get captions() {
      return Array.prototype.map.call(this._captions.querySelectorAll('.line'), (l) =>
        ({ speaker: l.getAttribute('data-speaker'), text: l.querySelector('.text').textContent, partial: l.classList.contains('partial') }));
    }

    /** The server refused the call: say why, end it, and do not reconnect. */
    _refused(code, serverMessage) {
      var reconnecting = this._state === 'reconnecting' || this._reconnectAttempt > 0;
      this._fail(code, CALL_ENDING_ERRORS[code], { detail: serverMessage, reconnecting: reconnecting });
      this._teardown(code, serverMessage, true);
    }

    _reconnect(why) {
      this._closeMedia(false);
      if (this._reconnectAttempt >= RECONNECT_DELAYS_MS.length) {
        this._fail('connection-lost', 'The connection was lost and could not be restored (' + why + ').');
        this._teardown('connection-lost', why, true);
        return;
      }
      var delay = RECONNECT_DELAYS_MS[this._reconnectAttempt++];
      this._setState('reconnecting');
      clearTimeout(this._reconnectTimer);
      this._reconnectTimer = setTimeout(() => {
        if (this._active) {
          this._connect();
        }
      }, delay);
    }

    _closeMedia(closeMic) {
      if (this._pc) {
        this._pc.close();
        this._pc = null;
      }
      var ws = this._ws;
      this._ws = null;
      if (ws && ws.readyState <= WebSocket.OPEN) {
        ws.close(1000, 'client done');
      }
      if (closeMic && this._mic) {
        this._mic.getTracks().forEach((t) => t.stop());
        this._mic = null;
      }
      this._remoteStream = null;
      this._audio.srcObject = null;
    }

    _teardown(reason, detail, notify) {
      clearTimeout(this._endTimer);
      clearTimeout(this._reconnectTimer);
      var wasActive = this._active;
      this._active = false;
      this._closeMedia(true);
      this._showCallButtons(false);
      this.setMuted(false);
      this._userLine = null;
      this._agentLine = null;
      if (wasActive && notify) {
        this._setState('ended');
        this._emit('parley:ended', { reason: reason, detail: detail });
      }
    }

    _setState(state) {
      if (state === this._state) {
        return;
      }
      this._state = state;
      this._stateEl.setAttribute('data-state', state);
      this._stateEl.querySelector('.label').textContent = STATE_LABELS[state] || state;
      this._emit('parley:state', { state: state });
    }

    _showCallButtons(inCall) {
      this._startButton.hidden = inCall;
      this._muteButton.hidden = !inCall;
      this._stopButton.hidden = !inCall;
      (inCall ? this._stopButton : this._startButton).focus({ preventScroll: true });
    }

    _fail(code, message, extra) {
      this._errorEl.hidden = false;
      this._errorEl.textContent = message;
      this._emit('parley:error', Object.assign({ code: code, message: message }, extra || {}));
    }

    _clearError() {
      this._errorEl.hidden = true;
      this._errorEl.textContent = '';
    }

    _send(message) {
      if (this._ws && this._ws.readyState === WebSocket.OPEN) {
        this._ws.send(JSON.stringify(message));
      }
    }

    _emit(name, detail) {
      this.dispatchEvent(new CustomEvent(name, { detail: detail, bubbles: true, composed: true }));
    }
  }

  customElements.define('parley-agent', ParleyAgent);
})();
