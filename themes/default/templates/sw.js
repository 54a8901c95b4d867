/* coursemark service worker: the whole course, cached per build, for offline use.
   Generated at build time: VERSION changes whenever any file of the site changes. */
'use strict';
var VERSION = '{{ version }}';
var FILES = {{ files | json_encode | safe }};
var SCOPE = self.registration.scope;
// One cache per course folder and build; several courses on one host never share one.
var PREFIX = 'coursemark-{{ site.id }}-' + SCOPE + '-';
var CACHE = PREFIX + VERSION;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // Straight from the server, never from the HTTP cache, so one build is never mixed
    // with files of another.
    return Promise.all(FILES.map(function (f) {
      var url = new URL(f, SCOPE).href;
      return fetch(new Request(url, { cache: 'reload' })).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return cache.put(url, r);
      });
    }));
  }).then(function () { return self.skipWaiting(); }));
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
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(url).then(function (hit) {
      if (hit) return hit;
      return fetch(req).catch(function (err) {
        // Offline, a page the course does not have: its 404 page, at the site root so
        // the page's relative links work.
        var notFound = new URL('404.html', SCOPE).href;
        if (req.mode === 'navigate' && url !== notFound) {
          return cache.match(notFound).then(function (nf) { if (!nf) throw err; return Response.redirect(notFound, 302); });
        }
        throw err;
      });
    });
  }));
});
