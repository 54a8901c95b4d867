/* coursemark offline: the offer to save a course above its max_precache for offline use,
   the saving's progress and its end. site.js loads it only when the course is not saved
   and the learner may be asked: in the notice, or in My progress's own place for it. */
(function () {
  'use strict';
  var cm = window.cm, t = cm.texts.t, store = cm.store, texts = {}, size = '';
  // The offer's texts come with the worker's status, so module pages never load them.
  function say(key) { return (texts[key] || key).replace('{size}', size); }
  function el(tag, text) { var e = document.createElement(tag); if (text) e.textContent = text; return e; }
  function button(text, onclick) { var b = el('button', text); b.type = 'button'; b.onclick = onclick; return b; }

  // Saves the course, with a bar that follows it, into `box` (which takes the focus the
  // pressed button had).
  function save(box) {
    store.offline('yes');
    var bar = el('progress');
    bar.max = 1; bar.value = 0;
    bar.setAttribute('aria-label', say('offline_saving'));
    box.textContent = say('offline_saving');
    box.append(' ', bar);
    box.tabIndex = -1;
    box.focus();
    cm.offline.ask('save', function (m) {
      if (m.total) { bar.value = m.done / m.total; return; }
      box.textContent = (m.saved ? t('js_offline_ready') : say('offline_failed')) + ' ';
      if (box.id === 'cm-notice') box.append(button(t('js_store_dismiss'), function () { box.hidden = true; }));
    });
  }

  cm.offline.offer = function (status) {
    texts = status.texts;
    size = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(status.bytes / 1e6);
    var slot = document.querySelector('[data-offline]'), notice = document.getElementById('cm-notice');
    // Chosen before (the browser dropped the copy, or it was cut short): saved again.
    if (store.offline() === 'yes') {
      if (slot) { slot.hidden = false; save(slot); } else if (notice && notice.hidden) { notice.className = 'notice'; notice.hidden = false; save(notice); }
      return;
    }
    var offer = button(say('offline_save'), function () { save(slot || notice); });
    if (slot) {
      slot.textContent = say('offline_can') + ' ';
      slot.append(offer);
      slot.hidden = false;
    } else if (notice && notice.hidden) {
      notice.textContent = say('offline_can') + ' ';
      notice.append(offer, ' ', button(say('offline_later'), function () { store.offline('no'); notice.hidden = true; }));
      notice.className = 'notice';
      notice.hidden = false;
    }
  };
})();
