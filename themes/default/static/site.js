/* coursemark on every page: texts for the scripts, print buttons, the light/dark switch,
   the search box (its script, styles and index load only once the learner starts searching),
   offline use.
   Everything the theme's scripts share hangs under `window.cm`: the generated `strings`,
   `course` and `searchIndex`, and `texts` (here), `store`, `progress`, `quiz`, `search`. */
(function () {
  'use strict';
  // The document and the window, by names the served script shortens.
  var dom = document, win = window;
  var cm = win.cm = win.cm || {};
  var doc = dom.documentElement, root = doc.dataset.root || '';
  var lang = doc.lang || undefined, strings = {};
  // strings.js sets the texts; a theme whose templates still carry them inline works too.
  if (cm.strings) strings = cm.strings;
  else try { strings = JSON.parse(dom.getElementById('cm-strings').textContent); } catch (e) { strings = {}; }
  function get(k) { var c = cm.course; return k in strings ? strings[k] : c && c.strings ? c.strings[k] : undefined; }
  // A text by key with {name}s filled in; a numeric vars.n picks key_one/_few/_other.
  function t(key, vars) {
    vars = vars || {};
    if (typeof vars.n === 'number' && get(key) === undefined) {
      var form = key + '_' + new Intl.PluralRules(lang).select(vars.n);
      key = get(form) === undefined ? key + '_other' : form;
    }
    var s = get(key);
    return s === undefined ? key : s.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? String(vars[k]) : m; });
  }
  // The one text lookup of the theme: every script shows its texts through cm.texts.
  cm.texts = {
    t: t,
    pct: function (n) { return new Intl.NumberFormat(lang, { style: 'percent' }).format(n / 100); },
    num: function (n) { return new Intl.NumberFormat(lang).format(n); }
  };
  // `f` listening to `type` events on `target` (a short name, used often).
  function on(target, type, f, opts) { target.addEventListener(type, f, opts); }
  // Good news, told unless another notice is showing, through store.js as every notice.
  function notice(msg) {
    var el = dom.getElementById('cm-notice');
    if (el && el.hidden) cm.store.notice(msg, '', [[t('js_store_dismiss'), function () { el.hidden = true; }]]);
  }
  Array.prototype.forEach.call(dom.querySelectorAll('[data-print-page]'), function (b) {
    b.hidden = false;
    on(b, 'click', function () { win.print(); });
  });

  // The light/dark switch: pressed when the page is dark, by choice or by the system's
  // setting; store.js keeps the choice and puts it on the page.
  var toggle = dom.querySelector('[data-scheme-toggle]'), system = win.matchMedia('(prefers-color-scheme: dark)');
  function isDark() { var s = cm.store.scheme(); return s ? s === 'dark' : system.matches; }
  function showScheme() { toggle.setAttribute('aria-pressed', String(isDark())); }
  if (toggle && cm.store) {
    toggle.hidden = false;
    showScheme();
    on(toggle, 'click', function () { cm.store.scheme(isDark() ? 'light' : 'dark'); showScheme(); });
    if (system.addEventListener) on(system, 'change', showScheme);
  }

  var box = dom.querySelector('[data-search]'), input = dom.getElementById('cm-search'), started = false;
  function load(src, done, failed) {
    var s = dom.createElement('script');
    s.src = root + src;
    s.onload = done;
    s.onerror = failed;
    dom.head.appendChild(s);
  }
  function start() {
    if (started) return;
    started = true;
    var left = 4, css = dom.createElement('link');
    function done() { if (--left === 0 && cm.search) cm.search(); }
    function failed() { dom.getElementById('cm-search-status').textContent = t('js_search_failed'); }
    // The results panel's styles come with the search, so no page loads them before.
    css.rel = 'stylesheet';
    css.href = root + 'theme/search.css';
    css.onload = done;
    css.onerror = failed;
    dom.head.appendChild(css);
    load('search-index.js', done, failed);
    load('search-texts.js', done, failed);
    load('theme/search.js', done, failed);
  }
  if (box && input) {
    box.hidden = false;
    on(input, 'focus', start);
    on(input, 'input', start);
    on(dom, 'keydown', function (e) {
      var a = dom.activeElement;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (a && (/^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) || a.isContentEditable)) return;
      e.preventDefault();
      input.focus();
    });
  }

  // Offline over http(s) only: sw.js caches the whole course, one cache per build.
  if (cm.livePage !== undefined) {
    // Under `coursemark serve` pages change on every save: no offline copy, and any
    // copy left from a published build on this address is dropped.
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.getRegistrations().then(function (rs) {
        rs.forEach(function (r) { r.unregister(); });
      }).catch(function () {});
    }
  } else if (!cm.package && 'serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    // Registered once the page has loaded and the browser is idle, so saving the course
    // never competes with the page the learner opened. A course above its max_precache
    // is saved only when the learner chooses (offline.js offers it).
    var idle = win.requestIdleCallback || function (f) { setTimeout(f, 2000); };
    var sw = navigator.serviceWorker, had = !!sw.controller, busy = false;
    ['keydown', 'pointerdown', 'input', 'wheel', 'touchstart'].forEach(function (ev) { on(dom, ev, function () { busy = true; }, true); });
    on(win, 'load', function () { idle(function () {
      sw.register(root + 'sw.js', { scope: root || './' }).then(function () { return sw.ready; }).then(function (reg) {
        // Saved on this first visit (no worker served the page): told once. Not saved,
        // in a course that asks first: offline.js offers it.
        var ch = new MessageChannel();
        ch.port1.onmessage = function (e) {
          var s = e.data;
          if (s.saved && !had) notice(t('js_offline_ready'));
          else if (s.ask && !s.saved) load('theme/offline.js', function () { cm.offline(s, reg.active); });
        };
        reg.active.postMessage('status', [ch.port2]);
      }).catch(function () { /* the course works without it */ });
    }, { timeout: 10000 }); });
    // A new build took over: show it now unless the learner is busy on this page.
    on(sw, 'controllerchange', function () {
      if (had && !busy) location.reload();
      else if (had) notice(t('js_updated'));
    });
  }
})();
