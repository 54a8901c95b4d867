/* coursemark certificate: the highest level reached, with the learner's name. */
if (window.cm && cm.progress) cm.progress.page(function (T, pct, store, course, progress) {
  'use strict';
  var cert = document.querySelector('[data-certificate]');
  var none = document.querySelector('[data-no-certificate]');
  var print = document.querySelector('[data-print]');
  function set(sel, text) { var e = document.querySelector(sel); if (e) e.textContent = text; }

  function render(d) {
    var c = progress.currentLevel(d);
    var mods = progress.modules();
    var done = mods.filter(function (m) { return progress.moduleState(d, m).state === 'complete'; }).length;
    if (!c.level) { cert.hidden = true; none.hidden = false; if (print) print.hidden = true; return; }
    // The date the level was reached: the latest quiz pass or evidence record up to it.
    var when = '';
    course.levels.slice(0, c.index).forEach(function (l) {
      if (l.earned_by === 'quizzes') mods.forEach(function (m) { var q = store.peek(d, m.id).quiz; if (q && q.passedAt > when) when = q.passedAt; });
      else if (d.evidence[l.id] && d.evidence[l.id].at > when) when = d.evidence[l.id].at;
    });
    var date = when ? new Date(when) : new Date();
    if (isNaN(date)) date = new Date();
    set('[data-cert-name]', d.learner.name.trim() || T('cert_no_name'));
    set('[data-cert-level]', T('level_title', { n: String(c.index), title: c.level.title }));
    set('[data-cert-modules]', T('cert_modules', { n: String(done), total: String(mods.length) }));
    set('[data-cert-date]', date.toLocaleDateString(document.documentElement.lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' }));
    cert.hidden = false; none.hidden = true;
    if (print) print.hidden = false;
  }
  if (print) print.addEventListener('click', function () { window.print(); });
  return render;
});
