/* coursemark accreditation: learner name, levels earned, self-reported evidence. */
(function () {
  'use strict';
  var store = window.cmStore, course = window.coursemarkCourse;
  if (!store || !course) return;
  var name = document.querySelector('[data-learner-name]');
  var byId = {};
  course.levels.forEach(function (l) { byId[l.id] = l; });

  function render(d) {
    var cur = store.currentLevel(d), mods = store.modules();
    if (name && document.activeElement !== name) name.value = d.learner.name;
    Array.prototype.forEach.call(document.querySelectorAll('li[data-level]'), function (li, i) {
      var l = byId[li.getAttribute('data-level')];
      if (!l) return;
      var earned = store.levelEarned(d, l), counted = i < cur.index;
      var st = li.querySelector('[data-level-state]');
      var text;
      if (counted) text = '✓ Earned' + (l.earned_by === 'evidence' ? ' (self-reported)' : '');
      else if (earned) text = 'Evidence recorded; earned once the levels before it are earned';
      else if (l.earned_by === 'quizzes') {
        var n = mods.filter(function (m) { return store.passed(d, m); }).length;
        text = 'Not yet earned: ' + n + ' of ' + mods.length + ' module quizzes passed';
      } else text = 'Not yet earned';
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
      var msg = ok ? 'Evidence saved.' : 'Evidence could not be saved in this browser.';
      if (ok && missing.length) msg += ' Still needed: ' + missing.join(', ') + '.';
      if (ok && !confirmed) msg += ' Tick the confirmation to count this level.';
      if (status) status.textContent = msg;
      render(store.read());
    });
  });

  store.onChange(render);
  render(store.read());
})();
