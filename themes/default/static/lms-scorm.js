/* coursemark LMS package, part 2 of 4: the SCORM 1.2 and SCORM 2004 bridge. Finds the
   run-time API, and reads and writes the CMI data model with every call checked. */
(function () {
  'use strict';
  var cm = window.cm, kit = cm.lmsKit, T = cm.texts.t;
  if (!kit) return;
  var notice = kit.notice, pack = kit.pack, elapsed = kit.elapsed, duration = kit.duration;
  var timespan12 = kit.timespan12, clock12 = kit.clock12, stamp2004 = kit.stamp2004;

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

  kit.scorm = scorm;
})();
