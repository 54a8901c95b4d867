/* coursemark store: the only script that touches localStorage.
   One key per course, `coursemark:<course id>`, holding a versioned JSON document, and
   beside it the learner's light/dark choice. Loaded in the head, before the style sheet,
   so the chosen colour scheme is on the page before its first paint. */
(function () {
  'use strict';
  // The document and the window, by names the served script shortens.
  var dom = document, win = window;
  var VERSION = 2;
  var doc = dom.documentElement;
  var id = doc.dataset.course || 'course';
  // A trainer's tries never count as their learner progress.
  var KEY = 'coursemark:' + id + (doc.dataset.edition === 'trainer' ? ':trainer' : '');
  var NOTICE = KEY + ':notice'; // the backup to tell of, until restored or dismissed
  var memory = null; // used when storage is unavailable
  var listeners = [];
  var warned = {};
  // The texts come with site.js, which runs after this script when it is in the head.
  function T(key, vars) { return win.cm.texts.t(key, vars); }

  function ls() {
    try { return win.localStorage; } catch (e) { return null; }
  }

  // `actions`: [label, onclick] pairs, as buttons.
  function notice(msg, kind, actions) {
    var el = dom.getElementById('cm-notice');
    if (!el) return;
    el.textContent = msg;
    (actions || []).forEach(function (a) {
      var b = dom.createElement('button');
      b.type = 'button'; b.textContent = a[0]; b.onclick = a[1];
      el.append(' ', b);
    });
    el.className = 'notice' + (kind ? ' notice-' + kind : '');
    el.hidden = false;
  }

  // A warning by the key of its text (with `vars`) and `actions` by the keys of their
  // labels, told once. The texts of these notices come in store-texts.js, loaded with
  // the first, since most learners never see one; notices wait for it and for site.js.
  var told;
  function warnOnce(what, key, vars, actions) {
    if (warned[what]) return;
    warned[what] = true;
    told = told || new Promise(function (done) {
      var s = dom.createElement('script');
      s.src = (doc.dataset.root || '') + 'store-texts.js';
      s.onload = s.onerror = done;
      dom.head.appendChild(s);
    });
    told.then(function () {
      function show() {
        notice(T(key, vars), 'warn', (actions || []).map(function (a) { return [T(a[0]), a[1]]; }));
      }
      if (win.cm.texts) show(); else dom.addEventListener('DOMContentLoaded', show);
    });
  }

  // Unreadable progress kept aside is told of on every page until restored or dismissed.
  function corruptNotice() {
    var s = ls(), b, kept = null;
    try { b = s.getItem(NOTICE); kept = s.getItem(b); } catch (e) { return; }
    if (!b) return;
    var acts = [['js_store_dismiss', function () {
      try { s.removeItem(NOTICE); } catch (e) { /* told again next page */ }
      dom.getElementById('cm-notice').hidden = true;
    }]];
    if (kept !== null) acts.unshift(['js_store_restore', function () {
      try { s.setItem(KEY, kept); s.removeItem(NOTICE); } catch (e) { return; }
      location.reload();
    }]);
    warnOnce('corrupt', 'js_store_corrupt', { key: b }, acts);
  }

  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function obj(v) { return isObj(v) ? v : {}; }
  function str(v) { return typeof v === 'string' ? v : ''; }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }

  function fresh() {
    return { version: VERSION, course: id, learner: { name: '' }, last: null, modules: {}, evidence: {}, credentials: {} };
  }

  // A module the learner has not started: the one shape of an empty module record.
  function emptyModule() {
    return { read: {}, tasks: {}, notes: '', at: '' };
  }

  // Migrations from older schema versions: MIGRATE[n] turns version n into n + 1.
  // Version 0 is a document written before versions existed.
  var MIGRATE = {
    0: function (d) { d.version = 1; return d; },
    1: function (d) { d.version = 2; return d; }
  };

  // Coerce every field to its expected type, so odd data never breaks a page.
  function normalize(d) {
    var out = fresh();
    out.learner.name = str(obj(d.learner).name);
    var last = obj(d.last);
    if (typeof last.module === 'string') out.last = { module: last.module, section: str(last.section), at: str(last.at) };
    var mods = obj(d.modules);
    Object.keys(mods).forEach(function (m) {
      var r = obj(mods[m]), q = obj(r.quiz), qs = obj(q.questions), rec = emptyModule();
      rec.notes = str(r.notes);
      Object.keys(obj(r.read)).forEach(function (s) { if (r.read[s] === true) rec.read[s] = true; });
      Object.keys(obj(r.tasks)).forEach(function (t) { if (r.tasks[t] === true) rec.tasks[t] = true; });
      if (isObj(r.quiz)) {
        rec.quiz = { attempts: num(q.attempts) || 0, best: num(q.best), last: num(q.last), passedAt: str(q.passedAt), at: str(q.at), questions: {}, history: q.history };
        Object.keys(qs).forEach(function (k) {
          var a = obj(qs[k]);
          var ans = Array.isArray(a.answer) ? a.answer.filter(function (x) { return typeof x === 'string'; }) : str(a.answer);
          rec.quiz.questions[k] = { answer: ans, correct: a.correct === true };
        });
      }
      rec.at = str(r.at);
      out.modules[m] = rec;
    });
    var ev = obj(d.evidence);
    Object.keys(ev).forEach(function (l) {
      var e = obj(ev[l]), f = obj(e.fields), fields = {};
      Object.keys(f).forEach(function (k) { fields[k] = str(f[k]); });
      out.evidence[l] = { fields: fields, confirmed: e.confirmed === true, at: str(e.at) };
    });
    out.credentials = obj(d.credentials); // checked where shown
    return out;
  }

  // Parse a stored or imported document. Returns {data} or {error}.
  function parse(text) {
    var d;
    try { d = JSON.parse(text); } catch (e) { return { error: T('bad_json') }; }
    if (!isObj(d)) return { error: T('bad_doc') };
    var v = d.version === undefined ? 0 : d.version;
    if (typeof v !== 'number' || v !== Math.floor(v) || v < 0) return { error: T('bad_version') };
    if (v > VERSION) return { error: T('newer', { v: v }), newer: true };
    if (d.course !== undefined && d.course !== id) return { error: T('other_course', { other: String(d.course), course: id }) };
    if (d.modules !== undefined && !isObj(d.modules)) return { error: T('bad_field', { field: 'modules' }) };
    if (d.evidence !== undefined && !isObj(d.evidence)) return { error: T('bad_field', { field: 'evidence' }) };
    while (v < VERSION) {
      if (!MIGRATE[v]) return { error: T('bad_version') };
      d = MIGRATE[v](d); v = d.version;
    }
    return { data: normalize(d) };
  }

  function readRaw() {
    var s = ls();
    if (!s) return memory;
    try { return s.getItem(KEY); } catch (e) { return memory; }
  }

  // Read the current document, fresh from storage on every call.
  function read() {
    var raw = readRaw();
    if (raw === null || raw === undefined) return fresh();
    var r = parse(raw);
    if (r.data) return r.data;
    if (r.newer) { warnOnce('newer', 'js_store_newer'); return fresh(); } // not damage: left as it is
    // Keep the unreadable value aside, tell the learner, start afresh.
    var backup = KEY + ':backup-' + Date.now();
    var s = ls();
    try {
      s.setItem(backup, raw);
      s.setItem(KEY, JSON.stringify(fresh()));
      s.setItem(NOTICE, backup);
      corruptNotice();
    } catch (e) {
      warnOnce('corrupt', 'js_store_corrupt_kept');
    }
    return fresh();
  }

  function write(d) {
    var stored = readRaw();
    if (stored && parse(stored).newer) { warnOnce('newer', 'js_store_newer'); return false; }
    d.version = VERSION;
    d.course = id;
    var text = JSON.stringify(d);
    var s = ls();
    if (!s) {
      memory = text;
      warnOnce('write', 'js_store_disabled');
      return false;
    }
    try {
      s.setItem(KEY, text);
      return true;
    } catch (e) {
      memory = text;
      warnOnce('write', 'js_store_full', { error: e && e.name || 'error' });
      return false;
    }
  }

  // Apply a change to freshly read data and save it, so two tabs never overwrite each other.
  function update(change) {
    var d = read();
    change(d);
    return write(d);
  }

  // A module's record, added to `d` when it has none yet (to change it in an update).
  function mod(d, m) {
    if (!d.modules[m]) d.modules[m] = emptyModule();
    return d.modules[m];
  }

  // A module's record for reading: an empty one when the learner has not started it.
  function peek(d, m) {
    return d.modules[m] || emptyModule();
  }

  win.addEventListener('storage', function (e) {
    if (e.key !== null && e.key !== KEY) return;
    var d = read();
    listeners.forEach(function (f) { try { f(d); } catch (err) { /* one view failing must not stop the others */ } });
  });

  // The learner's choices beside their progress, under KEY + ':' + name: no progress,
  // so never exported or reset. `value` '' forgets one; none reads it.
  function choice(name, value) {
    var s = ls(), k = KEY + ':' + name;
    try {
      if (value === undefined) return s.getItem(k) || '';
      if (value) s.setItem(k, value); else s.removeItem(k);
    } catch (e) { /* this page only */ }
    return value;
  }

  // The learner's colour scheme: 'light', 'dark' or '' (the system's), on <html> as
  // data-scheme, where the style sheet reads it.
  function scheme(value) {
    value = choice('scheme', value);
    if (value === 'light' || value === 'dark') doc.dataset.scheme = value;
    else doc.removeAttribute('data-scheme');
    return doc.dataset.scheme || '';
  }
  scheme();

  win.cm = win.cm || {};
  win.cm.store = {
    key: KEY,
    version: VERSION,
    courseId: id,
    root: doc.dataset.root || '',
    read: read,
    update: update,
    write: write,
    fresh: fresh,
    parse: parse,
    module: mod,
    peek: peek,
    notice: notice,
    scheme: scheme,
    choice: choice,
    onChange: function (f) { listeners.push(f); },
    now: function () { return new Date().toISOString(); }
  };

  // Told once the texts are there: at once when this script runs late (a package's
  // launch page), else when the page is parsed.
  function boot() {
    // Room below the page's end for the notice showing over the foot of the screen (its
    // height and gap; nothing when hidden), so it never hides what the learner needs.
    var box = dom.getElementById('cm-notice');
    if (box && win.ResizeObserver) new ResizeObserver(function () {
      doc.style.setProperty('--notice', (box.offsetHeight && box.offsetHeight + 16) + 'px');
    }).observe(box);
    if (!ls()) warnOnce('write', 'js_store_disabled');
    corruptNotice();
  }
  if (win.cm.texts) boot(); else dom.addEventListener('DOMContentLoaded', boot);
})();
