/* coursemark service worker: the whole course, cached per build, for offline use.
   Generated at build time: VERSION changes whenever any file of the site changes. */
'use strict';
var VERSION = '{{ version }}';
var FILES = {{ files | json_encode | safe }};
// The site's size, and whether it is above the course's max_precache: then the learner
// is asked first (site.js offers it) instead of the whole site being saved at once.
var BYTES = {{ bytes }};
var ASK = {{ ask }};
// The offer's texts, in the course's language, for offline.js.
var TEXTS = {{ texts | json_encode | safe }};
var SCOPE = self.registration.scope;
// One cache per course folder and build; several courses on one host never share one.
var PREFIX = 'coursemark-{{ site.id }}-' + SCOPE + '-';
var CACHE = PREFIX + VERSION;

// Saves every file of this build; `step(done, total)` follows it file by file.
function save(step) {
  return caches.open(CACHE).then(function (cache) {
    var done = 0;
    // Straight from the server, never from the HTTP cache, so one build is never mixed
    // with files of another.
    return Promise.all(FILES.map(function (f) {
      var url = new URL(f, SCOPE).href;
      return fetch(new Request(url, { cache: 'reload' })).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return cache.put(url, r);
      }).then(function () { if (step) step(++done, FILES.length); });
    }));
  });
}

// Whether this build is saved whole. Never opens a cache that is not there: an older
// build's cache is what tells a new build that the learner chose to save the course.
function saved() {
  return caches.has(CACHE).then(function (has) {
    return has && caches.open(CACHE).then(function (c) { return c.keys(); }).then(function (k) { return k.length >= FILES.length; });
  });
}

self.addEventListener('install', function (event) {
  // Saved now when small enough, or when the learner chose it for an earlier build
  // (whose cache is still here).
  event.waitUntil(caches.keys().then(function (names) {
    var chosen = names.some(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; });
    return !ASK || chosen ? save() : null;
  }).then(function () { return self.skipWaiting(); }));
});

// The page asks `status` ({ask, bytes, saved, texts}) and, when the learner chooses, `save`,
// answered with {done, total} per file and then {saved} or {failed}.
self.addEventListener('message', function (event) {
  var port = event.ports[0];
  if (!port) return;
  var answer = function (m) { port.postMessage(m); };
  if (event.data === 'status') {
    event.waitUntil(saved().then(function (s) { answer({ ask: ASK, bytes: BYTES, saved: s, texts: TEXTS }); }));
  } else if (event.data === 'save') {
    event.waitUntil(save(function (done, total) { answer({ done: done, total: total }); })
      .then(function () { answer({ saved: true }); }, function () { answer({ failed: true }); }));
  }
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET' || req.url.indexOf(SCOPE) !== 0) return;
  var url = req.url.split('#')[0].split('?')[0];
  if (url === SCOPE || url.slice(-1) === '/') url += 'index.html';
  var cached = function (u) { return caches.match(u, { cacheName: CACHE }); };
  event.respondWith(cached(url).then(function (hit) {
    if (hit) return hit;
    return fetch(req).catch(function (err) {
      // Offline, a page the course does not have: its 404 page, at the site root so
      // the page's relative links work.
      var notFound = new URL('404.html', SCOPE).href;
      if (req.mode === 'navigate' && url !== notFound) {
        return cached(notFound).then(function (nf) { if (!nf) throw err; return Response.redirect(notFound, 302); });
      }
      throw err;
    });
  }));
});
