/* Glossary terms: their definitions show on hover and focus by CSS alone; Esc hides the
   one showing (WCAG 1.4.13) until the pointer or focus leaves its term. Kept short: it
   counts against the weight of every page with terms. */
(function () {
  'use strict';
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    document.querySelectorAll('.term:hover,.term:focus-within').forEach(function (t) {
      function back() { t.classList.remove('term-closed'); }
      t.classList.add('term-closed');
      t.addEventListener('mouseleave', back, { once: true });
      t.addEventListener('focusout', back, { once: true });
    });
  });
})();
