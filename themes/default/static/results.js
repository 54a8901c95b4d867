/* coursemark results: module states and accreditation levels from the stored progress and
   course.js, shared by the home (which has outline.js instead), progress, accreditation
   and certificate pages. */
(function () {
  'use strict';
  var cm = window.cm, T = cm.texts.t, pct = cm.texts.pct, store = cm.store;
  if (!store) return;
  var course = function () { return cm.course || { parts: [], levels: [], passMark: 80 }; };
  // outline.js writes a module's sections and number of questions only where they
  // differ from what most modules have (`usual`).
  var usual = cm.course && cm.course.usual;
  if (usual) cm.course.parts.forEach(function (p) {
    p.modules.forEach(function (m) {
      if (!m.sections) m.sections = usual.sections;
      if (m.questions === undefined) m.questions = usual.questions;
    });
  });
  function modules() {
    var out = [];
    course().parts.forEach(function (p) { p.modules.forEach(function (m) { out.push(m); }); });
    return out;
  }
  // The quiz's size: outline.js counts the questions, course.js lists them.
  function quizSize(m) { return typeof m.questions === 'number' ? m.questions : (m.questions || []).length; }
  function passed(d, m) {
    if (!quizSize(m)) return true;
    var q = store.peek(d, m.id).quiz;
    return !!q && q.best !== null && q.best >= course().passMark;
  }
  // {state: 'none'|'progress'|'complete', fraction, quiz}
  function moduleState(d, m) {
    var r = store.peek(d, m.id);
    var read = m.sections.filter(function (s) { return r.read[s]; }).length;
    var steps = m.sections.length + 1, done = read + (passed(d, m) && quizSize(m) ? 1 : 0);
    if (!quizSize(m)) steps -= 1;
    // outline.js lists the checklist only when the course requires it done.
    var list = m.checklist || [], tasks = list.filter(function (t) { return r.tasks[t]; }).length;
    var checklistOk = !course().requireChecklist || tasks === list.length;
    if (course().requireChecklist && list.length) { steps += 1; if (checklistOk) done += 1; }
    var complete = read === m.sections.length && passed(d, m) && checklistOk;
    var started = read || Object.keys(r.tasks).length || r.notes || (r.quiz && r.quiz.attempts);
    return { state: complete ? 'complete' : started ? 'progress' : 'none', fraction: complete ? 1 : steps ? done / steps : 0, quiz: r.quiz || null };
  }
  // How many modules are complete.
  function completed(d) {
    return modules().filter(function (m) { return moduleState(d, m).state === 'complete'; }).length;
  }
  function levelEarned(d, l) {
    if (l.earned_by === 'quizzes') return modules().every(function (m) { return passed(d, m); });
    var e = d.evidence[l.id];
    return !!e && e.confirmed && (l.evidence || []).every(function (f) { return String(e.fields[f.id] || '').trim() !== ''; });
  }
  // The highest level reached with every level before it earned: {index (1-based, 0 = none), level}.
  function currentLevel(d) {
    var n = 0, levels = course().levels;
    while (n < levels.length && levelEarned(d, levels[n])) n++;
    return { index: n, level: n ? levels[n - 1] : null };
  }
  var STATE_TEXT = { none: T('state_none'), progress: T('state_progress'), complete: T('state_complete') };

  cm.progress = {
    modules: modules,
    passed: passed,
    moduleState: moduleState,
    completed: completed,
    levelEarned: levelEarned,
    currentLevel: currentLevel,
    stateText: STATE_TEXT,
    // Saves the learner's `text` as a file the browser downloads (an export, an
    // evidence package, a badge).
    download: function (name, text, type) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: type }));
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    },
    // A page that shows the learner's results: `setup` gets the texts, the store, the
    // course and these results, and returns its render function, run now and whenever
    // the progress changes.
    page: function (setup) {
      if (!cm.course) return;
      var render = setup(T, pct, store, cm.course, cm.progress);
      store.onChange(render);
      render(store.read());
    }
  };
})();
