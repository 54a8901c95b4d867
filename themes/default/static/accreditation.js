/* coursemark accreditation: learner name, levels earned, self-reported evidence. */
if (window.cm && cm.progress) cm.progress.page(function (T, pct, store, course, progress) {
  'use strict';
  var name = document.querySelector('[data-learner-name]');
  var byId = {};
  course.levels.forEach(function (l) { byId[l.id] = l; });

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

  var timer = null;
  function saveName() {
    clearTimeout(timer);
    var v = name.value;
    store.update(function (d) { d.learner.name = v; });
  }
  if (name) {
    name.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(saveName, 400); });
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

  return render;
});
