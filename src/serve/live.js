(function () {
  'use strict';
  var page = window.cm.livePage;
  var key = 'coursemark-live-scroll:' + page;
  var version = null;
  var overlay = null;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener('load', function () { window.scrollTo(0, Number(saved)); });
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    window.location.reload();
  }
  function show(errors) {
    if (!errors.length) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;' +
        'background:#fff5f5;color:#5c0b0b;border-top:4px solid #b42318;padding:1rem 1.25rem;font:14px/1.5 ui-monospace,monospace;' +
        'box-shadow:0 -4px 16px rgba(0,0,0,.2)';
      document.body.appendChild(overlay);
    }
    overlay.textContent = '';
    var title = document.createElement('strong');
    title.textContent = 'The course has ' + errors.length + ' error' + (errors.length === 1 ? '' : 's') +
      '. Fix them and this page updates.';
    overlay.appendChild(title);
    var list = document.createElement('ul');
    errors.forEach(function (e) {
      var item = document.createElement('li');
      item.textContent = (e.file ? e.file + ':' + e.line + ':' + e.column + ': ' : '') + e.message;
      if (e.help) {
        var help = document.createElement('div');
        help.textContent = 'help: ' + e.help;
        help.style.cssText = 'color:#3d3d3d;margin:.25rem 0 .5rem 1.5rem';
        item.appendChild(help);
      }
      list.appendChild(item);
    });
    overlay.appendChild(list);
  }
  // Whether this page loaded the site file `path` (a script, style sheet or picture):
  // a rebuild's other files (the search index, the offline worker, other pages) leave
  // it as it is, so a save reloads the page once, when its own file is written.
  function loads(path) {
    var url = new URL(path, location.origin + '/').href;
    var used = document.querySelectorAll('script[src],link[href],img[src],source[src],video[src],audio[src]');
    for (var i = 0; i < used.length; i++) {
      if ((used[i].src || used[i].href) === url) { return true; }
    }
    return false;
  }
  var events = new EventSource('/__coursemark/events');
  events.addEventListener('hello', function (e) {
    var data = JSON.parse(e.data);
    // After a restart of the server, the page may be older than the build.
    if (version !== null && data.version !== version) { reload(); return; }
    version = data.version;
    show(data.errors);
  });
  events.addEventListener('update', function (e) {
    var data = JSON.parse(e.data);
    version = data.version;
    var mine = data.changed.some(function (path) {
      return path === page || loads(path);
    });
    if (mine && !data.errors.length) { reload(); return; }
    show(data.errors);
  });
}());
