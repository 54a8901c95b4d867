/* coursemark accreditation: learner name, levels earned, self-reported evidence, the
   evidence package for a trainer's review, and credentials the trainer awarded. */
if (window.cm && cm.progress) cm.progress.page(function (T, pct, store, course, progress) {
  'use strict';
  var name = document.querySelector('[data-learner-name]');
  var byId = {};
  course.levels.forEach(function (l) { byId[l.id] = l; });
  var C = cm.credential, lang = document.documentElement.lang || undefined;
  function day(iso) { return new Date(iso).toLocaleDateString(lang, { year: 'numeric', month: 'long', day: 'numeric' }); }
  // Stored credentials are verified again on every render (cached by token and name):
  // what counts is the signed file, not what storage says about it.
  var checked = {};
  function verified(jwt, learner) {
    var k = jwt + '\n' + learner;
    if (!checked[k]) checked[k] = C.verify(jwt, { learnerName: learner });
    return checked[k];
  }
  // The credential stored for a level, if its shape is right (storage is read defensively).
  function stored(d, l) { var c = d.credentials[l.id]; return c && typeof c.jwt === 'string' ? c : null; }
  function showVerified(li, l, d) {
    var el = li.querySelector('[data-level-verified]'), cred = stored(d, l);
    if (!el || !C) return;
    el.setAttribute('data-for', cred ? cred.jwt : '');
    if (!cred) { el.hidden = true; return; }
    verified(cred.jwt, d.learner.name).then(function (r) {
      if (el.getAttribute('data-for') !== cred.jwt) return; // a later render took over
      el.hidden = false;
      el.classList.toggle('is-refused', !r.ok);
      el.textContent = r.ok
        ? T(r.info.until ? 'cred_level_verified_until' : 'cred_level_verified', { issuer: r.info.issuerName, date: day(r.info.from), until: r.info.until ? day(r.info.until) : '' })
        : r.reason;
    });
  }

  function render(d) {
    var cur = progress.currentLevel(d), mods = progress.modules();
    if (name && document.activeElement !== name) name.value = d.learner.name;
    Array.prototype.forEach.call(document.querySelectorAll('li[data-level]'), function (li, i) {
      var l = byId[li.getAttribute('data-level')];
      if (!l) return;
      var earned = progress.levelEarned(d, l), counted = i < cur.index;
      var st = li.querySelector('[data-level-state]');
      var text;
      if (counted) text = T(l.earned_by === 'evidence' ? 'level_earned_self' : 'level_earned');
      else if (earned) text = T('level_waiting');
      else if (l.earned_by === 'quizzes') {
        var n = mods.filter(function (m) { return progress.passed(d, m); }).length;
        text = T('level_quizzes', { n: String(n), total: String(mods.length) });
      } else text = T('level_not_earned');
      st.textContent = text;
      li.classList.toggle('is-earned', counted);
      showVerified(li, l, d);
      var form = li.querySelector('form[data-evidence]');
      if (!form) return;
      var e = d.evidence[l.id] || { fields: {}, confirmed: false };
      Array.prototype.forEach.call(form.querySelectorAll('[data-field]'), function (f) {
        if (document.activeElement !== f) f.value = e.fields[f.getAttribute('data-field')] || '';
      });
      var c = form.querySelector('[data-confirm]');
      if (c) c.checked = e.confirmed;
    });
  }

  // Only a name the learner typed is saved: leaving the page must not write back a
  // stale one over what another tab or an import stored.
  var timer = null, typed = false;
  function saveName() {
    clearTimeout(timer);
    if (!typed) return;
    typed = false;
    var v = name.value;
    store.update(function (d) { d.learner.name = v; });
  }
  if (name) {
    name.addEventListener('input', function () { typed = true; clearTimeout(timer); timer = setTimeout(saveName, 400); });
    name.addEventListener('change', saveName);
    window.addEventListener('pagehide', saveName);
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-evidence]'), function (form) {
    var lid = form.getAttribute('data-evidence'), status = form.querySelector('[data-evidence-status]');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var fields = {}, missing = [];
      Array.prototype.forEach.call(form.querySelectorAll('[data-field]'), function (f) {
        fields[f.getAttribute('data-field')] = f.value;
        if (!f.value.trim()) { var lab = form.querySelector('label[for="' + f.id + '"]'); missing.push(lab ? lab.textContent : f.id); }
      });
      var confirmed = !!(form.querySelector('[data-confirm]') || {}).checked;
      var ok = store.update(function (d) { d.evidence[lid] = { fields: fields, confirmed: confirmed, at: store.now() }; });
      var msg = T(ok ? 'evidence_saved' : 'evidence_not_saved');
      if (ok && missing.length) msg += ' ' + T('evidence_missing', { fields: missing.join(', ') });
      if (ok && !confirmed) msg += ' ' + T('evidence_unconfirmed');
      if (status) status.textContent = msg;
      render(store.read());
    });
  });

  function say(el, msg) { if (el) el.textContent = msg; }

  // The evidence package (docs/evidence-package.md) the learner sends for review.
  function evidencePackage(d, email, notes) {
    return {
      format: 'coursemark-evidence-package',
      version: 1,
      createdAt: store.now(),
      course: { id: course.id, title: course.title, build: course.build },
      learner: email ? { name: d.learner.name.trim(), email: email } : { name: d.learner.name.trim() },
      modules: progress.modules().map(function (m) {
        var r = store.peek(d, m.id), q = r.quiz, rec = { id: m.id, title: m.title, quiz: null };
        if (q) rec.quiz = {
          attempts: q.attempts, best: q.best, last: q.last, passedAt: q.passedAt || null,
          questions: Object.keys(q.questions).map(function (k) { return { id: k, answer: q.questions[k].answer, correct: q.questions[k].correct }; })
        };
        rec.checklist = m.checklist.map(function (t) { return { id: t, done: !!r.tasks[t] }; });
        if (notes && r.notes.trim()) rec.notes = r.notes;
        return rec;
      }),
      levels: course.levels.filter(function (l) { return l.earned_by === 'evidence'; }).map(function (l) {
        var e = d.evidence[l.id] || { fields: {}, confirmed: false, at: '' };
        return {
          id: l.id, confirmed: e.confirmed, recordedAt: e.at || null,
          evidence: l.evidence.map(function (f) { return { id: f.id, label: f.label, value: e.fields[f.id] || '' }; })
        };
      }),
      includesNotes: !!notes
    };
  }

  var review = document.querySelector('form[data-review]');
  if (review) review.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var status = review.querySelector('[data-review-status]');
    if (name) saveName();
    var d = store.read();
    if (!d.learner.name.trim()) { say(status, T('cred_review_no_name')); if (name) name.focus(); return; }
    var pkg = evidencePackage(d, review.querySelector('[data-review-email]').value.trim(), review.querySelector('[data-review-notes]').checked);
    var file = 'evidence-' + course.id + '-' + (d.learner.name.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'learner') + '.json';
    progress.download(file, JSON.stringify(pkg, null, 2), 'application/json');
    say(status, T('cred_review_done', { file: file }));
  });

  var imp = document.querySelector('[data-credential-import]');
  if (imp) imp.addEventListener('change', function () {
    var file = imp.files && imp.files[0], status = document.querySelector('[data-credential-status]');
    if (!file) return;
    if (name) saveName();
    var reader = new FileReader();
    reader.onload = function () {
      var d = store.read();
      C.verify(String(reader.result), { learnerName: d.learner.name }).then(function (r) {
        imp.value = '';
        var level = r.info && byId[r.info.level];
        if (r.ok && !level) r = { ok: false, reason: T('cred_other_course', { course: r.info.course + ' · ' + r.info.level }) };
        if (!r.ok) { say(status, T('cred_import_refused', { reason: r.reason })); return; }
        var saved = store.update(function (doc) { doc.credentials[level.id] = { jwt: r.info.token, at: store.now() }; });
        say(status, saved ? T('cred_import_ok', { level: r.info.levelTitle, issuer: r.info.issuerName, date: day(r.info.from) }) : T('cred_import_not_saved'));
        render(store.read());
      });
    };
    reader.onerror = function () { say(status, T('cred_import_refused', { reason: T('cred_not_jwt') })); };
    reader.readAsText(file);
  });

  return render;
});
