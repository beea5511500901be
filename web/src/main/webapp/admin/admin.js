/*
 * Parley admin console: static page over the admin REST API (docs/rest-api.md), same HTTP Basic
 * login. The credentials live in this tab's memory only (never in storage); every request sends
 * them, so the console can do exactly what the user may do with curl and nothing more.
 */
(function () {
  'use strict';

  var API = new URL('../api/v1/', location.href).href;
  var REFRESH_MS = 3000;
  var auth = null;
  var selected = null;
  var refreshTimer = null;
  var recordingUrl = null;

  var $ = function (id) { return document.getElementById(id); };

  function request(method, path, body) {
    var init = { method: method, headers: { Authorization: auth, Accept: 'application/json' }, credentials: 'omit' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then(function (r) {
      if (r.status === 401) {
        logout('Your login was refused or has lapsed; log in again.');
        throw new Error('not logged in');
      }
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (p) {
          throw new Error(p.detail || ('HTTP ' + r.status));
        });
      }
      return r.status === 204 || r.status === 202 ? null : (path.endsWith('/recording') ? r.blob() : r.json());
    });
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value === null || value === undefined ? '' : String(value);
    if (cls) { el.className = cls; }
    return el;
  }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : ''; }

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target;
    auth = 'Basic ' + btoa(unescape(encodeURIComponent(form.user.value + ':' + form.password.value)));
    form.password.value = '';
    $('login-error').textContent = '';
    request('GET', 'sessions?size=50').then(function (list) {
      $('login').hidden = true;
      $('console').hidden = false;
      $('logout').hidden = false;
      showSessions(list);
      refreshTimer = setInterval(refreshSessions, REFRESH_MS);
      $('sessions').querySelector('tbody tr') && $('sessions').querySelector('tbody tr').focus();
    }).catch(function (err) {
      if (auth) { $('login-error').textContent = err.message; }
      auth = null;
    });
  });

  $('logout').addEventListener('click', function () { logout(''); });

  function logout(message) {
    auth = null;
    selected = null;
    clearInterval(refreshTimer);
    $('console').hidden = true;
    $('logout').hidden = true;
    $('detail').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message;
    $('login').user.focus();
  }

  function refreshSessions() {
    request('GET', 'sessions?size=50').then(showSessions).catch(function () {});
  }

  function showSessions(list) {
    var body = $('sessions').querySelector('tbody');
    var rows = list.sessions.map(function (s) {
      var tr = document.createElement('tr');
      tr.tabIndex = 0;
      tr.dataset.id = s.id;
      tr.setAttribute('aria-selected', String(s.id === selected));
      tr.appendChild(text('td', s.id.slice(0, 12)));
      tr.appendChild(text('td', s.state, s.state === 'live' ? 'live' : ''));
      tr.appendChild(text('td', when(s.startedAt)));
      tr.appendChild(text('td', s.endCause || ''));
      tr.addEventListener('click', function () { open(s.id); });
      tr.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(s.id); } });
      return tr;
    });
    body.replaceChildren.apply(body, rows);
    $('refreshed').textContent = 'Last: ' + new Date().toLocaleTimeString() + ', ' + list.total + ' sessions.';
    if (selected && list.sessions.some(function (s) { return s.id === selected && s.state === 'live'; })) {
      loadTranscript(selected);
    }
  }

  function open(id) {
    selected = id;
    document.querySelectorAll('#sessions tbody tr').forEach(function (tr) { tr.setAttribute('aria-selected', String(tr.dataset.id === id)); });
    $('action-status').textContent = '';
    request('GET', 'sessions/' + encodeURIComponent(id)).then(function (s) {
      $('detail').hidden = false;
      $('detail').dataset.startedAt = s.startedAt;
      $('detail').dataset.live = String(s.live);
      var facts = $('facts');
      facts.replaceChildren();
      [['Id', s.id], ['State', s.state + (s.live ? ' (running)' : '')], ['Started', when(s.startedAt)], ['Ended', when(s.endedAt)],
       ['End', (s.endCause || '') + (s.endDetail ? ': ' + s.endDetail : '')], ['Client', s.client ? s.client.address + ' ' + (s.client.origin || '') : ''],
       ['Instance', s.instance || ''], ['Media server', s.mediaServer || ''],
       ['Turns', s.turnCount], ['Response median', s.latency && s.latency.responseMedianMillis !== null ? s.latency.responseMedianMillis + ' ms' : ''],
       ['Caller network', browserLeg(s)], ['Caller audio', callerAudio(s)],
       ['Agent audio', s.audio ? s.audio.agentPacketsSent + ' packets sent' : '']
      ].forEach(function (f) { facts.appendChild(text('dt', f[0])); facts.appendChild(text('dd', f[1])); });
      $('terminate').disabled = !s.live;
      $('say').querySelector('button').disabled = !s.live;
      $('delete').disabled = s.live;
      loadTranscript(id);
      loadMetrics(id);
      loadRecording(id, s.recorded);
      $('detail-title').focus && $('detail-title').setAttribute('tabindex', '-1');
    }).catch(function (err) { $('action-status').textContent = err.message; });
  }

  /** The caller's network as the media server measured it (browser → media server); nothing while the call runs or when unmeasured. */
  function browserLeg(s) {
    if (!s.audio) { return s.live ? 'measured when the call ends' : ''; }
    var b = s.audio.browserLeg;
    if (!b) { return 'not measured'; }
    return b.packetsReceived + ' packets received, ' + b.packetsLost + ' lost (' + b.lossPercent.toFixed(1) + ' %), jitter '
      + b.jitterMillis.toFixed(1) + ' ms' + (b.roundTripMillis === null || b.roundTripMillis === undefined ? '' : ', round trip ' + b.roundTripMillis.toFixed(1) + ' ms');
  }

  /** The caller's stream as the server received it; nothing while the call runs or when it never had media. */
  function callerAudio(s) {
    if (!s.audio) { return s.live ? 'counted when the call ends' : ''; }
    var a = s.audio;
    return a.callerPacketsReceived + ' packets received, ' + a.callerPacketsLost + ' lost (' + a.callerLossPercent.toFixed(1)
      + ' %), ' + a.callerPacketsLate + ' late, ' + a.callerPacketsConcealed + ' concealed'
      + (a.callerMaxJitterMillis === null || a.callerMaxJitterMillis === undefined ? '' : ', jitter up to ' + a.callerMaxJitterMillis.toFixed(1) + ' ms');
  }

  function loadTranscript(id) {
    request('GET', 'sessions/' + encodeURIComponent(id) + '/transcript').then(function (t) {
      if (id !== selected) { return; }
      var started = Date.parse($('detail').dataset.startedAt);
      var items = t.turns.map(function (turn) {
        var li = document.createElement('li');
        li.tabIndex = 0;
        var at = turn.userSpokeAt || turn.agentStartedAt;
        var offset = at ? Math.max(0, (Date.parse(at) - started) / 1000) : 0;
        li.dataset.offset = String(offset);
        if (turn.userText) { li.appendChild(text('div', 'User: ' + turn.userText, 'user')); }
        if (turn.agentText) { li.appendChild(text('div', 'Agent: ' + (turn.interrupted ? (turn.heardText || '') : turn.agentText), 'agent' + (turn.interrupted ? ' cut' : ''))); }
        li.setAttribute('aria-label', 'Turn ' + turn.turn + ' at ' + offset.toFixed(1) + ' s: ' + li.textContent);
        var seek = function () {
          var player = $('player');
          player.currentTime = offset;
          var played = player.play();
          if (played && played.catch) { played.catch(function () {}); }
        };
        li.addEventListener('click', seek);
        li.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); seek(); } });
        return li;
      });
      $('turns').replaceChildren.apply($('turns'), items);
    }).catch(function () {});
  }

  var STAGES = [
    { key: 'endpointing', label: 'Endpointing', color: '#9ca3af' },
    { key: 'stt', label: 'STT final', color: '#16a34a' },
    { key: 'llm', label: 'LLM first token', color: '#f59e0b' },
    { key: 'tts', label: 'TTS first audio', color: '#2563eb' },
    { key: 'out', label: 'First packet out', color: '#a855f7' }
  ];

  /**
   * Each stage's own time (TurnMetrics: endpointing and sttFinish from the end of the user's speech to
   * the final transcript, then first token, then first TTS audio); the rest of the response latency
   * is the time until the first packet went out.
   */
  function stages(m) {
    var pos = function (v) { return v > 0 ? v : 0; };
    var sttFinal = m.sttFinalLatencyMillis > 0 ? m.sttFinalLatencyMillis : pos(m.endpointingMillis) + pos(m.sttFinishLatencyMillis);
    var endpointing = Math.min(pos(m.endpointingMillis), sttFinal);
    return { endpointing: endpointing, stt: pos(sttFinal - endpointing), llm: pos(m.firstTokenLatencyMillis),
      tts: pos(m.firstTtsAudioLatencyMillis),
      out: pos(pos(m.responseLatencyMillis) - sttFinal - pos(m.firstTokenLatencyMillis) - pos(m.firstTtsAudioLatencyMillis)) };
  }

  function loadMetrics(id) {
    request('GET', 'sessions/' + encodeURIComponent(id) + '/metrics').then(function (m) {
      if (id !== selected) { return; }
      drawLatency(m.turns);
    }).catch(function () {});
  }

  function drawLatency(turns) {
    var ns = 'http://www.w3.org/2000/svg';
    var rowH = 22, left = 56, width = 520, top = 24;
    var data = turns.map(function (t) { return { turn: t.turn, s: stages(t), concealed: t.userFramesConcealed }; });
    var max = Math.max.apply(null, [1].concat(data.map(function (d) { return STAGES.reduce(function (a, st) { return a + d.s[st.key]; }, 0); })));
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + (left + width + 70) + ' ' + (top + rowH * Math.max(1, data.length) + 10));
    svg.setAttribute('width', '100%');
    svg.setAttribute('aria-hidden', 'true');
    STAGES.forEach(function (st, i) {
      var r = document.createElementNS(ns, 'rect');
      r.setAttribute('x', String(left + i * 104)); r.setAttribute('y', '4'); r.setAttribute('width', '10'); r.setAttribute('height', '10');
      r.setAttribute('fill', st.color);
      svg.appendChild(r);
      var l = document.createElementNS(ns, 'text');
      l.setAttribute('x', String(left + i * 104 + 14)); l.setAttribute('y', '13'); l.textContent = st.label;
      svg.appendChild(l);
    });
    data.forEach(function (d, row) {
      var y = top + row * rowH;
      var label = document.createElementNS(ns, 'text');
      label.setAttribute('x', '4'); label.setAttribute('y', String(y + 14)); label.textContent = 'turn ' + d.turn;
      svg.appendChild(label);
      var x = left, total = 0;
      STAGES.forEach(function (st) {
        var w = d.s[st.key] / max * width;
        total += d.s[st.key];
        if (w <= 0) { return; }
        var bar = document.createElementNS(ns, 'rect');
        bar.setAttribute('x', String(x)); bar.setAttribute('y', String(y)); bar.setAttribute('width', String(w)); bar.setAttribute('height', String(rowH - 6));
        bar.setAttribute('fill', st.color);
        bar.setAttribute('data-stage', st.key);
        var title = document.createElementNS(ns, 'title');
        title.textContent = st.label + ': ' + d.s[st.key] + ' ms';
        bar.appendChild(title);
        svg.appendChild(bar);
        x += w;
      });
      var sum = document.createElementNS(ns, 'text');
      sum.setAttribute('x', String(x + 4)); sum.setAttribute('y', String(y + 14)); sum.textContent = total + ' ms';
      svg.appendChild(sum);
    });
    $('latency').replaceChildren(svg);
    // The same numbers as a table for screen readers.
    var table = $('latency-table');
    table.replaceChildren();
    var head = document.createElement('tr');
    head.appendChild(text('th', 'Turn'));
    STAGES.forEach(function (st) { head.appendChild(text('th', st.label + ' (ms)')); });
    head.appendChild(text('th', 'User audio concealed (20 ms frames)'));
    table.appendChild(head);
    data.forEach(function (d) {
      var tr = document.createElement('tr');
      tr.appendChild(text('td', d.turn));
      STAGES.forEach(function (st) { tr.appendChild(text('td', d.s[st.key])); });
      tr.appendChild(text('td', d.concealed === null || d.concealed === undefined ? 'not recorded' : d.concealed));
      table.appendChild(tr);
    });
  }

  function loadRecording(id, recorded) {
    var player = $('player');
    if (recordingUrl) { URL.revokeObjectURL(recordingUrl); recordingUrl = null; }
    player.removeAttribute('src');
    $('recording-note').textContent = recorded ? 'Loading the recording…' : 'This session was not recorded.';
    if (!recorded) { return; }
    // An <audio src> cannot send the Authorization header: fetch it, then play it from memory.
    request('GET', 'sessions/' + encodeURIComponent(id) + '/recording').then(function (blob) {
      if (id !== selected) { return; }
      recordingUrl = URL.createObjectURL(blob);
      player.src = recordingUrl;
      $('recording-note').textContent = '';
    }).catch(function (err) { $('recording-note').textContent = err.message; });
  }

  function act(promise, done) {
    $('action-status').textContent = 'Working…';
    promise.then(function () {
      $('action-status').textContent = done;
      refreshSessions();
      if (selected) { setTimeout(function () { if (selected) { open(selected); } }, 500); }
    }).catch(function (err) { $('action-status').textContent = err.message; });
  }

  $('terminate').addEventListener('click', function () {
    act(request('POST', 'sessions/' + encodeURIComponent(selected) + '/terminate', { reason: 'ended from the admin console' }), 'The session is ending.');
  });
  $('say').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = e.target.text;
    act(request('POST', 'sessions/' + encodeURIComponent(selected) + '/say', { text: input.value }), 'The agent will say it.');
    input.value = '';
  });
  $('delete').addEventListener('click', function () {
    if (!confirm('Delete this session, its transcript and its recording?')) { return; }
    var id = selected;
    request('DELETE', 'sessions/' + encodeURIComponent(id)).then(function () {
      selected = null;
      $('detail').hidden = true;
      refreshSessions();
    }).catch(function (err) { $('action-status').textContent = err.message; });
  });
})();
