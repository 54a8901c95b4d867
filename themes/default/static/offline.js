/* coursemark offline: the offer to save a course above its max_precache for offline use,
   the saving's progress and its end, in the notice floating at the foot of the page (so
   nothing moves). site.js loads it when the course is not saved and asks first; after
   "Not now" only My progress offers it again. The learner's answer is
   store.choice('offline'): 'yes' or 'no'. */
(function () {
  'use strict';
  var cm = window.cm, t = cm.texts.t, store = cm.store, texts = {}, size = '', worker;
  // The offer's texts come with the worker's status, so module pages never load them.
  function say(key) { return (texts[key] || key).replace('{size}', size); }
  function el(tag, text) { var e = document.createElement(tag); if (text) e.textContent = text; return e; }
  function button(text, onclick) { var b = el('button', text); b.type = 'button'; b.onclick = onclick; return b; }

  // Saves the course, with a bar that follows it file by file, into `box` (which takes
  // the focus the pressed button had).
  function save(box) {
    store.choice('offline', 'yes');
    var bar = el('progress');
    bar.max = 1; bar.value = 0;
    bar.setAttribute('aria-label', say('offline_saving'));
    box.textContent = say('offline_saving');
    box.append(' ', bar);
    box.tabIndex = -1;
    box.focus();
    var ch = new MessageChannel();
    ch.port1.onmessage = function (e) {
      var m = e.data;
      if (m.total) { bar.value = m.done / m.total; return; }
      box.textContent = (m.saved ? t('js_offline_ready') : say('offline_failed')) + ' ';
      box.className = m.saved ? 'notice' : 'notice notice-warn';
      box.append(button(t('js_store_dismiss'), function () { box.hidden = true; }));
    };
    worker.postMessage('save', [ch.port2]);
  }

  cm.offline = function (status, active) {
    worker = active;
    texts = status.texts;
    size = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(status.bytes / 1e6);
    var box = document.getElementById('cm-notice'), chosen = store.choice('offline');
    // The notice only when free: another message (a damaged store) goes first.
    if (!box || !box.hidden || (chosen === 'no' && document.documentElement.getAttribute('data-page') !== 'progress')) return;
    box.className = 'notice';
    box.hidden = false;
    // Chosen before (the browser dropped the copy, or saving was cut short): again.
    if (chosen === 'yes') { save(box); return; }
    box.textContent = say('offline_can') + ' ';
    box.append(button(say('offline_save'), function () { save(box); }), ' ', button(say('offline_later'), function () { store.choice('offline', 'no'); box.hidden = true; }));
  };
})();
