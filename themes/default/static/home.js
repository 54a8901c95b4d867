/* coursemark home page: module states, part and overall progress (a ring), continue link, level. */
if (window.cm && cm.progress) cm.progress.page(function (T, pct, store, course, progress) {
  'use strict';
  var ring = document.querySelector('[data-ring]');

  var order = [];
  course.parts.forEach(function (part) { order = order.concat(part.modules); });

  // Where to continue: the module last visited while it is unfinished, else the next
  // unfinished one after it (then from the start); null when every module is complete.
  function nextModule(d) {
    var start = 0;
    order.forEach(function (m, i) { if (d.last && d.last.module === m.id) start = i; });
    for (var k = 0; k < order.length; k++) {
      var m = order[(start + k) % order.length];
      if (progress.moduleState(d, m).state !== 'complete') return m;
    }
    return null;
  }

  function render(d) {
    var total = 0, count = 0;
    var parts = document.querySelectorAll('[data-part]');
    course.parts.forEach(function (part, pi) {
      var sum = 0;
      part.modules.forEach(function (m) {
        var s = progress.moduleState(d, m);
        sum += s.fraction;
        var li = document.querySelector('li[data-module="' + m.id + '"]');
        var st = li && li.querySelector('[data-status]');
        if (st) {
          var text = progress.stateText[s.state];
          if (s.quiz && s.quiz.best !== null) text = T('best_score_in', { state: text, score: pct(s.quiz.best) });
          st.textContent = (s.state === 'complete' ? '✓ ' : '') + text;
          st.className = 'status status-' + s.state;
        }
      });
      total += sum; count += part.modules.length;
      var bar = parts[pi] && parts[pi].querySelector('[data-part-progress]');
      if (bar) {
        var pp = part.modules.length ? Math.round(100 * sum / part.modules.length) : 0;
        bar.value = pp; bar.textContent = pct(pp);
        bar.setAttribute('aria-label', T('progress_in', { part: part.title }) + ': ' + pct(pp));
      }
    });
    var percent = count ? Math.round(100 * total / count) : 0;
    var overall = document.querySelector('progress[data-overall]');
    if (overall) { overall.value = percent; overall.textContent = pct(percent); }
    var op = document.querySelector('[data-overall-percent]');
    if (op) op.textContent = pct(percent);
    if (ring) ring.style.setProperty('--p', percent);
    var lv = document.querySelector('[data-level]');
    if (lv) {
      var c = progress.currentLevel(d);
      lv.textContent = c.level ? T('level_now', { n: String(c.index), level: c.level.title }) : T('level_none');
    }
    var cont = document.querySelector('a[data-continue]');
    var done = document.querySelector('[data-complete]');
    var next = nextModule(d);
    if (cont && done) {
      cont.parentNode.hidden = !next;
      done.hidden = !!next;
    }
    // The module's link in its row (outline.js has no titles or addresses).
    var row = next && document.querySelector('li[data-module="' + next.id + '"] a');
    if (cont && row && (d.last || next !== order[0])) {
      var here = d.last && d.last.module === next.id;
      cont.href = row.getAttribute('href') + (here && d.last.section ? '#' + d.last.section : '');
      cont.textContent = T('continue_at', { module: row.textContent });
    }
  }
  return render;
});
