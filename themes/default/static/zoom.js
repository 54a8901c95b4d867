/* Tap to zoom: each figure's image gets a button over it that opens the image full
   screen in a modal dialog (Esc or Close shuts it; focus returns to the button). The
   buttons are added here, so a page without scripts shows no control that does nothing. */
(function () {
  'use strict';
  var texts = window.cm && window.cm.texts;
  function t(key, vars) { return texts ? texts.t(key, vars) : key; }
  var view, shown, opener;
  function close() { if (view.open) view.close(); }
  function build() {
    view = document.createElement('dialog');
    view.className = 'zoom-view';
    var shut = document.createElement('button');
    shut.type = 'button';
    shut.className = 'zoom-close';
    shut.textContent = t('js_zoom_close');
    shut.addEventListener('click', close);
    shown = document.createElement('div');
    shown.className = 'zoom-image';
    view.appendChild(shut);
    view.appendChild(shown);
    // A click on the backdrop (outside the image) closes it too.
    view.addEventListener('click', function (e) { if (e.target === view) close(); });
    view.addEventListener('close', function () {
      shown.textContent = '';
      if (opener) opener.focus();
    });
    document.body.appendChild(view);
  }
  function open(button, media) {
    if (!view) build();
    opener = button;
    shown.textContent = '';
    var copy = media.cloneNode(true);
    var img = copy.tagName === 'IMG' ? copy : copy.querySelector('img');
    if (img) img.removeAttribute('loading');
    shown.appendChild(copy);
    view.setAttribute('aria-label', button.getAttribute('aria-label'));
    view.showModal();
  }
  var frames = document.querySelectorAll('.figure-image');
  Array.prototype.forEach.call(frames, function (frame) {
    var media = frame.firstElementChild;
    var img = media && (media.tagName === 'IMG' ? media : media.querySelector('img'));
    if (!img || typeof HTMLDialogElement !== 'function') return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'zoom';
    button.setAttribute('aria-label', t('js_zoom', { alt: img.alt }));
    button.addEventListener('click', function () { open(button, media); });
    frame.appendChild(button);
  });
})();
