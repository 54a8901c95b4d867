/* coursemark My progress: the summary, module table, mistakes to review, export, import, reset. */
if (window.cm && cm.progress) cm.progress.page(function (T, pct, store, course, progress) {
  'use strict';
  var status = document.querySelector('[data-transfer-status]');
  function say(msg, kind) { if (status) { status.textContent = msg; status.className = 'transfer-status' + (kind ? ' is-' + kind : ''); } }
  function el(tag, text) { var e = document.createElement(tag); if (text) e.textContent = text; return e; }

  function render(d) {
    var mistakes = document.querySelector('[data-mistakes]');
    if (mistakes) mistakes.textContent = '';
    var n = 0;
    progress.modules().forEach(function (m) {
      var s = progress.moduleState(d, m), q = s.quiz;
      var row = document.querySelector('tr[data-module="' + m.id + '"]');
      if (row) {
        row.querySelector('[data-state]').textContent = (s.state === 'complete' ? '✓ ' : '') + progress.stateText[s.state];
        row.querySelector('[data-best]').textContent = q && q.best !== null ? pct(q.best) : '–';
        row.querySelector('[data-last]').textContent = q && q.last !== null ? pct(q.last) : '–';
        row.querySelector('[data-attempts]').textContent = cm.texts.num(q ? q.attempts : 0);
        row.className = 'state-' + s.state;
      }
      if (!q || !mistakes) return;
      m.questions.forEach(function (qq) {
        var r = q.questions[qq.id];
        if (!r || r.correct) return;
        var li = el('li'), a = el('a', qq.title);
        a.href = store.root + m.url + '#' + qq.id;
        li.appendChild(a);
        li.appendChild(el('span', ' (' + m.title + ')'));
        mistakes.appendChild(li);
        n++;
      });
    });
    var count = document.querySelector('[data-progress-count]'), bar = document.querySelector('[data-progress-bar]'), level = document.querySelector('[data-progress-level]');
    var all = progress.modules().length, done = progress.completed(d), p = all ? Math.round(100 * done / all) : 0;
    if (count) count.textContent = T('cert_modules', { n: cm.texts.num(done), total: cm.texts.num(all) });
    if (bar) { bar.value = p; bar.textContent = pct(p); }
    var now = progress.currentLevel(d);
    if (level) level.textContent = now.level ? T('level_now', { n: now.index, level: now.level.title }) : T('level_none');
    var none = document.querySelector('[data-no-mistakes]');
    if (none) none.hidden = n > 0;
    if (mistakes) mistakes.hidden = n === 0;
  }

  var exp = document.querySelector('[data-export]');
  if (exp) exp.addEventListener('click', function () {
    var d = store.read(), share = document.querySelector('[data-share-notes]');
    d.exported = store.now();
    // The trainer's report shows the notes only when the learner says so.
    d.shareNotes = !!(share && share.checked);
    var file = 'coursemark-' + store.courseId + '-progress-' + d.exported.slice(0, 10) + '.json';
    progress.download(file, JSON.stringify(d, null, 2), 'application/json');
    say(T('exported', { file: file }), 'ok');
  });

  var imp = document.querySelector('[data-import]');
  if (imp) imp.addEventListener('change', function () {
    var file = imp.files && imp.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var r = store.parse(String(reader.result));
      imp.value = '';
      if (r.error) { say(T('import_bad', { file: file.name, reason: r.error }), 'error'); return; }
      if (!window.confirm(T('import_confirm', { file: file.name }))) { say(T('import_cancelled')); return; }
      if (store.write(r.data)) { say(T('imported', { file: file.name }), 'ok'); render(store.read()); }
      else say(T('import_not_saved'), 'error');
    };
    reader.onerror = function () { imp.value = ''; say(T('import_unreadable'), 'error'); };
    reader.readAsText(file);
  });

  var reset = document.querySelector('[data-reset]');
  if (reset) reset.addEventListener('click', function () {
    if (!window.confirm(T('reset_confirm'))) return;
    if (store.write(store.fresh())) say(T('reset_done'), 'ok');
    render(store.read());
  });

  return render;
});
