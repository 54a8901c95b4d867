/* coursemark certificate: the learner's name and the levels reached, with the credentials
   a trainer awarded (each with its id, a verification link and its badge). With an
   [issuer], a level above the quizzes counts as reached only when a trainer's credential
   for it verifies here; levels the learner recorded are listed apart, as not reviewed. */
if (window.cm && cm.progress) cm.progress.page(function (T, pct, store, course, progress) {
  'use strict';
  var cert = document.querySelector('[data-certificate]');
  var none = document.querySelector('[data-no-certificate]');
  var print = document.querySelector('[data-print]');
  function set(sel, text) { var e = document.querySelector(sel); if (e) e.textContent = text; }
  var C = cm.credential, lang = document.documentElement.lang || undefined;
  var issuer = course.issuer && course.issuer.name ? course.issuer.name : '';
  function day(date) { return date.toLocaleDateString(lang, { year: 'numeric', month: 'long', day: 'numeric' }); }

  // Calls `then` with the stored credentials that verify, by level id: at once when there
  // is none to check, so a certificate without credentials never waits.
  function verifiedCredentials(d, then) {
    var levels = C ? course.levels.filter(function (l) { var c = d.credentials[l.id]; return c && typeof c.jwt === 'string'; }) : [];
    if (!levels.length) { then({}); return; }
    Promise.all(levels.map(function (l) {
      return C.verify(d.credentials[l.id].jwt, { learnerName: d.learner.name });
    })).then(function (results) {
      var ok = {};
      results.forEach(function (r, i) { if (r.ok && r.info.level === levels[i].id) ok[levels[i].id] = r.info; });
      then(ok);
    });
  }

  function credentialList(verified) {
    var list = document.querySelector('[data-cert-credentials]');
    if (!list) return;
    list.textContent = '';
    var check = new URL('verify.html', location.href).href;
    course.levels.forEach(function (l) {
      var info = verified[l.id];
      if (!info) return;
      var li = document.createElement('li'), svg = C.badge(info), a = document.createElement('a');
      li.textContent = T('cred_level_verified', { issuer: info.issuerName, date: day(new Date(info.from)) }) + ' – ' + info.levelTitle + '. ' + T('cred_cert_credential', { id: info.id }) + ' ' + T('cred_cert_verify') + ' ';
      a.href = 'verify.html';
      a.textContent = check;
      li.appendChild(a);
      if (svg) {
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'print-hide';
        b.textContent = T('cred_cert_download');
        b.addEventListener('click', function () { progress.download(course.id + '-' + info.level + '.svg', svg, 'image/svg+xml'); });
        li.appendChild(document.createTextNode(' '));
        li.appendChild(b);
      }
      list.appendChild(li);
    });
    list.hidden = !list.children.length;
  }

  function levelList(sel, levels, title) {
    var ul = document.querySelector(sel);
    if (!ul) return;
    ul.textContent = '';
    levels.forEach(function (l) { var li = document.createElement('li'); li.textContent = title(l); ul.appendChild(li); });
  }

  function show(d, verified) {
    var mods = progress.modules();
    // A level the learner recorded that no verified credential backs.
    function self(l) { return l.earned_by !== 'quizzes' && !verified[l.id]; }
    var reached, pending = [];
    if (issuer) {
      reached = course.levels.filter(function (l) { return verified[l.id] || (l.earned_by === 'quizzes' && progress.levelEarned(d, l)); });
      pending = course.levels.filter(function (l) { return reached.indexOf(l) < 0 && progress.levelEarned(d, l); });
    } else {
      // Nobody can award a credential, so recorded levels are listed as before, labelled.
      reached = course.levels.slice(0, progress.currentLevel(d).index);
    }
    credentialList(verified);
    if (!reached.length) { cert.hidden = true; none.hidden = false; if (print) print.hidden = true; return; }
    function title(l) {
      var t = T('level_title', { n: String(course.levels.indexOf(l) + 1), title: l.title });
      return self(l) ? T('cert_self_recorded', { level: t }) : t;
    }
    var top = reached[reached.length - 1];
    // The date the levels were reached: the latest quiz pass, credential or evidence record.
    var when = '';
    reached.forEach(function (l) {
      var at = '';
      if (verified[l.id]) at = verified[l.id].from;
      else if (l.earned_by === 'quizzes') mods.forEach(function (m) { var q = store.peek(d, m.id).quiz; if (q && q.passedAt > at) at = q.passedAt; });
      else if (d.evidence[l.id]) at = d.evidence[l.id].at;
      if (at > when) when = at;
    });
    var date = when ? new Date(when) : new Date();
    if (isNaN(date)) date = new Date();
    set('[data-cert-kicker]', T(self(top) ? 'cert_kicker_self' : 'cert_kicker'));
    set('[data-cert-name]', d.learner.name.trim() || T('cert_no_name'));
    set('[data-cert-level]', title(top));
    // Every level reached, not only the highest; one level is named once, above.
    levelList('[data-cert-levels]', reached.length > 1 ? reached : [], title);
    levelList('[data-cert-pending] ul', pending, title);
    var waiting = document.querySelector('[data-cert-pending]');
    if (waiting) waiting.hidden = !pending.length;
    if (issuer) set('[data-cert-issuer]', T(Object.keys(verified).length ? 'cert_issued_by' : 'cert_course_by', { issuer: issuer }));
    set('[data-cert-modules]', T('cert_modules', { n: String(progress.completed(d)), total: String(mods.length) }));
    set('[data-cert-date]', day(date));
    cert.hidden = false; none.hidden = true;
    if (print) print.hidden = false;
  }

  // A later render (another tab, an import) wins over a verification still under way.
  var runs = 0;
  function render(d) {
    var run = ++runs;
    verifiedCredentials(d, function (verified) { if (run === runs) show(d, verified); });
  }
  if (print) print.addEventListener('click', function () { window.print(); });
  return render;
});
