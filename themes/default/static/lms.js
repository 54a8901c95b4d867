/* coursemark LMS bridge, for the launch page of a SCORM 1.2, SCORM 2004 or cmi5 package
   (lms.html) only. It finds the LMS, restores the learner's progress from it into the
   store, shows the course in a frame and, while the learner works in the frame, reports
   status, score, interactions, location and time. The LMS is the source of truth; the
   store (localStorage) is the working copy the pages share. Without an LMS the course
   works as the normal site. */
(function () {
  'use strict';
  var cm = window.cm, store = cm.store, progress = cm.progress, pkg = cm.package, T = cm.texts.t;
  var frame = document.getElementById('cm-course');
  if (!store || !progress || !pkg || !frame) return;
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

  // ---- SCORM: the run-time API in a parent or opener window ----

  // The search the SCORM run-time environment books describe: up the parents, then the
  // opener and its parents; frames of another origin are skipped.
  function findApi(name) {
    function climb(win) {
      for (var hops = 0; win && hops < 500; hops++) {
        try { if (win[name]) return win[name]; } catch (e) { /* another origin */ }
        if (!win.parent || win.parent === win) break;
        win = win.parent;
      }
      return null;
    }
    var api = climb(window);
    try { if (!api && window.opener) api = climb(window.opener); } catch (e) { api = null; }
    return api;
  }

  function scorm(v2004) {
    var api = findApi(v2004 ? 'API_1484_11' : 'API');
    if (!api) return null;
    var fn = v2004
      ? { init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit', error: 'GetLastError', text: 'GetErrorString' }
      : { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', error: 'LMSGetLastError', text: 'LMSGetErrorString' };
    var el = v2004
      ? { status: null, location: 'cmi.location', suspend: 'cmi.suspend_data', exit: 'cmi.exit', time: 'cmi.session_time', score: 'cmi.score', entry: 'cmi.entry' }
      : { status: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data', exit: 'cmi.core.exit', time: 'cmi.core.session_time', score: 'cmi.core.score', entry: 'cmi.core.entry' };
    var errors = 0, live = false, thrown = null;

    // Every call is guarded: an LMS that throws or fails is noted, never fatal.
    function call(name, args) {
      try { return api[fn[name]].apply(api, args || []); } catch (e) { thrown = e; return 'false'; }
    }
    function failed(what) {
      var code = thrown ? 'exception' : String(call('error')), text = thrown ? String(thrown.message || thrown) : '';
      thrown = null;
      if (code === '0') return;
      errors++;
      if (errors > 1) return;
      if (!text) try { text = String(api[fn.text](code)); } catch (e) { text = ''; }
      notice(T('lms_error', { code: code, error: text || what }));
    }
    function set(element, value) {
      if (!live) return;
      if (String(call('set', [element, String(value)])) !== 'true') failed(element);
    }
    function commit() {
      if (live && String(call('commit', [''])) !== 'true') failed('commit');
    }
    function get(element) {
      var v = call('get', [element]);
      if (String(call('error')) !== '0') return '';
      return v === null || v === undefined ? '' : String(v);
    }

    return {
      name: v2004 ? 'SCORM 2004' : 'SCORM 1.2',
      start: function () {
        if (String(call('init', [''])) !== 'true') {
          failed('initialize');
          return Promise.reject(new Error('the LMS did not initialize'));
        }
        live = true;
        var entry = get(el.entry);
        return Promise.resolve({ suspend: entry === 'ab-initio' ? '' : get(el.suspend), location: get(el.location) });
      },
      report: function (d, s, interactions) {
        if (v2004) {
          set('cmi.completion_status', s.completed ? 'completed' : 'incomplete');
          // A quiz can always be taken again: not passed yet is unknown, never failed.
          set('cmi.success_status', s.passed && s.hasQuiz ? 'passed' : 'unknown');
          set('cmi.progress_measure', s.progress.toFixed(4).replace(/\.?0+$/, '') || '0');
        } else {
          set(el.status, s.completed ? (s.hasQuiz ? 'passed' : 'completed') : 'incomplete');
        }
        if (s.score !== null) {
          set(el.score + '.min', '0');
          set(el.score + '.max', '100');
          set(el.score + '.raw', String(s.score));
          if (v2004) set('cmi.score.scaled', String(s.score / 100));
        }
        if (s.location) set(el.location, s.location.slice(0, v2004 ? 1000 : 255));
        interactions.forEach(function (i) {
          var n = get('cmi.interactions._count') || '0', p = 'cmi.interactions.' + n + '.';
          if (v2004) {
            var list = function (xs) { return xs.join('[,]'); };
            set(p + 'id', i.id.slice(0, 4000));
            set(p + 'type', i.type);
            set(p + 'timestamp', stamp2004(i.time));
            set(p + 'description', i.title.slice(0, 250));
            // fill-in: each accepted answer a pattern; case and spacing do not matter.
            (i.type === 'choice' ? [list(i.correct)] : i.correct.slice(0, 5).map(function (a) { return '{case_matters=false}' + a.replace(/\[[,.]\]/g, ' ').slice(0, 250); }))
              .forEach(function (pattern, k) { set(p + 'correct_responses.' + k + '.pattern', pattern); });
            set(p + 'learner_response', i.type === 'choice' ? list(i.response) : i.response[0].replace(/\[[,.]\]/g, ' ').slice(0, 250));
            set(p + 'result', i.result ? 'correct' : 'incorrect');
          } else {
            // CMIIdentifier: printable ASCII without spaces, at most 255.
            set(p + 'id', i.id.replace(/[^\x21-\x7e]/g, '_').slice(0, 255));
            set(p + 'type', i.type);
            set(p + 'time', clock12(i.time));
            (i.type === 'choice' ? [i.correct.join(',')] : i.correct.map(function (a) { return a.slice(0, 255); }))
              .forEach(function (pattern, k) { set(p + 'correct_responses.' + k + '.pattern', pattern); });
            set(p + 'student_response', i.type === 'choice' ? i.response.join(',') : i.response[0].slice(0, 255));
            set(p + 'result', i.result ? 'correct' : 'wrong');
          }
        });
        var now = true;
        pack(d, v2004 ? 64000 : 4096, function (data) {
          set(el.suspend, data);
          if (!now) commit();
        });
        now = false;
        commit();
      },
      finish: function (d, s, interactions) {
        this.report(d, s, interactions);
        if (!live) return;
        set(el.time, v2004 ? duration(elapsed()) : timespan12(elapsed()));
        // Suspend keeps the attempt and its data, so the next launch resumes it.
        set(el.exit, 'suspend');
        commit();
        live = false;
        call('finish', ['']);
      }
    };
  }

  // ---- cmi5: launch parameters, the fetch URL's token, statements and state ----

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function cmi5() {
    var endpoint = query.get('endpoint'), fetchUrl = query.get('fetch'), registration = query.get('registration');
    var activityId = query.get('activityId'), actor;
    try { actor = JSON.parse(query.get('actor')); } catch (e) { actor = null; }
    if (!endpoint || !fetchUrl || !registration || !activityId || !actor) return null;
    if (endpoint.slice(-1) !== '/') endpoint += '/';
    var auth = '', launch = {}, sent = {}, live = false, queue = Promise.resolve();
    var CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
    var MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
    var STATE = 'coursemark.progress';

    function headers(json) {
      var h = { 'X-Experience-API-Version': '1.0.3', 'Authorization': auth };
      if (json) h['Content-Type'] = 'application/json';
      return h;
    }
    function stateUrl(id) {
      return endpoint + 'activities/state?' + new URLSearchParams({ stateId: id, activityId: activityId, agent: JSON.stringify(actor), registration: registration });
    }
    // keepalive: a request made as the page closes still reaches the LRS.
    function request(method, url, body) {
      return fetch(url, { method: method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body), keepalive: method !== 'GET', credentials: 'omit' })
        .then(function (r) {
          if (r.status === 404 && method === 'GET') return null;
          if (!r.ok) throw new Error(method + ' ' + r.status);
          return method === 'GET' ? r.json() : null;
        });
    }
    // The context template from the LMS, extended, never overwritten: a deep copy.
    function context(categories) {
      var c = JSON.parse(JSON.stringify(launch.contextTemplate || {}));
      c.registration = registration;
      if (categories.length) {
        c.contextActivities = c.contextActivities || {};
        var cat = c.contextActivities.category = c.contextActivities.category || [];
        categories.forEach(function (id) {
          if (!cat.some(function (a) { return a.id === id; })) cat.push({ id: id, objectType: 'Activity' });
        });
      }
      return c;
    }
    function statement(verb, display, result, categories, object) {
      var s = {
        id: uuid(),
        actor: actor,
        verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb, display: { 'en-US': display } },
        object: object || { id: activityId, objectType: 'Activity' },
        context: context(categories),
        timestamp: new Date().toISOString()
      };
      if (result) s.result = result;
      return s;
    }
    function failed(e) { notice(T('lms_error', { code: 'xAPI', error: e.message })); }
    function post(list) { return request('POST', endpoint + 'statements', list).catch(failed); }
    var normal = function () { return (launch.launchMode || 'Normal') === 'Normal'; };

    // The statements for what changed: one answered per interaction, then passed and
    // completed, each once per registration and only in Normal launch mode.
    function statements(s, interactions) {
      var out = interactions.map(function (i) {
        var definition = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', name: { 'en-US': i.title }, interactionType: i.type, correctResponsesPattern: i.type === 'choice' ? [i.correct.join('[,]')] : i.correct.map(function (a) { return '{case_matters=false}' + a; }) };
        if (i.type === 'choice') definition.choices = i.correct.concat(i.response).filter(function (x, k, all) { return all.indexOf(x) === k; }).sort().map(function (x) { return { id: x, description: { 'en-US': x } }; });
        var st = statement('answered', 'answered', { success: i.result, response: i.type === 'choice' ? i.response.join('[,]') : i.response[0] }, [], { id: i.id, objectType: 'Activity', definition: definition });
        st.timestamp = i.time.toISOString();
        return st;
      });
      var mastery = typeof launch.masteryScore === 'number' ? launch.masteryScore : null;
      var scaled = s.score === null ? null : s.score / 100;
      if (normal() && s.hasQuiz && s.passed && !sent.passed && (mastery === null || scaled === null || scaled >= mastery)) {
        var result = { success: true, duration: duration(elapsed()) };
        if (scaled !== null) result.score = { scaled: scaled, raw: s.score, min: 0, max: 100 };
        var passed = statement('passed', 'passed', result, [CMI5, MOVEON]);
        if (mastery !== null) passed.context.extensions = Object.assign(passed.context.extensions || {}, { 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': mastery });
        out.push(passed);
        sent.passed = true;
      }
      if (normal() && s.completed && !sent.completed) {
        out.push(statement('completed', 'completed', { completion: true, duration: duration(elapsed()) }, [CMI5, MOVEON]));
        sent.completed = true;
      }
      return out;
    }

    return {
      name: 'cmi5',
      start: function () {
        return fetch(fetchUrl, { method: 'POST', credentials: 'omit' }).then(function (r) { return r.json(); }).then(function (body) {
          if (!body || !body['auth-token']) throw new Error((body && body['error-text']) || 'no auth-token');
          auth = 'Basic ' + body['auth-token'];
          return request('GET', stateUrl('LMS.LaunchData'));
        }).then(function (data) {
          if (!data || !data.contextTemplate) throw new Error('no LMS.LaunchData');
          launch = data;
          // The specification asks for the learner's preferences at start; this
          // course has one language and no audio, so they change nothing.
          return request('GET', endpoint + 'agents/profile?' + new URLSearchParams({ agent: JSON.stringify(actor), profileId: 'cmi5LearnerPreferences' })).catch(function () { return null; });
        }).then(function () {
          return request('GET', stateUrl(STATE));
        }).then(function (saved) {
          saved = saved || {};
          sent = saved.sent || {};
          live = true;
          queue = post([statement('initialized', 'initialized', null, [CMI5])]);
          return { suspend: typeof saved.progress === 'string' ? saved.progress : '', location: saved.location || '' };
        });
      },
      report: function (d, s, interactions) {
        if (!live) return;
        var out = statements(s, interactions);
        if (out.length) queue = queue.then(function () { return post(out); });
        pack(d, Infinity, function (data) {
          var body = { progress: data, location: s.location, sent: sent };
          queue = queue.then(function () { return request('PUT', stateUrl(STATE), body); }).catch(failed);
        });
      },
      finish: function (d, s, interactions) {
        if (!live) return;
        live = false;
        // The page is going away: what is left goes now, in one request that outlives
        // it, ending with terminated (the last statement of the session).
        var out = statements(s, interactions);
        out.push(statement('terminated', 'terminated', { duration: duration(elapsed()) }, [CMI5]));
        pack(d, Infinity, function (data) {
          request('PUT', stateUrl(STATE), { progress: data, location: s.location, sent: sent }).catch(failed);
        });
        var done = post(out);
        if (launch.returnURL) done.then(function () { window.location.href = launch.returnURL; });
      }
    };
  }

  // ---- The session ----

  var lms = pkg.format === 'cmi5' ? cmi5() : scorm(pkg.format === 'scorm2004');
  var finished = false;

  function show(page) {
    frame.src = page || (only && scope[0] ? scope[0].url : 'index.html');
  }

  if (!lms) {
    notice(T('lms_none'));
    show('');
    cm.lms = { connected: false };
    return;
  }

  function sync() {
    if (finished) return;
    var d = store.read();
    lms.report(d, summary(d), newInteractions(d));
  }
  function finish() {
    if (finished) return;
    finished = true;
    var d = store.read();
    lms.finish(d, summary(d), newInteractions(d));
  }

  lms.start().then(function (saved) {
    var d = store.read();
    if (!saved.suspend) return { d: d, fresh: true, location: saved.location };
    return unpack(saved.suspend).then(function (text) {
      return { d: decode(text, d), fresh: false, location: saved.location };
    }).catch(function () {
      notice(T('lms_unreadable'));
      return { d: d, fresh: true, location: saved.location };
    });
  }).then(function (r) {
    // The LMS's copy replaces this browser's: with none, the learner starts afresh here.
    var d = r.d;
    if (r.fresh) {
      var blank = store.fresh();
      scope.forEach(function (m) { delete d.modules[m.id]; });
      if (!only) { d.modules = {}; d.learner = blank.learner; d.last = null; d.evidence = {}; }
    }
    store.write(d);
    markReported(d);
    cm.lms = { connected: true, name: lms.name };
    store.onChange(sync);
    frame.addEventListener('load', sync);
    window.addEventListener('pagehide', finish);
    window.addEventListener('beforeunload', finish);
    sync();
    show(r.location && /^[\w./-]+(#[\w-]*)?$/.test(r.location) ? r.location : locationOf(d));
  }).catch(function () {
    // No usable LMS after all: the course still works, with progress in this browser.
    notice(T('lms_failed'));
    cm.lms = { connected: false };
    show('');
  });
})();
