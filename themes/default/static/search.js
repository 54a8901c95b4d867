/* coursemark search: looks the learner's words up in the sharded index (search-index.js,
   loaded by site.js on first use, then the shards a query needs) and lists the sections
   that contain them. Prefix matching, blind to case and diacritics (`sto` finds `Što`);
   title and heading hits rank first. */
(function () {
  'use strict';
  var MAX = 12;
  var FOLD = { 'đ': 'd', 'ł': 'l', 'ø': 'o', 'ı': 'i', 'ß': 's', 'æ': 'a', 'œ': 'o', 'þ': 't', 'ð': 'd' };
  var MARKS = /[\u0300-\u036f]/g;
  // One folded character per UTF-16 unit, so positions in folded text are positions in the original.
  function foldChar(c) {
    var f = c.toLowerCase();
    f = FOLD[f] || f.normalize('NFD').replace(MARKS, '');
    return f.length === 1 ? f : f ? f.charAt(0) : ' ';
  }
  var cache = {};
  function fold(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      out += cache[c] || (cache[c] = foldChar(c));
    }
    return out;
  }
  function words(q) { return fold(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
  // The index: search-index.js (loaded by site.js) says how many sections each module
  // has, which modules each text shard holds and the first word of each word shard;
  // search/wN.js and search/tN.js are loaded as a search needs them.
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', VALUE = {};
  for (var d = 0; d < 64; d++) VALUE[DIGITS.charAt(d)] = d;
  // Numbers of five bits a digit, lowest first; a sixth bit says another digit follows.
  function numbers(s) {
    var out = [], n = 0, scale = 1;
    for (var i = 0; i < s.length; i++) {
      var v = VALUE[s.charAt(i)];
      n += (v & 31) * scale;
      if (v & 32) scale *= 32;
      else { out.push(n); n = 0; scale = 1; }
    }
    return out;
  }
  // Calls f with each id of a list: the gaps between ids, or `~` and six ids a digit.
  function eachId(s, f) {
    if (s.charAt(0) === '~') {
      for (var i = 1; i < s.length; i++) {
        var v = VALUE[s.charAt(i)];
        for (var k = 0; k < 6; k++) if (v & (1 << k)) f((i - 1) * 6 + k);
      }
      return;
    }
    var next = 0;
    numbers(s).forEach(function (gap) { f(next + gap); next += gap + 1; });
  }

  var idx = null, shards = {}, waiting = {}, root = '';
  window.cm.searchShard = function (name, data) { shards[name] = data; };
  function prepare() {
    var raw = window.cm.searchIndex || {}, counts = numbers(raw.sections || ''), texts = numbers(raw.texts || '');
    var first = [0], moduleOf = [], shardOf = [], at = [];
    counts.forEach(function (n, m) {
      first.push(first[m] + n);
      for (var i = 0; i < n; i++) moduleOf.push(m);
    });
    texts.forEach(function (n, k) { for (var i = 0; i < n; i++) { shardOf.push(k); at.push(i); } });
    return { first: first, moduleOf: moduleOf, textShard: shardOf, textAt: at, keys: raw.words || [''] };
  }
  // Loads the shards `names`, then calls done(true), or done(false) when one failed.
  function load(names, done) {
    var missing = names.filter(function (n, i) { return !(n in shards) && names.indexOf(n) === i; });
    var left = missing.length, ok = true;
    if (!left) return done(true);
    missing.forEach(function (n) {
      if (!waiting[n]) {
        waiting[n] = [];
        var s = document.createElement('script'), settle = function () {
          var w = waiting[n];
          delete waiting[n];
          w.forEach(function (f) { f(n in shards); });
        };
        s.src = root + 'search/' + n + '.js';
        s.onload = settle;
        s.onerror = settle;
        document.head.appendChild(s);
      }
      waiting[n].push(function (loaded) { ok = ok && loaded; if (--left === 0) done(ok); });
    });
  }
  // The word shard that holds `key`: the last whose first word is at most `key`.
  function wordShard(key) {
    var lo = 0, hi = idx.keys.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (idx.keys[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  // Where the words starting with `w` are: all in one shard, or, when they span
  // several, their union under `w*`.
  function place(w) {
    var lo = wordShard(w);
    if (lo === wordShard(w + '\uffff')) return { shard: 'w' + lo, key: null };
    return { shard: 'w' + wordShard(w + '*'), key: w + '*' };
  }
  // Per section, where word `w` starts a word: 4 in its module's title, 2 in its
  // heading, 1 in its text only.
  function found(w) {
    var p = place(w), data = shards[p.shard], flags = new Uint8Array(idx.moduleOf.length);
    function add(lists) {
      var l = lists.split(',');
      eachId(l[0], function (m) { for (var e = idx.first[m]; e < idx.first[m + 1]; e++) flags[e] |= 4; });
      eachId(l[1], function (e) { flags[e] |= 2; });
      eachId(l[2], function (e) { flags[e] |= 1; });
    }
    if (p.key) { if (p.key in data) add(data[p.key]); }
    else for (var k in data) if (k.lastIndexOf(w, 0) === 0 && k.charAt(k.length - 1) !== '*') add(data[k]);
    return flags;
  }

  // Each query word must occur; module title counts most, then heading, then text.
  // Best score first, in course order within a score.
  function search(ws) {
    var flags = ws.map(found), byScore = {}, seenTitle = {};
    for (var e = 0; e < idx.moduleOf.length; e++) {
      var total = 0, onlyTitle = true;
      for (var j = 0; j < flags.length && total >= 0; j++) {
        var f = flags[j][e];
        if (!f) total = -1;
        else {
          total += f & 4 ? 100 : f & 2 ? 30 : 1;
          if (f & 3) onlyTitle = false;
        }
      }
      if (total < 0) continue;
      // A match in the module title alone is one result for the module, not one per section.
      if (onlyTitle) {
        var m = idx.moduleOf[e];
        if (seenTitle[m]) continue;
        seenTitle[m] = true;
      }
      (byScore[total] = byScore[total] || []).push({ e: e, score: total, onlyTitle: onlyTitle });
    }
    // The sections are visited in course order: grouped by score, they need no sort.
    var scores = Object.keys(byScore).map(Number).sort(function (a, b) { return b - a; });
    return [].concat.apply([], scores.map(function (n) { return byScore[n]; }));
  }
  // The text shard of each hit's module.
  function textShards(hits) {
    return hits.map(function (h) { return 't' + idx.textShard[idx.moduleOf[h.e]]; });
  }
  // A hit's module and section, from its text shard.
  function entry(h) {
    var m = idx.moduleOf[h.e], doc = shards['t' + idx.textShard[m]][idx.textAt[m]];
    return { doc: doc, sec: doc.s[h.e - idx.first[m]], fx: null };
  }

  // Text with the query words marked: DOM text nodes and <mark>, never HTML.
  function marked(text, ws) {
    var f = fold(text), frag = document.createDocumentFragment(), at = 0, i = 0;
    while (i < f.length) {
      var len = 0;
      if (i === 0 || !/[\p{L}\p{N}]/u.test(f.charAt(i - 1))) {
        for (var k = 0; k < ws.length; k++) if (ws[k].length > len && f.substr(i, ws[k].length) === ws[k]) len = ws[k].length;
      }
      if (len) {
        if (i > at) frag.appendChild(document.createTextNode(text.slice(at, i)));
        var m = document.createElement('mark');
        m.textContent = text.slice(i, i + len);
        frag.appendChild(m);
        i += len; at = i;
      } else i++;
    }
    if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  // About 140 characters of the text around the first match.
  function snippet(e, ws) {
    var x = e.sec.x || '', fx = e.fx === null ? (e.fx = fold(x)) : e.fx, first = -1;
    ws.forEach(function (w) {
      var i = fx.indexOf(w);
      while (i > 0 && /[\p{L}\p{N}]/u.test(fx.charAt(i - 1))) i = fx.indexOf(w, i + 1);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    });
    if (first < 0) first = 0;
    var from = Math.max(0, first - 50), to = Math.min(x.length, from + 140);
    if (from > 0) { var sp = x.indexOf(' ', from); if (sp >= 0 && sp < first) from = sp + 1; }
    if (to < x.length) { var sp2 = x.lastIndexOf(' ', to); if (sp2 > first) to = sp2; }
    return (from > 0 ? '…' : '') + x.slice(from, to) + (to < x.length ? '…' : '');
  }

  window.cm.search = function () {
    var text = window.cm.texts;
    root = document.documentElement.getAttribute('data-root') || '';
    idx = prepare();
    var input = document.getElementById('cm-search');
    var list = document.getElementById('cm-results');
    var status = document.getElementById('cm-search-status');
    if (!input || !list) return;
    var active = -1, options = [], timer = null, shown = null, closing = null, limit = MAX;

    function setActive(i) {
      if (options[active]) options[active].removeAttribute('aria-selected');
      active = i;
      if (options[i]) {
        options[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[i].id);
        options[i].scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    }
    function close() {
      list.hidden = true;
      limit = MAX;
      if (status && status.textContent !== text.t('js_search_failed')) status.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }
    function failed() { if (status) status.textContent = text.t('js_search_failed'); }
    // Shows the results of the query in the box once the shards it needs have loaded,
    // then calls `then`; a result for a query typed over meanwhile is dropped.
    function render(then) {
      var value = input.value, want = limit, ws = words(value.trim());
      function current() { return input.value === value && limit === want; }
      if (!ws.length) return show(value, ws, [], then);
      load(ws.map(function (w) { return place(w).shard; }), function (ok) {
        if (!ok) return failed();
        if (!current()) return;
        var hits = search(ws);
        load(textShards(hits.slice(0, limit)), function (ok) {
          if (!ok) return failed();
          if (current()) show(value, ws, hits, then);
        });
      });
    }
    function show(value, ws, hits, then) {
      var q = value.trim();
      shown = value;
      list.setAttribute('data-query', q); // which query the list shows, as typing runs ahead of it
      list.textContent = '';
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (!ws.length) { close(); if (status) status.textContent = ''; if (then) then(); return; }
      hits.slice(0, limit).forEach(function (h, i) {
        var e = entry(h), d = e.doc, s = e.sec;
        var a = document.createElement('a');
        a.id = 'cm-result-' + i;
        a.className = 'search-result';
        a.setAttribute('role', 'option');
        a.setAttribute('tabindex', '-1');
        a.href = root + d.u + (h.onlyTitle ? '' : '#' + s.a);
        var title = document.createElement('span');
        title.className = 'result-title';
        title.appendChild(marked(d.t, ws));
        a.appendChild(title);
        if (!h.onlyTitle) {
          var where = document.createElement('span');
          where.className = 'result-section';
          where.appendChild(document.createTextNode(' › '));
          where.appendChild(marked(s.h || '', ws));
          title.appendChild(where);
          var snip = document.createElement('span');
          snip.className = 'result-text';
          snip.appendChild(marked(snippet(e, ws), ws));
          a.appendChild(snip);
        } else if (d.p) {
          var part = document.createElement('span');
          part.className = 'result-text';
          part.textContent = d.p;
          a.appendChild(part);
        }
        a.addEventListener('mousedown', function (e) { e.preventDefault(); }); // keep focus in the box
        list.appendChild(a);
        options.push(a);
      });
      // Past the first results, one more option shows them all.
      if (hits.length > limit) {
        var more = document.createElement('a');
        more.id = 'cm-result-more';
        more.className = 'search-result search-more';
        more.setAttribute('role', 'option');
        more.setAttribute('tabindex', '-1');
        more.href = '#';
        more.textContent = text.t('js_search_all', { n: text.num(hits.length) });
        more.addEventListener('mousedown', function (e) { e.preventDefault(); });
        more.addEventListener('click', function (e) { e.preventDefault(); showAll(); });
        list.appendChild(more);
        options.push(more);
      }
      list.hidden = !options.length;
      input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
      if (status) status.textContent = hits.length ? text.t('js_search', { n: hits.length }).replace(String(hits.length), text.num(hits.length)) : text.t('js_search_none', { q: q });
      if (then) then();
    }

    function showAll() {
      var at = active;
      limit = Infinity;
      render(function () { setActive(at); input.focus(); });
    }

    input.addEventListener('input', function () { limit = MAX; });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(render, 60); });
    input.addEventListener('focus', function () { clearTimeout(closing); if (input.value.trim()) render(); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        var step = function () {
          var n = options.length;
          if (n) setActive(e.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
        };
        // Shards already loaded render at once; else the step follows the results.
        if (list.hidden) render(function () { if (!list.hidden) step(); });
        else step();
        if (!list.hidden) e.preventDefault();
      } else if (e.key === 'Enter') {
        var go = function () {
          var target = options[active] || (!list.hidden && options[0]);
          if (target && target.id === 'cm-result-more') showAll();
          else if (target) { clearTimeout(timer); location.href = target.href; close(); }
          return !!target;
        };
        if (shown !== input.value) { e.preventDefault(); clearTimeout(timer); render(go); }
        else if (go()) e.preventDefault();
      } else if (e.key === 'Escape') {
        if (!list.hidden) { e.preventDefault(); close(); }
        else if (input.value) { e.preventDefault(); input.value = ''; if (status) status.textContent = ''; }
      }
    });
    input.addEventListener('blur', function () { closing = setTimeout(close, 150); });
    if (status && status.textContent === text.t('js_search_loading')) status.textContent = '';
    render();
  };
})();
