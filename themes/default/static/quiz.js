/* coursemark quiz: check answers, score against the pass mark (on top of the quiz),
   feedback on the chosen and the right options, retry all or only the wrong ones, and
   the way on to the next module once passed. */
(function () {
  'use strict';
  // The document, by a name the served script shortens.
  var dom = document;
  var cm = window.cm, T = cm.texts.t, pct = cm.texts.pct;
  var store = cm.store, main = one(dom, 'main[data-module]');
  var form = one(dom, 'form[data-quiz]');
  if (!store || !main || !form) return;
  cm.quiz = true;
  var moduleId = main.dataset.module;
  var passMark = parseInt(main.dataset.passMark, 10) || 80;
  var shuffle = main.hasAttribute('data-shuffle');
  // The answer key, by question id: `c` the correct options, `a` the accepted answers,
  // `e` the explanation, `f` each option's feedback; its JSON turned half-way round
  // (ROT47), which turning again undoes.
  var key = {};
  try {
    key = JSON.parse((form.dataset.key || '{}').replace(/[!-~]/g, function (c) {
      return String.fromCharCode(33 + (c.charCodeAt(0) + 14) % 94);
    }));
  } catch (e) { key = {}; }
  var questions = Array.from(form.querySelectorAll('fieldset.question'));
  var score = one(form, '[data-score]');
  var check = one(form, '[data-check]');
  var retry = one(form, '[data-retry]');
  var retryWrong = one(form, '[data-retry-wrong]');
  var next = one(dom, 'a[rel=next]');
  // Each question's result, read out when it changes: a live region made now, long
  // before it has anything to say (the page ships none, to stay light).
  questions.forEach(function (q) {
    var res = el('div', 'result');
    res.dataset.result = '';
    res.setAttribute('aria-live', 'polite');
    q.append(res);
  });

  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, ' ').trim(); }
  // A number as typed, whatever its digit grouping: `240 000`, `240,000`, `240.000,5`
  // and `240000` are one value; a lone comma before one or two digits is a decimal one.
  // NaN when the text is not a number.
  function number(s) {
    var t = String(s).trim().replace(/[\s\u00a0\u202f'’_]/g, '');
    if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
    else if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) t = t.replace(/\./g, '').replace(',', '.');
    else if (/^[+-]?\d+,\d{1,2}$/.test(t)) t = t.replace(',', '.');
    return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : NaN;
  }
  function sameAnswer(accepted, given) {
    if (norm(accepted) === norm(given)) return true;
    var n = number(accepted);
    return !isNaN(n) && number(given) === n;
  }
  // The first element in `root` that `sel` matches (a short name, used often).
  function one(root, sel) { return root.querySelector(sel); }
  function title(q) { var l = one(q, 'legend'); return l ? l.textContent.trim() : q.id; }
  function inputs(q) { return Array.from(q.querySelectorAll('input')); }

  function answerOf(q) {
    if (isText(q)) { var t = one(q, 'input'); return t ? t.value.trim() : ''; }
    return inputs(q).filter(function (i) { return i.checked; }).map(function (i) { return i.value; }).sort();
  }
  function empty(a) { return Array.isArray(a) ? !a.length : a === ''; }
  function isText(q) { return !!one(q, '.answer-text'); }
  function isCorrect(q, a) {
    var k = key[q.id];
    if (!k) return false;
    if (isText(q)) return (k.a || []).some(function (x) { return sameAnswer(x, a); });
    var c = (k.c || []).slice().sort();
    return Array.isArray(a) && a.length === c.length && a.every(function (x, i) { return x === c[i]; });
  }

  // A right or wrong mark, which screen readers skip for the words beside it.
  function icon(ok) {
    var i = el('span', 'icon', ok ? '✓' : '✗');
    i.setAttribute('aria-hidden', 'true');
    return i;
  }
  function el(tag, cls, text) { var e = dom.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }

  function clearQuestion(q) {
    q.classList.remove('is-correct', 'is-incorrect', 'is-unanswered');
    q.querySelectorAll('.options li').forEach(function (li) { li.className = ''; });
    one(q, '[data-result]').textContent = '';
    q.querySelectorAll('[data-feedback-for]').forEach(function (f) { f.remove(); });
    q.querySelectorAll('.correct-mark').forEach(function (m) { m.remove(); });
    inputs(q).forEach(function (i) { i.disabled = false; i.removeAttribute('aria-describedby'); });
  }

  // Show right or wrong (text and icon), the explanation and the chosen options' feedback.
  function showResult(q, a, ok) {
    var k = key[q.id] || {};
    var res = one(q, '[data-result]');
    res.textContent = '';
    q.classList.add(ok ? 'is-correct' : 'is-incorrect');
    var verdict = el('p', 'verdict');
    verdict.append(icon(ok));
    verdict.append(el('strong', null, T(ok ? 'js_correct' : 'js_incorrect')));
    if (!ok && isText(q) && k.a && k.a.length) verdict.append(' ' + T('js_expected', { answer: k.a[0] }));
    res.append(verdict);
    if (k.e) {
      var ex = el('div', 'explanation');
      ex.innerHTML = k.e; // author content from the build, never learner text
      res.append(ex);
    }
    if (!isText(q)) {
      (Array.isArray(a) ? a : []).forEach(function (letter) {
        var input = one(q, 'input[value="' + letter + '"]');
        if (!input || !k.f || !k.f[letter]) return;
        var f = el('div', 'option-feedback');
        f.dataset.feedbackFor = letter;
        f.innerHTML = k.f[letter]; // author content from the build
        input.closest('li').append(f);
      });
      inputs(q).forEach(function (input) {
        var chosen = input.checked, right = (k.c || []).indexOf(input.value) >= 0;
        var label = input.closest('label');
        if (!label || !(chosen || right)) return;
        label.parentNode.className = chosen ? (right ? 'is-chosen-right' : 'is-chosen-wrong') : 'is-right';
        var text = T(chosen ? (right ? 'js_chosen_right' : 'js_chosen_wrong') : 'js_right');
        label.after(el('span', 'correct-mark' + (chosen && !right ? ' is-wrong' : ''), text));
      });
    }
    inputs(q).forEach(function (i) { i.disabled = true; });
  }

  function setMode(checked) {
    check.hidden = checked;
    retry.hidden = !checked;
    if (retryWrong) retryWrong.hidden = !checked || !one(form, '.is-incorrect');
  }

  // A pseudo-random generator seeded by a text (a string hash feeding mulberry32).
  function seeded(text) {
    var h = 1779033703 ^ text.length;
    for (var i = 0; i < text.length; i++) { h = Math.imul(h ^ text.charCodeAt(i), 3432918353); h = h << 13 | h >>> 19; }
    return function () {
      h = h + 0x6D2B79F5 | 0;
      var t = Math.imul(h ^ h >>> 15, 1 | h);
      t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
      return ((t ^ t >>> 14) >>> 0) / 4294967296;
    };
  }

  // Each question's options in source order, before any shuffle, each given its value
  // here (a, b, ... as the answer key has them; the page carries none, to stay light).
  var sourceOrder = questions.map(function (q) {
    var ul = one(q, 'ul.options'), items = ul ? Array.from(ul.children) : [];
    items.forEach(function (li, i) { one(li, 'input').value = 'abcdefghijklmnopqrstuvwxyz'[i] || 'o' + i; });
    return items;
  });

  // Shuffles the options for attempt number `attempt`: the order follows from the
  // course, module, question and attempt, so it stays put through reloads while the
  // attempt lasts and changes with the next one, with nothing more to store.
  function shuffleOptions(attempt) {
    questions.forEach(function (q, n) {
      var items = sourceOrder[n].slice();
      if (!items.length) return;
      var random = seeded([store.key, moduleId, q.id, attempt].join('|'));
      for (var i = items.length - 1; i > 0; i--) {
        var j = Math.floor(random() * (i + 1)), t = items[i]; items[i] = items[j]; items[j] = t;
      }
      items.forEach(function (li) { li.parentNode.append(li); });
    });
  }

  function attemptsMade() {
    var q = store.peek(store.read(), moduleId).quiz;
    return q ? q.attempts : 0;
  }

  // Checks every question against the key and shows each one's result.
  function grade() {
    var answers = {}, correct = 0;
    questions.forEach(function (q) {
      var a = answerOf(q), ok = isCorrect(q, a);
      clearQuestion(q);
      showResult(q, a, ok);
      if (ok) correct++;
      answers[q.id] = { answer: a, correct: ok };
    });
    var percent = questions.length ? Math.round(100 * correct / questions.length) : 0;
    return { answers: answers, correct: correct, percent: percent };
  }

  function summary(correct, total, percent, rec) {
    score.textContent = '';
    var pass = percent >= passMark;
    score.className = 'quiz-score ' + (pass ? 'is-pass' : 'is-fail');
    var p = el('p', 'score-line');
    p.append(icon(pass));
    p.append(el('strong', null, T('js_scored', { correct: correct, total: total, pct: pct(percent) }) + ' ' + (pass ? T('js_passed') : T('js_not_passed', { pct: pct(passMark) }))));
    score.append(p);
    if (rec) score.append(el('p', 'score-history', T('js_history', { n: rec.attempts, best: pct(rec.best), last: pct(rec.last) })));
    if (pass && next) {
      var on = el('a', 'button', T('js_next_module', { module: next.textContent.replace(next.firstElementChild.textContent, '').trim() }));
      on.setAttribute('href', next.getAttribute('href')); // relative, as every link of the site
      score.append(on);
    }
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var missing = questions.filter(function (q) { return empty(answerOf(q)); });
    questions.forEach(function (q) { q.classList.remove('is-unanswered'); });
    if (missing.length) {
      score.textContent = '';
      score.className = 'quiz-score is-missing';
      score.append(el('p', null, T('js_unanswered')));
      var ul = el('ul');
      missing.forEach(function (q) {
        q.classList.add('is-unanswered');
        var li = el('li'), a = el('a', null, title(q));
        a.href = '#' + q.id;
        li.append(a); ul.append(li);
      });
      score.append(ul);
      // The summary takes focus, as error summaries do: its links lead to each question.
      score.focus();
      return;
    }
    var result = grade(), percent = result.percent, answers = result.answers;
    var rec = null;
    store.update(function (d) {
      var m = store.module(d, moduleId);
      var q = m.quiz || { attempts: 0, best: null, last: null, passedAt: '', questions: {} };
      // store.js passes `history` through as stored: an array of attempts or nothing.
      if (!Array.isArray(q.history)) q.history = [];
      // Saved before attempts were kept (version 1), a quiz tried once still holds the first.
      if (q.attempts === 1 && !q.history.length) q.history.push({ n: 1, at: q.at, score: q.last, answers: q.questions });
      q.attempts += 1;
      q.last = percent;
      q.best = q.best === null ? percent : Math.max(q.best, percent);
      q.at = store.now();
      if (percent >= passMark && !q.passedAt) q.passedAt = q.at;
      q.questions = Object.assign({}, q.questions, answers);
      // Every attempt's answers (schema version 2), for the trainer's item analysis
      // of first attempts; store.js keeps `history` as it is and the report checks it.
      q.history.push({ n: q.attempts, at: q.at, score: percent, answers: answers });
      m.quiz = q;
      m.at = q.at;
      rec = q;
    });
    summary(result.correct, questions.length, percent, rec);
    setMode(true);
    score.focus();
  });

  // Clears `qs` for a new try; the questions answered right keep their answers.
  function again(qs) {
    qs.forEach(function (q) {
      clearQuestion(q);
      inputs(q).forEach(function (i) { if (i.type === 'text') i.value = ''; else i.checked = false; });
    });
    if (shuffle) shuffleOptions(attemptsMade() + 1);
    score.textContent = '';
    score.className = 'quiz-score';
    setMode(false);
    var first = qs.length && one(qs[0], 'input');
    if (first) first.focus();
  }
  retry.addEventListener('click', function () { again(questions); });
  if (retryWrong) retryWrong.addEventListener('click', function () {
    again(questions.filter(function (q) { return q.classList.contains('is-incorrect'); }));
  });

  // Restore the last attempt: the answers given, and the results if every question has one.
  function restore() {
    var q = store.peek(store.read(), moduleId).quiz;
    if (!q || !q.attempts) { if (shuffle) shuffleOptions(1); return; }
    var all = true;
    questions.forEach(function (fs) {
      var r = q.questions[fs.id];
      if (!r) { all = false; return; }
      if (isText(fs)) { var t = one(fs, 'input'); if (t) t.value = typeof r.answer === 'string' ? r.answer : ''; }
      else inputs(fs).forEach(function (i) { i.checked = Array.isArray(r.answer) && r.answer.indexOf(i.value) >= 0; });
      if (empty(answerOf(fs))) all = false;
    });
    // The last attempt shows in its own order; a half-restored one is the next attempt.
    if (shuffle) shuffleOptions(all ? q.attempts : q.attempts + 1);
    if (!all) return;
    var result = grade();
    summary(result.correct, questions.length, result.percent, q);
    setMode(true);
  }

  score.tabIndex = -1;
  restore();
})();
