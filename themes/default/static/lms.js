/* coursemark LMS package, part 4 of 4 (launch page only): the session. Connects to the
   LMS through the bridge for the package's format, restores the learner's progress from
   it into the store, shows the course in a frame and reports each change the pages save.
   The LMS is the source of truth; the store (localStorage) is the working copy the pages
   share. Without an LMS the course works as the normal site, and says so. */
(function () {
  'use strict';
  var cm = window.cm, kit = cm.lmsKit, store = cm.store, pkg = cm.package, T = cm.texts.t;
  var frame = document.getElementById('cm-course');
  if (!kit || !frame) return;
  var only = kit.only, scope = kit.scope, notice = kit.notice, summary = kit.summary;
  var newInteractions = kit.newInteractions, locationOf = kit.locationOf;

  var lms = pkg.format === 'cmi5' ? kit.cmi5() : kit.scorm(pkg.format === 'scorm2004');
  var finished = false;

  function show(page) {
    frame.src = page || (only && scope[0] ? scope[0].url : 'index.html');
  }

  if (!lms) {
    notice(T('lms_none'));
    show('');
    cm.lms = { connected: false };
    return;
  }

  function sync() {
    if (finished) return;
    var d = store.read();
    lms.report(d, summary(d), newInteractions(d));
  }
  function finish() {
    if (finished) return;
    finished = true;
    var d = store.read();
    lms.finish(d, summary(d), newInteractions(d));
  }

  lms.start().then(function (saved) {
    var d = store.read();
    if (!saved.suspend) return { d: d, fresh: true, location: saved.location };
    return kit.unpack(saved.suspend).then(function (text) {
      return { d: kit.decode(text, d), fresh: false, location: saved.location };
    }).catch(function () {
      notice(T('lms_unreadable'));
      return { d: d, fresh: true, location: saved.location };
    });
  }).then(function (r) {
    // The LMS's copy replaces this browser's: with none, the learner starts afresh here.
    var d = r.d;
    if (r.fresh && only) delete d.modules[only];
    else if (r.fresh) d = store.fresh();
    store.write(d);
    kit.markReported(d);
    cm.lms = { connected: true, name: lms.name };
    store.onChange(sync);
    frame.addEventListener('load', sync);
    window.addEventListener('pagehide', finish);
    window.addEventListener('beforeunload', finish);
    sync();
    show(r.location && /^[\w./-]+(#[\w-]*)?$/.test(r.location) ? r.location : locationOf(d));
  }).catch(function () {
    // No usable LMS after all: the course still works, with progress in this browser.
    notice(T('lms_failed'));
    cm.lms = { connected: false };
    show('');
  });
})();
