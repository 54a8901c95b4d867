/* coursemark home page: module states, part and overall progress, continue link, level. */
(function () {
  'use strict';
  var store = window.cmStore, course = window.coursemarkCourse;
  if (!store || !course) return;
  var summary = document.querySelector('[data-summary]');

  function render(d) {
    var total = 0, count = 0, byId = {};
    var parts = document.querySelectorAll('[data-part]');
    course.parts.forEach(function (part, pi) {
      var sum = 0;
      part.modules.forEach(function (m) {
        byId[m.id] = m;
        var s = store.moduleState(d, m);
        sum += s.fraction;
        var li = document.querySelector('li[data-module="' + m.id + '"]');
        var st = li && li.querySelector('[data-status]');
        if (st) {
          var text = store.stateText[s.state];
          if (s.quiz && s.quiz.best !== null) text += ', best score ' + s.quiz.best + '%';
          st.textContent = (s.state === 'complete' ? '✓ ' : '') + text;
          st.className = 'status status-' + s.state;
        }
      });
      total += sum; count += part.modules.length;
      var bar = parts[pi] && parts[pi].querySelector('[data-part-progress]');
      if (bar) {
        var pp = part.modules.length ? Math.round(100 * sum / part.modules.length) : 0;
        bar.value = pp; bar.textContent = pp + '%'; bar.hidden = false;
        bar.setAttribute('aria-label', 'Progress in ' + part.title + ': ' + pp + '%');
      }
    });
    var pct = count ? Math.round(100 * total / count) : 0;
    var overall = document.querySelector('progress[data-overall]');
    if (overall) { overall.value = pct; overall.textContent = pct + '%'; }
    var op = document.querySelector('[data-overall-percent]');
    if (op) op.textContent = pct + '%';
    var lv = document.querySelector('[data-level]');
    if (lv) {
      var c = store.currentLevel(d);
      lv.textContent = c.level ? 'Your accreditation level: ' + c.index + ', ' + c.level.title + '.' : 'Accreditation level: none yet. Pass every module’s quiz to reach level 1.';
    }
    var cont = document.querySelector('a[data-continue]');
    if (cont && d.last && byId[d.last.module]) {
      var m = byId[d.last.module];
      cont.href = store.root + m.url + (d.last.section ? '#' + d.last.section : '');
      cont.textContent = 'Continue where you left off: ' + m.title;
    }
    if (summary) summary.hidden = false;
  }
  store.onChange(render);
  render(store.read());
})();
