/* coursemark LMS package, part 1 of 4 (launch page only): what the learner has done, in
   the terms the LMS standards report it (status, score, interactions), and progress as
   compact suspend data. Shared by the SCORM and cmi5 bridges as `cm.lmsKit`. */
(function () {
  'use strict';
  var cm = window.cm, store = cm.store, progress = cm.progress, pkg = cm.package, T = cm.texts.t;
  if (!store || !progress || !pkg) return;
  var query = new URLSearchParams(location.search);
  // With a SCO or AU per module, the launch names the module it reports on.
  var only = pkg.perModule ? query.get('module') : null;
  var scope = progress.modules().filter(function (m) { return !only || m.id === only; });
  var started = new Date();

  function notice(msg) {
    var el = document.getElementById('cm-notice');
    if (el && msg) { el.textContent = msg; el.hidden = false; }
  }

  // ---- What the learner has done, as the standards report it ----

  function summary(d) {
    var states = scope.map(function (m) { return progress.moduleState(d, m); });
    var quizzes = scope.filter(function (m) { return m.questions.length; });
    var passed = quizzes.filter(function (m) { return progress.passed(d, m); }).length;
    var complete = states.filter(function (s) { return s.state === 'complete'; }).length;
    var score = !quizzes.length ? null : only
      // One module: its best quiz score; the course: the share of quizzes passed.
      ? (store.peek(d, only).quiz || {}).best || 0
      : Math.round(100 * passed / quizzes.length);
    return {
      completed: scope.length > 0 && complete === scope.length,
      passed: !quizzes.length || passed === quizzes.length,
      hasQuiz: quizzes.length > 0,
      progress: scope.length ? complete / scope.length : 0,
      score: score,
      location: locationOf(d)
    };
  }

  // The page the learner was last on, relative to the package root.
  function locationOf(d) {
    var last = d.last, m = last && scope.filter(function (x) { return x.id === last.module; })[0];
    if (!m) return only && scope[0] ? scope[0].url : '';
    return m.url + (last.section ? '#' + last.section : '');
  }

  // One interaction per question answered in each quiz attempt not reported yet.
  var reported = {};
  function markReported(d) {
    scope.forEach(function (m) { var q = store.peek(d, m.id).quiz; reported[m.id] = q ? q.attempts : 0; });
  }
  function newInteractions(d) {
    var out = [];
    scope.forEach(function (m) {
      var q = store.peek(d, m.id).quiz, keys = pkg.questions[m.id] || {};
      if (!q || q.attempts <= (reported[m.id] || 0)) return;
      reported[m.id] = q.attempts;
      m.questions.forEach(function (question) {
        var a = q.questions[question.id], key = keys[question.id];
        if (!a || !key) return;
        out.push({
          id: pkg.courseIri + ':question:' + m.id + ':' + question.id,
          type: key.type,
          response: Array.isArray(a.answer) ? a.answer : [String(a.answer)],
          correct: key.correct,
          result: a.correct,
          title: question.title,
          time: q.at ? new Date(q.at) : new Date()
        });
      });
    });
    return out;
  }

  // ---- Progress as suspend data: compact, and compressed where the browser can ----
  // Modules by id (they survive a new version of the course); within a module, sections,
  // checklist items and questions by position, with a signature of their ids so that a
  // changed module drops only what no longer matches. Times in seconds, base 36.

  function secs(iso) { var t = Date.parse(iso); return isFinite(t) ? Math.floor(t / 1000).toString(36) : ''; }
  function iso(s) { return s ? new Date(parseInt(s, 36) * 1000).toISOString() : ''; }
  function bits(list, set) {
    var n = 0;
    list.forEach(function (x, i) { if (set[x]) n += Math.pow(2, i); });
    return n.toString(36);
  }
  function unbits(list, s) {
    var n = parseInt(s, 36) || 0, out = {};
    list.forEach(function (x, i) { if (Math.floor(n / Math.pow(2, i)) % 2) out[x] = true; });
    return out;
  }
  function signature(m) {
    var text = m.checklist.join(' ') + '|' + m.questions.map(function (q) { return q.id; }).join(' '), h = 2166136261;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return (h % 1679616).toString(36);
  }

  // `keep` says which texts to include: 2 notes and evidence, 1 evidence only, 0 none.
  function encode(d, keep) {
    var mods = {};
    scope.forEach(function (m) {
      var r = d.modules[m.id];
      if (!r) return;
      var e = [bits(m.sections, r.read), bits(m.checklist, r.tasks), secs(r.at), signature(m), 0, keep > 1 ? r.notes : null];
      var q = r.quiz;
      if (q) e[4] = [q.attempts, q.best, q.last, secs(q.passedAt), secs(q.at), m.questions.map(function (x) {
        var a = q.questions[x.id];
        if (!a) return 0;
        return (a.correct ? '1' : '0') + (Array.isArray(a.answer) ? a.answer.join(',') : '~' + a.answer);
      })];
      mods[m.id] = e;
    });
    var whole = !only;
    var out = [1, mods];
    if (whole) {
      var ev = {};
      if (keep > 0) Object.keys(d.evidence).forEach(function (l) { var x = d.evidence[l]; ev[l] = [x.fields, x.confirmed ? 1 : 0, secs(x.at)]; });
      out.push(d.learner.name, d.last ? [d.last.module, d.last.section, secs(d.last.at)] : 0, keep > 0 ? ev : null);
    }
    return JSON.stringify(out);
  }

  // Puts what `text` holds into `d` (the learner's current document); texts left out of
  // the LMS's copy keep the ones this browser has.
  function decode(text, d) {
    var x = JSON.parse(text);
    if (!Array.isArray(x) || x[0] !== 1 || !x[1] || typeof x[1] !== 'object') throw new Error('not coursemark progress');
    scope.forEach(function (m) {
      var e = x[1][m.id], old = d.modules[m.id] || { notes: '' };
      if (!Array.isArray(e)) { delete d.modules[m.id]; return; }
      var same = e[3] === signature(m);
      var r = { read: unbits(m.sections, e[0]), tasks: same ? unbits(m.checklist, e[1]) : {}, notes: typeof e[5] === 'string' ? e[5] : old.notes || '', at: iso(e[2]) };
      if (Array.isArray(e[4])) {
        var q = e[4], qs = {};
        if (same) m.questions.forEach(function (question, i) {
          var a = q[5] && q[5][i];
          if (typeof a !== 'string') return;
          var body = a.slice(1);
          qs[question.id] = { answer: body.charAt(0) === '~' ? body.slice(1) : body ? body.split(',') : [], correct: a.charAt(0) === '1' };
        });
        r.quiz = { attempts: q[0] || 0, best: q[1], last: q[2], passedAt: iso(q[3]), at: iso(q[4]), questions: qs };
      }
      d.modules[m.id] = r;
    });
    if (!only) {
      d.learner.name = typeof x[2] === 'string' ? x[2] : '';
      d.last = Array.isArray(x[3]) ? { module: String(x[3][0]), section: String(x[3][1] || ''), at: iso(x[3][2]) } : null;
      if (x[4] && typeof x[4] === 'object') {
        d.evidence = {};
        Object.keys(x[4]).forEach(function (l) { var v = x[4][l]; d.evidence[l] = { fields: v[0] || {}, confirmed: v[1] === 1, at: iso(v[2]) }; });
      }
    }
    return d;
  }

  function toBase64(buf) {
    var bytes = new Uint8Array(buf), s = '';
    for (var i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }
  function squeeze(text) {
    var stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (b) { return 'Z' + toBase64(b); });
  }
  function unsqueeze(data) {
    var bytes = Uint8Array.from(atob(data), function (c) { return c.charCodeAt(0); });
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
  }
  // The suspend data read from the LMS, as the JSON text `decode` takes.
  function unpack(data) {
    if (data.charAt(0) === 'J') return Promise.resolve(data.slice(1));
    if (data.charAt(0) === 'Z' && window.DecompressionStream) return unsqueeze(data.slice(1));
    return Promise.reject(new Error('unknown suspend data'));
  }

  // Writes the learner's progress through `put` within `limit` characters: as it is when
  // it fits, else compressed; texts that still do not fit stay in this browser only.
  var packing = 0, toldTooLarge = false;
  function pack(d, limit, put) {
    var job = ++packing, full = 'J' + encode(d, 2);
    if (full.length <= limit) return put(full);
    // Until the compressed copy is ready, the LMS gets all it can hold now.
    var lean = 'J' + encode(d, 0);
    if (lean.length <= limit) put(lean);
    if (!window.CompressionStream) return tooLarge(full.length > limit);
    var body = encode(d, 2), mid = encode(d, 1);
    squeeze(body).then(function (z) {
      if (job !== packing) return null;
      if (z.length <= limit) { put(z); return null; }
      return squeeze(mid).then(function (z1) {
        if (job !== packing) return;
        if (z1.length <= limit) put(z1);
        tooLarge(true);
      });
    }).catch(function () { tooLarge(true); });
  }
  function tooLarge(yes) {
    if (!yes || toldTooLarge) return;
    toldTooLarge = true;
    notice(T('lms_too_large'));
  }

  // ---- Time in the standards' formats ----

  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
  function elapsed() { return Math.max(0, (Date.now() - started.getTime()) / 1000); }
  // SCORM 1.2 CMITimespan, HHHH:MM:SS.SS.
  function timespan12(s) {
    var h = Math.min(9999, Math.floor(s / 3600)), m = Math.floor(s % 3600 / 60), sec = s % 60;
    return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(sec.toFixed(2), 5);
  }
  // ISO 8601 duration, as SCORM 2004 and xAPI take it.
  function duration(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = Math.round(s % 60 * 100) / 100;
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + sec + 'S';
  }
  function clock12(date) { return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2); }
  // SCORM 2004 time(second,10,0): a zone only after a fraction of at most two digits.
  function stamp2004(date) { return date.toISOString().replace(/(\.\d\d)\d*Z$/, '$1Z'); }

  cm.lmsKit = {
    query: query, only: only, scope: scope, notice: notice,
    summary: summary, locationOf: locationOf, markReported: markReported, newInteractions: newInteractions,
    decode: decode, unpack: unpack, pack: pack,
    elapsed: elapsed, duration: duration, timespan12: timespan12, clock12: clock12, stamp2004: stamp2004
  };
})();
