/*
 * Parley voice widget: <script src="https://your-server/parley/parley-widget.js"></script> then
 * <parley-agent token="..."></parley-agent>. No build step, no dependencies.
 * Attributes (each reflected by a property): server (base URL of the Parley WAR; default: where this
 * script came from), token, language (BCP 47, sent to the server), lang (the widget's own texts),
 * theme (light | dark), ice-transport-policy (all | relay), echo-cancellation (on | off; default on),
 * noise-suppression and auto-gain-control (on | off; default on: the browser's microphone processing),
 * text-input (present: a text box sends typed user turns), zone (a label; the server prefers a media
 * server of that zone, see parley.media-server.urls).
 * Events (bubbling, composed), each under two names: parley:state and parley-state, and so on for
 * transcript, metrics, interrupted, agent-paused, agent-resumed, error, ended, recording-notice.
 * A refused call (origin-refused, token-*, server-busy, unsupported-language...) is never retried.
 * The same file is the npm package's entry (types: parley-widget.d.ts, custom-elements.json).
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

  var MAX_TEXT_CHARS = 1000;

  // Every string the widget shows or announces, per language of its `lang` attribute; the page may
  // override any of them through the `labels` property. Keys of errors are the codes of parley:error.
  var LABELS = {
    en: {
      talk: 'Talk', mute: 'Mute', unmute: 'Unmute', hangUp: 'Hang up',
      you: 'You: ', agent: 'Agent: ', captions: 'Conversation captions',
      textBox: 'Type a message to the agent', textPlaceholder: 'Type instead of speaking…', send: 'Send',
      states: {
        idle: 'Ready', connecting: 'Connecting…', listening: 'Listening', thinking: 'Thinking…',
        speaking: 'Speaking', reconnecting: 'Reconnecting…', ended: 'Call ended',
        paused: 'Paused: go ahead', interrupted: 'Interrupted'
      },
      errors: {
        NotAllowedError: 'Microphone access was denied. Allow the microphone for this site in the browser\'s address bar, then press Talk again.',
        SecurityError: 'Microphone access was blocked by the browser\'s security settings.',
        NotFoundError: 'No microphone was found. Connect one and press Talk again.',
        NotReadableError: 'The microphone is in use by another application or could not be opened.',
        OverconstrainedError: 'The microphone does not support the requested settings.',
        AbortError: 'Opening the microphone was interrupted. Press Talk to try again.',
        microphone: 'The microphone could not be opened: {0}',
        'insecure-context': 'The microphone is only available on secure pages (https or localhost).',
        connection: 'Cannot open the connection to {0}: {1}',
        'connection-lost': 'The connection was lost and could not be restored ({0}).',
        autoplay: 'The browser blocked the agent\'s audio; click anywhere on the page to hear it.',
        'unsupported-version': 'The server speaks signalling version {0}, this widget {1}.',
        client: 'The widget could not handle "{0}": {1}',
        'text-too-long': 'A typed message can have at most {0} characters.',
        'origin-refused': 'This page is not allowed to use the voice agent. The site\'s operator has to add its address to the agent\'s allowed origins.',
        'token-required': 'This page did not give the voice agent an access token, so the call cannot start.',
        'token-refused': 'The voice agent did not accept this page\'s access token. Reload the page to try again.',
        'token-expired': 'The access to the voice agent has expired. Reload the page to try again.',
        'server-busy': 'The voice agent is busy with other calls right now. Please try again in a minute.',
        'too-many-sessions': 'Too many calls are open with this page\'s access. Hang up another call and try again.',
        'unsupported-language': 'The voice agent does not speak the language this page asked for.',
        'media-unavailable': 'The voice agent\'s media server cannot be reached. Please try again later.',
        'media-failed': 'The call could not be set up. Please try again.'
      }
    },
    de: {
      talk: 'Sprechen', mute: 'Stumm', unmute: 'Ton an', hangUp: 'Auflegen',
      you: 'Sie: ', agent: 'Agent: ', captions: 'Untertitel des Gesprächs',
      textBox: 'Nachricht an den Agenten tippen', textPlaceholder: 'Tippen statt sprechen…', send: 'Senden',
      states: {
        idle: 'Bereit', connecting: 'Verbinde…', listening: 'Hört zu', thinking: 'Denkt nach…',
        speaking: 'Spricht', reconnecting: 'Verbinde neu…', ended: 'Gespräch beendet',
        paused: 'Pausiert: bitte sprechen', interrupted: 'Unterbrochen'
      },
      errors: {
        NotAllowedError: 'Der Zugriff auf das Mikrofon wurde verweigert. Erlauben Sie das Mikrofon in der Adressleiste und drücken Sie erneut auf Sprechen.',
        SecurityError: 'Die Sicherheitseinstellungen des Browsers blockieren das Mikrofon.',
        NotFoundError: 'Kein Mikrofon gefunden. Schließen Sie eines an und drücken Sie erneut auf Sprechen.',
        NotReadableError: 'Das Mikrofon wird von einer anderen Anwendung benutzt oder lässt sich nicht öffnen.',
        OverconstrainedError: 'Das Mikrofon unterstützt die gewünschten Einstellungen nicht.',
        AbortError: 'Das Öffnen des Mikrofons wurde abgebrochen. Drücken Sie erneut auf Sprechen.',
        microphone: 'Das Mikrofon ließ sich nicht öffnen: {0}',
        'insecure-context': 'Das Mikrofon ist nur auf sicheren Seiten verfügbar (https oder localhost).',
        connection: 'Die Verbindung zu {0} lässt sich nicht öffnen: {1}',
        'connection-lost': 'Die Verbindung ist abgerissen und ließ sich nicht wiederherstellen ({0}).',
        autoplay: 'Der Browser hat den Ton des Agenten blockiert; klicken Sie auf die Seite, um ihn zu hören.',
        'unsupported-version': 'Der Server spricht Signalisierungsversion {0}, dieses Widget {1}.',
        client: 'Das Widget konnte "{0}" nicht verarbeiten: {1}',
        'text-too-long': 'Eine getippte Nachricht darf höchstens {0} Zeichen haben.',
        'origin-refused': 'Diese Seite darf den Sprachagenten nicht benutzen. Der Betreiber muss ihre Adresse freigeben.',
        'token-required': 'Diese Seite hat dem Sprachagenten keinen Zugangsschlüssel gegeben; das Gespräch kann nicht beginnen.',
        'token-refused': 'Der Sprachagent hat den Zugangsschlüssel dieser Seite nicht angenommen. Laden Sie die Seite neu.',
        'token-expired': 'Der Zugang zum Sprachagenten ist abgelaufen. Laden Sie die Seite neu.',
        'server-busy': 'Der Sprachagent führt gerade andere Gespräche. Bitte versuchen Sie es in einer Minute erneut.',
        'too-many-sessions': 'Mit dem Zugang dieser Seite sind zu viele Gespräche offen. Beenden Sie eines und versuchen Sie es erneut.',
        'unsupported-language': 'Der Sprachagent spricht die von dieser Seite verlangte Sprache nicht.',
        'media-unavailable': 'Der Medienserver des Sprachagenten ist nicht erreichbar. Bitte später erneut versuchen.',
        'media-failed': 'Das Gespräch ließ sich nicht aufbauen. Bitte erneut versuchen.'
      }
    }
  };

  // Server errors after which this call cannot go on: shown to the person, fired as parley:error, and
  // never retried by reconnecting (a refused token or origin stays refused). The host page may act:
  // on token-expired, fetch a fresh token, set the token attribute and call start() (docs/widget.md).
  var CALL_ENDING_ERRORS = ['origin-refused', 'token-required', 'token-refused', 'token-expired', 'server-busy',
    'too-many-sessions', 'unsupported-language', 'media-unavailable', 'media-failed'];

  // Attribute name -> property name; every one is reflected both ways.
  var REFLECTED = {
    server: 'server', token: 'token', language: 'language', lang: 'lang', theme: 'theme',
    'ice-transport-policy': 'iceTransportPolicy', 'echo-cancellation': 'echoCancellation', zone: 'zone',
    'noise-suppression': 'noiseSuppression', 'auto-gain-control': 'autoGainControl'
  };

  // The browser's microphone processing each on|off attribute switches (default on).
  var PROCESSING = {
    'echo-cancellation': 'echoCancellation', 'noise-suppression': 'noiseSuppression', 'auto-gain-control': 'autoGainControl'
  };

  function merge(base, over) {
    var out = Object.assign({}, base);
    Object.keys(over || {}).forEach(function (k) {
      out[k] = over[k] && typeof over[k] === 'object' && typeof base[k] === 'object' ? merge(base[k], over[k]) : over[k];
    });
    return out;
  }

  function format(template, args) {
    return String(template).replace(/\{(\d)\}/g, function (_, i) { return args[i] === undefined ? '' : String(args[i]); });
  }

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
    '.who, .announce { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }',
    '.state[data-agent="paused"] .dot { background: #0d9488; }',
    '.state[data-agent="interrupted"] .dot { background: #dc2626; }',
    '.type { display: flex; gap: 8px; margin-top: 10px; }',
    '.type[hidden] { display: none; }',
    '.type input { flex: 1; min-width: 0; font: inherit; padding: 6px 10px; border-radius: 8px; border: 1px solid var(--parley-border, #c8ccd4); background: transparent; color: inherit; }',
    '.error { margin-top: 8px; color: #b91c1c; }',
    '.notice { margin-top: 8px; font-size: .9em; color: var(--parley-muted, #555); }',
    '.notice[hidden] { display: none; }',
    ':host([theme="dark"]) .error { color: #fca5a5; }'
  ].join('\n');

  class ParleyAgent extends HTMLElement {
    static get observedAttributes() { return Object.keys(REFLECTED).concat(['text-input']); }

    constructor() {
      super();
      var root = this.attachShadow({ mode: 'open' });
      // The visible captions are not a live region (partials would be read out over the agent);
      // the hidden .announce region receives final lines only.
      root.innerHTML = '<style>' + STYLE + '</style>' +
        '<div class="box" part="box">' +
        '  <div class="bar">' +
        '    <button type="button" class="primary" data-action="start" part="start"></button>' +
        '    <button type="button" data-action="mute" aria-pressed="false" hidden part="mute"></button>' +
        '    <button type="button" class="danger" data-action="stop" hidden part="stop"></button>' +
        '    <span class="state" data-state="idle" role="status" part="state"><span class="dot" aria-hidden="true"></span><span class="label"></span></span>' +
        '  </div>' +
        '  <div class="notice" role="note" part="notice" hidden></div>' +
        '  <div class="error" role="alert" hidden></div>' +
        '  <div class="captions" role="log" aria-live="off" part="captions"></div>' +
        '  <div class="announce" aria-live="polite" aria-atomic="false"></div>' +
        '  <form class="type" part="text-form" hidden><input type="text" part="text-input" maxlength="' + MAX_TEXT_CHARS + '" autocomplete="off">' +
        '    <button type="submit" part="send" disabled></button></form>' +
        '  <audio autoplay hidden></audio>' +
        '</div>';
      this._startButton = root.querySelector('[data-action="start"]');
      this._muteButton = root.querySelector('[data-action="mute"]');
      this._stopButton = root.querySelector('[data-action="stop"]');
      this._stateEl = root.querySelector('.state');
      this._errorEl = root.querySelector('.error');
      this._noticeEl = root.querySelector('.notice');
      this._captions = root.querySelector('.captions');
      this._announce = root.querySelector('.announce');
      this._textForm = root.querySelector('.type');
      this._textBox = this._textForm.querySelector('input');
      this._sendButton = this._textForm.querySelector('button');
      this._audio = root.querySelector('audio');
      this._startButton.addEventListener('click', () => this.start());
      this._stopButton.addEventListener('click', () => this.stop());
      this._muteButton.addEventListener('click', () => this.setMuted(!this.muted));
      this._textForm.addEventListener('submit', (e) => {
        e.preventDefault();
        if (this.sendText(this._textBox.value)) {
          this._textBox.value = '';
        }
      });
      // Keyboard: Enter/Space work on the buttons natively; Escape hangs up from anywhere inside.
      this.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && this._active) {
          e.preventDefault();
          this.stop();
        }
      });
      this._state = 'idle';
      this._agentSpeech = 'none';
      this._labelOverrides = null;
      this._active = false;
      this._muted = false;
      this._mic = null;
      this._ws = null;
      this._pc = null;
      this._sessionReady = false;
      this._remoteStream = null;
      this._pendingRemoteCandidates = [];
      this._reconnectAttempt = 0;
      this._userLine = null;
      this._lastUserLine = null;
      this._agentLine = null;
      this._relabel();
    }

    connectedCallback() {
      this._relabel(); // a lang inherited from the page is known only now
      // A property set before the element was upgraded shadows the accessor: move it to the attribute.
      Object.keys(REFLECTED).map((a) => REFLECTED[a]).concat(['textInput', 'labels']).forEach((prop) => {
        if (Object.prototype.hasOwnProperty.call(this, prop)) {
          var value = this[prop];
          delete this[prop];
          this[prop] = value;
        }
      });
    }

    disconnectedCallback() {
      // Moving the element (removal then insertion in the same task) keeps the call; only an element
      // that stays out of the document hangs up.
      Promise.resolve().then(() => {
        if (!this.isConnected) {
          this._teardown('page', 'the widget was removed from the page', false);
        }
      });
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue === newValue) {
        return;
      }
      switch (name) {
        case 'lang':
          this._relabel();
          break;
        case 'text-input':
          this._textForm.hidden = newValue === null;
          break;
        case 'echo-cancellation':
        case 'noise-suppression':
        case 'auto-gain-control':
          // Applies to the running call's microphone too; the others (server, token, language,
          // ice-transport-policy) are read when a call starts. One change at a time, each reading the
          // attributes when it runs, so the last one set wins.
          if (this._mic) {
            this._processingChange = (this._processingChange || Promise.resolve())
              .then(() => this._applyProcessing()).catch(() => {});
          }
          break;
        default:
          break; // theme is pure CSS (:host([theme=dark]))
      }
    }

    get server() { return this.getAttribute('server') || ''; }
    set server(v) { this._reflect('server', v); }
    get token() { return this.getAttribute('token') || ''; }
    set token(v) { this._reflect('token', v); }
    get language() { return this.getAttribute('language') || ''; }
    set language(v) { this._reflect('language', v); }
    get lang() { return this.getAttribute('lang') || ''; }
    set lang(v) { this._reflect('lang', v); }
    get theme() { return this.getAttribute('theme') || 'light'; }
    set theme(v) { this._reflect('theme', v); }
    get iceTransportPolicy() { return this.getAttribute('ice-transport-policy') || 'all'; }
    set iceTransportPolicy(v) { this._reflect('ice-transport-policy', v); }
    get echoCancellation() { return this.getAttribute('echo-cancellation') || 'on'; }
    set echoCancellation(v) { this._reflect('echo-cancellation', v); }
    get noiseSuppression() { return this.getAttribute('noise-suppression') || 'on'; }
    set noiseSuppression(v) { this._reflect('noise-suppression', v); }
    get autoGainControl() { return this.getAttribute('auto-gain-control') || 'on'; }
    set autoGainControl(v) { this._reflect('auto-gain-control', v); }
    get zone() { return this.getAttribute('zone') || ''; }
    set zone(v) { this._reflect('zone', v); }
    get textInput() { return this.hasAttribute('text-input'); }
    set textInput(v) { this.toggleAttribute('text-input', !!v); }

    /** Overrides of the built-in texts (same keys as the English set); merged over the `lang` set. */
    get labels() { return this._texts(); }
    set labels(v) {
      this._labelOverrides = v || null;
      this._relabel();
    }

    /** What the agent's speech is doing: none, speaking, paused (the user started talking), interrupted. */
    get agentSpeech() { return this._agentSpeech; }

    _reflect(attribute, value) {
      if (value === null || value === undefined || value === '') {
        this.removeAttribute(attribute);
      } else {
        this.setAttribute(attribute, String(value));
      }
    }

    _texts() {
      var tag = (this.getAttribute('lang') || (this.closest && this.closest('[lang]') && this.closest('[lang]').getAttribute('lang')) || 'en').toLowerCase();
      var base = LABELS[tag] || LABELS[tag.split('-')[0]] || {};
      return merge(merge(LABELS.en, base), this._labelOverrides);
    }

    _text(key, args) {
      var t = this._texts();
      var value = key.indexOf('.') > 0 ? key.split('.').reduce((o, k) => (o ? o[k] : undefined), t) : t[key];
      return value === undefined ? undefined : format(value, args || []);
    }

    _relabel() {
      var t = this._texts();
      this._startButton.textContent = t.talk;
      this._stopButton.textContent = t.hangUp;
      this._muteButton.textContent = this._muted ? t.unmute : t.mute;
      this._captions.setAttribute('aria-label', t.captions);
      this._textBox.setAttribute('aria-label', t.textBox);
      this._textBox.setAttribute('placeholder', t.textPlaceholder);
      this._sendButton.textContent = t.send;
      this._captions.querySelectorAll('.line').forEach((l) => {
        l.querySelector('.who').textContent = l.getAttribute('data-speaker') === 'user' ? t.you : t.agent;
      });
      this._showState();
    }

    get state() { return this._state; }
    get muted() { return this._muted; }
    /** The agent's audio as the page receives it (null before the call is connected). */
    get remoteStream() { return this._remoteStream; }
    /** The microphone as the widget sends it (null outside a call). */
    get localStream() { return this._mic; }
    get serverUrl() { return (this.getAttribute('server') || SCRIPT_BASE).replace(/\/$/, ''); }

    /**
     * Sends a typed message as the user's turn (the agent answers it like a spoken one, and the
     * server echoes it as a final user caption). False when no call is connected or the text is
     * blank or longer than 1000 characters.
     */
    sendText(text) {
      var trimmed = String(text === undefined || text === null ? '' : text).trim();
      if (!trimmed || !this._sessionReady || !this._ws || this._ws.readyState !== WebSocket.OPEN) {
        return false;
      }
      if (trimmed.length > MAX_TEXT_CHARS) {
        this._fail('text-too-long', this._text('errors.text-too-long', [MAX_TEXT_CHARS]));
        return false;
      }
      this._send({ type: 'text', text: trimmed });
      return true;
    }

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
      this._muteButton.textContent = this._muted ? this._text('unmute') : this._text('mute');
    }

    /**
     * The microphone processing the attributes ask for. echo-cancellation="off" only for headsets and
     * for fake microphones in tests: Chromium's canceller also damps near-end speech that overlaps the
     * agent, which a file has no echo of. noise-suppression and auto-gain-control "off" for a quiet
     * room or a headset: measured with synthetic questions through Chromium (docs/benchmarks.md), the
     * gain control clipped the voice and soft word onsets were lost.
     */
    _processing() {
      var wanted = {};
      Object.keys(PROCESSING).forEach((attribute) => { wanted[PROCESSING[attribute]] = this.getAttribute(attribute) !== 'off'; });
      return wanted;
    }

    /**
     * Gives the running call's microphone the processing the attributes now ask for. Chromium keeps a
     * live track's processing whatever applyConstraints asks, so when the track's settings did not
     * follow, the microphone is opened again and its track takes the old one's place in the call
     * (replaceTrack: no new negotiation). If the microphone cannot be opened again, the call ends
     * with the microphone's error.
     */
    async _applyProcessing() {
      var mic = this._mic;
      var track = mic && mic.getAudioTracks()[0];
      if (!track) {
        return;
      }
      var wanted = this._processing();
      var followed = () => {
        var now = track.getSettings();
        return Object.keys(wanted).every((k) => now[k] === undefined || now[k] === wanted[k]);
      };
      if (followed()) {
        return;
      }
      // applyConstraints replaces every constraint the track had, so all of them are given.
      await track.applyConstraints(Object.assign({}, wanted, { channelCount: 1 })).catch(() => {});
      if (followed()) {
        return;
      }
      // Chromium shares one capture, with one processing, among the tracks open on a device: the old
      // track must be closed before the new one can differ (the call sends silence for that moment).
      mic.getTracks().forEach((t) => t.stop());
      var fresh;
      try {
        fresh = await this._openMicrophone();
      } catch (e) {
        // Without a microphone the call cannot go on: say why and hang up.
        this._fail(e.code || 'microphone', e.message);
        this.stop();
        return;
      }
      if (this._mic !== mic) { // the call ended meanwhile
        fresh.getTracks().forEach((t) => t.stop());
        return;
      }
      var freshTrack = fresh.getAudioTracks()[0];
      freshTrack.enabled = !this._muted;
      this._mic = fresh; // a peer connection made from here on takes it
      var sender = this._pc && this._pc.getSenders().find((x) => x.track === track);
      if (sender) {
        await sender.replaceTrack(freshTrack);
      }
    }

    async _openMicrophone() {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        var insecure = new Error(this._text('errors.insecure-context'));
        insecure.code = 'insecure-context';
        throw insecure;
      }
      try {
        return await navigator.mediaDevices.getUserMedia({ audio: Object.assign(this._processing(), { channelCount: 1 }) });
      } catch (e) {
        var err = new Error(this._text('errors.' + e.name) || this._text('errors.microphone', [e.message || e.name]));
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
        this._fail('connection', this._text('errors.connection', [url, e.message]));
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
        this._onMessage(message).catch((err) => this._fail('client', this._text('errors.client', [message.type, err.message])));
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
        case 'state':
          // A new floor state ends any pause/interruption shown; speaking starts a fresh one.
          this._setAgentSpeech(m.state === 'speaking' ? 'speaking' : 'none');
          return this._setState(m.state);
        case 'agent-paused':
          this._setAgentSpeech('paused');
          return this._emit('parley:agent-paused', {});
        case 'agent-resumed':
          this._setAgentSpeech('speaking');
          return this._emit('parley:agent-resumed', {});
        case 'interrupted':
          if (this._agentLine) { this._agentLine.classList.add('cut'); }
          this._agentLine = null;
          this._setAgentSpeech('interrupted');
          return this._emit('parley:interrupted', { heardText: m.heardText });
        case 'metrics':
          var metrics = Object.assign({}, m);
          delete metrics.type;
          return this._emit('parley:metrics', metrics);
        case 'error':
          if (CALL_ENDING_ERRORS.indexOf(m.code) >= 0) {
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
        this._fail('unsupported-version', this._text('errors.unsupported-version', [ready.version, PROTOCOL_VERSION]));
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
          played.catch(() => this._fail('autoplay', this._text('errors.autoplay')));
        }
      };
      pc.onconnectionstatechange = () => {
        if (pc !== this._pc) {
          return;
        }
        if (pc.connectionState === 'connected') {
          this._reconnectAttempt = 0;
          this._listenWhenConnected();
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
      if (this.getAttribute('zone')) {
        start.zone = this.getAttribute('zone');
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
      this._sessionReady = true;
      this._sendButton.disabled = false;
      var held = this._localCandidates || [];
      this._localCandidates = null;
      held.forEach((c) => this._send({ type: 'ice', candidate: c }));
      var queued = this._pendingRemoteCandidates;
      this._pendingRemoteCandidates = [];
      for (var c of queued) {
        await this._addRemoteCandidate(c);
      }
      this._listenWhenConnected();
    }

    /**
     * 'listening' only once the answer is applied and the media path is up: before that the
     * microphone reaches nobody, and a caller who starts talking at 'listening' would lose words
     * (seen under load: ICE and DTLS took a second or more after the answer).
     */
    _listenWhenConnected() {
      if (this._sessionReady && this._pc && this._pc.connectionState === 'connected'
          && (this._state === 'connecting' || this._state === 'reconnecting')) {
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
        if (!this._userLine && m.continued && this._lastUserLine && this._lastUserLine.parentNode === this._captions) {
          // The user went on after a pause: this text is the whole turn again. It takes the turn's
          // earlier caption, and the answer the agent had begun (withdrawn, unheard) goes.
          while (this._lastUserLine.nextSibling) {
            this._captions.removeChild(this._lastUserLine.nextSibling);
          }
          this._userLine = this._lastUserLine;
          this._agentLine = null;
        }
        if (!this._userLine) {
          this._userLine = this._addLine('user');
          this._agentLine = null;
        }
        this._userLine.querySelector('.text').textContent = m.text;
        this._userLine.classList.toggle('partial', !!m.partial);
        if (!m.partial) {
          this._lastUserLine = this._userLine;
          this._userLine = null;
          this._announceLine('user', m.text);
        }
      } else {
        if (!this._agentLine) {
          this._agentLine = this._addLine('agent');
        }
        var text = this._agentLine.querySelector('.text');
        text.textContent = text.textContent ? text.textContent + ' ' + m.text : m.text;
        this._userLine = null;
        this._announceLine('agent', m.text); // agent pieces are final: each is what is being said
      }
      this._emit('parley:transcript', { speaker: m.speaker, partial: !!m.partial, text: m.text, continued: !!m.continued });
    }

    /** Only final text reaches the live region, so a screen reader never reads a half-recognised sentence. */
    _announceLine(speaker, text) {
      var line = document.createElement('div');
      line.textContent = (speaker === 'user' ? this._text('you') : this._text('agent')) + text;
      this._announce.appendChild(line);
      while (this._announce.childNodes.length > 20) {
        this._announce.removeChild(this._announce.firstChild);
      }
    }

    _addLine(speaker) {
      var line = document.createElement('div');
      line.className = 'line ' + speaker;
      line.setAttribute('data-speaker', speaker);
      line.innerHTML = '<span class="who"></span><span class="text"></span>';
      line.querySelector('.who').textContent = speaker === 'user' ? this._text('you') : this._text('agent');
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
      this._fail(code, this._text('errors.' + code), { detail: serverMessage, reconnecting: reconnecting });
      this._teardown(code, serverMessage, true);
    }

    _reconnect(why) {
      this._closeMedia(false);
      if (this._reconnectAttempt >= RECONNECT_DELAYS_MS.length) {
        this._fail('connection-lost', this._text('errors.connection-lost', [why]));
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
      this._sessionReady = false;
      this._sendButton.disabled = true;
      this._setAgentSpeech('none');
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
      this._lastUserLine = null;
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
      this._showState();
      this._emit('parley:state', { state: state });
    }

    _setAgentSpeech(speech) {
      this._agentSpeech = speech;
      this._showState();
    }

    /** The indicator shows the floor state, or the agent's paused/interrupted speech while that lasts. */
    _showState() {
      var shown = this._agentSpeech === 'paused' || this._agentSpeech === 'interrupted' ? this._agentSpeech : this._state;
      this._stateEl.setAttribute('data-state', this._state);
      this._stateEl.setAttribute('data-agent', this._agentSpeech);
      this._stateEl.querySelector('.label').textContent = this._text('states.' + shown) || shown;
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

    /** Fires parley:name and parley-name (the kebab-case one binds in Angular and other templates). */
    _emit(name, detail) {
      this.dispatchEvent(new CustomEvent(name, { detail: detail, bubbles: true, composed: true }));
      this.dispatchEvent(new CustomEvent(name.replace(':', '-'), { detail: detail, bubbles: true, composed: true }));
    }
  }

  customElements.define('parley-agent', ParleyAgent);
})();
