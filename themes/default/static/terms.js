/* Glossary terms: loaded by module.js at the learner's first move, after the short
   definitions (glossary.js). Each definition then describes its term's link and shows on
   hover and focus by CSS alone. Esc hides the one showing (WCAG 1.4.13) until the pointer
   or focus leaves its term. */
(function () {
  'use strict';
  // The document, by a name the served script shortens.
  var dom = document;
  var defs = (window.cm || {}).glossary || {};
  dom.querySelectorAll('.term > a').forEach(function (a, i) {
    var text = defs[decodeURIComponent(a.hash.slice(1))];
    if (!text || a.nextSibling) return;
    var tip = dom.createElement('span');
    tip.id = 'T' + (i + 1);
    tip.textContent = text;
    a.after(tip);
    a.setAttribute('aria-describedby', tip.id);
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
