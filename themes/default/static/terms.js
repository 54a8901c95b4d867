/* Glossary terms: each links its entry. The short definitions (glossary.js) load at the
   learner's first move, so they weigh nothing before; each then describes its term's link
   and shows on hover and focus by CSS alone. Esc hides the one showing (WCAG 1.4.13) until
   the pointer or focus leaves its term. Kept short: it counts against the weight of every
   page with terms. */
(function () {
  'use strict';
  // The document, by a name the served script shortens.
  var dom = document;
  var cm = window.cm = window.cm || {}, asked = false;
  function describe() {
    var defs = cm.glossary || {};
    dom.querySelectorAll('.term > a').forEach(function (a, i) {
      var text = defs[decodeURIComponent(a.hash.slice(1))];
      if (!text || a.nextSibling) return;
      var tip = dom.createElement('span');
      tip.id = 'T' + (i + 1);
      tip.textContent = text;
      a.after(tip);
      a.setAttribute('aria-describedby', tip.id);
    });
  }
  function load() {
    if (asked) return;
    asked = true;
    var s = dom.createElement('script');
    s.src = (dom.documentElement.dataset.root || '') + 'glossary.js';
    s.onload = describe;
    dom.head.appendChild(s);
  }
  ['pointerover', 'pointerdown', 'touchstart', 'keydown', 'focusin'].forEach(function (type) {
    dom.addEventListener(type, load, { capture: true, passive: true });
  });
  dom.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    dom.querySelectorAll('.term:hover,.term:focus-within').forEach(function (t) {
      function back() { t.classList.remove('term-closed'); }
      t.classList.add('term-closed');
      t.addEventListener('mouseleave', back, { once: true });
      t.addEventListener('focusout', back, { once: true });
    });
  });
})();
