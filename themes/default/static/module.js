/* coursemark module page: sections read, the step being read, the part's modules passed,
   checklist, notes, last visited. */
(function () {
  'use strict';
  // The document and the window, by names the served script shortens.
  var dom = document, win = window;
  var cm = win.cm, T = cm.texts.t;
  // The first and every element `sel` matches, and a new `tag` (short names, used often).
  function one(sel) { return dom.querySelector(sel); }
  function all(sel, root) { return (root || dom).querySelectorAll(sel); }
  function make(tag, cls) { var e = dom.createElement(tag); e.className = cls; return e; }
  var store = cm.store, main = one('main[data-module]');
  if (!store || !main) return;
  var id = main.dataset.module;
  var sections = Array.from(all('.module>section'));
  var checklist = one('[data-checklist]');
  var notes = one('[data-notes]');
  var notesStatus = one('[data-notes-status]');

  function tocMark(rec) {
    all('.toc a').forEach(function (a) {
      a.classList.toggle('is-read', !!rec.read[a.hash.slice(1)]);
    });
  }

  // A tick (and its words for screen readers) on each module of the syllabus passed.
  function syllabusMark(d) {
    all('.syllabus li[data-module]').forEach(function (li) {
      var q = store.peek(d, li.dataset.module).quiz, mark = li.querySelector('.visually-hidden');
      var passed = !!(q && q.passedAt);
      li.classList.toggle('is-passed', passed);
      if (passed && !mark) {
        mark = make('span', 'visually-hidden');
        mark.textContent = ' (' + T('js_passed_mark') + ')';
        li.firstChild.append(mark);
      } else if (!passed && mark) mark.remove();
    });
  }

  // `f` listening to `type` events on `target` (a short name, used often).
  function on(target, type, f, opts) { target.addEventListener(type, f, opts); }
  function render(d) {
    var rec = store.peek(d, id);
    tocMark(rec);
    syllabusMark(d);
    if (checklist) all('input[data-task]', checklist).forEach(function (i) {
      i.checked = !!rec.tasks[i.dataset.task];
    });
    if (notes && dom.activeElement !== notes && !pending) notes.value = rec.notes || '';
  }

  // A section counts as read once its end has been scrolled into view.
  var current = null, lastSaved = null;
  function markRead(sid) {
    var d = store.read();
    if (store.peek(d, id).read[sid]) return;
    store.update(function (d) { var m = store.module(d, id); m.read[sid] = true; m.at = store.now(); });
    tocMark(store.peek(store.read(), id));
  }
  function visit(sid) {
    if (sid === lastSaved) return;
    lastSaved = sid;
    store.update(function (d) { d.last = { module: id, section: sid || '', at: store.now() }; });
  }
  // Every browser the theme supports has IntersectionObserver.
  var ends = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) markRead(e.target.dataset.endOf); });
  });
  // The step being read: the section across a line a quarter down the screen, or
  // the last one once the page is scrolled to its end (a short last section never
  // reaches the line); looked at once per frame while scrolling.
  var looking = false, shown = null;
  var step = function () {
    looking = false;
    var line = win.innerHeight / 4, atEnd = win.innerHeight + win.scrollY >= dom.documentElement.scrollHeight - 2;
    sections.forEach(function (s, i) {
      var r = s.getBoundingClientRect();
      if ((r.top <= line && r.bottom > line) || (atEnd && i === sections.length - 1 && r.top < win.innerHeight)) current = s.id;
    });
    if (!current || current === shown) return;
    shown = current;
    visit(current);
    all('.toc a').forEach(function (a) {
      if (a.hash.slice(1) === current) a.setAttribute('aria-current', 'step');
      else a.removeAttribute('aria-current');
    });
  };
  on(win, 'scroll', function () {
    if (!looking) { looking = true; win.requestAnimationFrame(step); }
  }, { passive: true });
  win.requestAnimationFrame(step);
  sections.forEach(function (s) {
    var end = make('span', 'section-end');
    end.setAttribute('aria-hidden', 'true');
    end.dataset.endOf = s.id;
    s.append(end);
    ends.observe(end);
  });
  // Where the learner last did something (an answer, a tick, a note) is where they are.
  on(main, 'focusin', function (e) {
    var s = e.target.closest('.module>section');
    if (s) visit(s.id);
  });
  var target = location.hash && dom.getElementById(decodeURIComponent(location.hash.slice(1)));
  var inSection = target && target.closest('.module>section');
  visit(inSection ? inSection.id : '');

  if (checklist) on(checklist, 'change', function (e) {
    var t = e.target;
    if (!t.matches || !t.matches('input[data-task]')) return;
    store.update(function (d) {
      var m = store.module(d, id), k = t.dataset.task;
      if (t.checked) m.tasks[k] = true; else delete m.tasks[k];
      m.at = store.now();
    });
  });

  // Notes: saved as the learner types (debounced), flushed on blur and when the page is left.
  var pending = false, timer = null;
  function flush() {
    if (!pending || !notes) return;
    pending = false;
    clearTimeout(timer);
    var v = notes.value;
    var ok = store.update(function (d) { var m = store.module(d, id); m.notes = v; m.at = store.now(); });
    if (notesStatus) notesStatus.textContent = T(ok ? 'js_notes_saved' : 'js_notes_not_saved');
  }
  if (notes) {
    on(notes, 'input', function () {
      pending = true;
      if (notesStatus) notesStatus.textContent = '';
      clearTimeout(timer);
      timer = setTimeout(flush, 500);
    });
    on(notes, 'blur', flush);
    on(notes, 'change', flush);
  }
  on(win, 'pagehide', flush);
  on(dom, 'visibilitychange', function () { if (dom.visibilityState === 'hidden') flush(); });

  // Wide tables scroll sideways on phones; a scrolling region must be reachable by keyboard.
  var wraps = Array.from(all('table', main), function (t, i) {
    var w = make('div', 'table-wrap');
    t.parentNode.insertBefore(w, t);
    w.append(t);
    var cap = t.querySelector('caption');
    w.setAttribute('aria-label', cap ? cap.textContent : T('js_table', { n: String(i + 1) }));
    return w;
  });
  function fitTables() {
    wraps.forEach(function (w) {
      var scrolls = w.scrollWidth > w.clientWidth + 1;
      if (scrolls) { w.setAttribute('tabindex', '0'); w.setAttribute('role', 'region'); }
      else { w.removeAttribute('tabindex'); w.removeAttribute('role'); }
    });
  }
  var resizeTimer = null;
  on(win, 'resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(fitTables, 200); });
  fitTables();

  // Scripts of the site, run in the order given (as their page would); the last one.
  function scripts(srcs) {
    var s;
    srcs.forEach(function (src) {
      s = dom.createElement('script');
      s.src = store.root + src;
      s.async = false;
      dom.head.append(s);
    });
    return s;
  }

  // quiz.js, after its texts (quiz-texts.js), loads when the quiz comes near the screen
  // or the learner reaches it, so a long module's first load stays light; a submit
  // before that waits for it.
  var quiz = one('form[data-quiz]'), quizState = 0;
  function loadQuiz() {
    if (quizState) return;
    quizState = 1;
    scripts(['quiz-texts.js', 'theme/quiz.js']).onload = function () { if (quizState === 2 && quiz.requestSubmit) quiz.requestSubmit(); quizState = 3; };
  }
  if (quiz) {
    on(quiz, 'submit', function (e) {
      if (cm.quiz) return;
      e.preventDefault();
      loadQuiz();
      quizState = 2;
    });
    on(quiz, 'focusin', loadQuiz);
    on(quiz, 'pointerdown', loadQuiz);
    var near = new IntersectionObserver(function (es) {
      if (es.some(function (e) { return e.isIntersecting; })) { near.disconnect(); loadQuiz(); }
    }, { rootMargin: '100% 0px' });
    near.observe(quiz);
  }

  // Glossary terms link their entries; their short definitions (glossary.js), the script
  // that shows them (terms.js) and its styles load at the learner's first move, so they
  // weigh nothing before.
  var termsAsked = !one('.term');
  function loadTerms() {
    if (termsAsked) return;
    termsAsked = true;
    var css = dom.createElement('link');
    css.rel = 'stylesheet';
    css.href = store.root + 'theme/terms.css';
    dom.head.append(css);
    scripts(['glossary.js', 'theme/terms.js']);
  }
  ['pointerover', 'pointerdown', 'touchstart', 'keydown', 'focusin'].forEach(function (type) {
    on(dom, type, loadTerms, { capture: true, passive: true });
  });

  store.onChange(render);
  render(store.read());
})();
