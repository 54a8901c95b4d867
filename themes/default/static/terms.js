/* Glossary terms: their definitions show on hover and focus by CSS alone; Esc hides the
   one showing (WCAG 1.4.13) until the pointer or focus leaves its term. */
(function () {
  'use strict';
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    Array.prototype.forEach.call(document.querySelectorAll('.term:hover, .term:focus-within'), function (term) {
      term.classList.add('term-closed');
      function reopen() {
        term.classList.remove('term-closed');
        term.removeEventListener('mouseleave', reopen);
        term.removeEventListener('focusout', reopen);
      }
      term.addEventListener('mouseleave', reopen);
      term.addEventListener('focusout', reopen);
    });
  });
})();
