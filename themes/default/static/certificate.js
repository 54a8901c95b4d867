/* coursemark certificate: the highest level reached, with the learner's name, and the
   levels a trainer awarded as verified credentials (each with its id and badge). */
if (window.cm && cm.progress) cm.progress.page(function (T, pct, store, course, progress) {
  'use strict';
  var cert = document.querySelector('[data-certificate]');
  var none = document.querySelector('[data-no-certificate]');
  var print = document.querySelector('[data-print]');
  function set(sel, text) { var e = document.querySelector(sel); if (e) e.textContent = text; }

  var list = document.querySelector('[data-cert-credentials]'), C = cm.credential;
  var lang = document.documentElement.lang || undefined;
  // Each stored credential, verified again here; only those that hold are listed.
  function credentials(d) {
    if (!list || !C) return;
    var levels = course.levels.filter(function (l) { var c = d.credentials[l.id]; return c && typeof c.jwt === 'string'; });
    var stamp = JSON.stringify(d.credentials) + d.learner.name;
    list.setAttribute('data-for', stamp);
    Promise.all(levels.map(function (l) {
      return C.verify(d.credentials[l.id].jwt, { learnerName: d.learner.name });
    })).then(function (results) {
      if (list.getAttribute('data-for') !== stamp) return;
      list.textContent = '';
      results.filter(function (r) { return r.ok; }).forEach(function (r) {
        var li = document.createElement('li'), svg = C.badge(r.info);
        li.textContent = T('cred_level_verified', { issuer: r.info.issuerName, date: new Date(r.info.from).toLocaleDateString(lang, { year: 'numeric', month: 'long', day: 'numeric' }) }) + ' – ' + r.info.levelTitle + '. ' + T('cred_cert_credential', { id: r.info.id }) + ' ';
        if (svg) {
          var b = document.createElement('button');
          b.type = 'button';
          b.className = 'print-hide';
          b.textContent = T('cred_cert_download');
          b.addEventListener('click', function () { progress.download(course.id + '-' + r.info.level + '.svg', svg, 'image/svg+xml'); });
          li.appendChild(b);
        }
        list.appendChild(li);
      });
      list.hidden = !list.children.length;
    });
  }

  function render(d) {
    credentials(d);
    var c = progress.currentLevel(d);
    var mods = progress.modules();
    var done = progress.completed(d);
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
    // Every level reached, not only the highest; one level is named once, above.
    var levels = document.querySelector('[data-cert-levels]');
    if (levels) {
      levels.textContent = '';
      if (c.index > 1) course.levels.slice(0, c.index).forEach(function (l, i) {
        var li = document.createElement('li');
        li.textContent = T('level_title', { n: String(i + 1), title: l.title });
        levels.appendChild(li);
      });
    }
    if (course.issuer && course.issuer.name) set('[data-cert-issuer]', T('cert_issued_by', { issuer: course.issuer.name }));
    set('[data-cert-modules]', T('cert_modules', { n: String(done), total: String(mods.length) }));
    set('[data-cert-date]', date.toLocaleDateString(document.documentElement.lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' }));
    cert.hidden = false; none.hidden = true;
    if (print) print.hidden = false;
  }
  if (print) print.addEventListener('click', function () { window.print(); });
  return render;
});
