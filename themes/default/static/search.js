/* coursemark search: matches the learner's words against search-index.js (loaded by
   site.js on first use) and lists the sections that contain them. Prefix matching,
   blind to case and diacritics (`sto` finds `Što`); title and heading hits rank first. */
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
  // Is `w` at the start of a word of folded text `f`?
  function has(f, w) {
    var i = f.indexOf(w);
    while (i >= 0) {
      if (i === 0 || !/[\p{L}\p{N}]/u.test(f.charAt(i - 1))) return true;
      i = f.indexOf(w, i + 1);
    }
    return false;
  }

  var entries = null;
  function prepare() {
    var idx = window.cm.searchIndex, out = [];
    if (!idx || !idx.docs) return out;
    idx.docs.forEach(function (d) {
      var ft = fold(d.t || '');
      (d.s || []).forEach(function (s) {
        out.push({ doc: d, sec: s, ft: ft, fh: fold(s.h || ''), fx: null });
      });
    });
    return out;
  }

  // Score an entry: each query word must occur; module title counts most, then heading, then text.
  function score(e, ws) {
    var total = 0, onlyTitle = true;
    for (var i = 0; i < ws.length; i++) {
      var w = ws[i], s = 0;
      if (has(e.ft, w)) s = 100;
      if (has(e.fh, w)) { s = Math.max(s, 30); onlyTitle = false; }
      else {
        if (e.fx === null) e.fx = fold(e.sec.x || '');
        if (has(e.fx, w)) { s = Math.max(s, 1); onlyTitle = false; }
      }
      if (!s) return null;
      total += s;
    }
    return { score: total, onlyTitle: onlyTitle };
  }

  function search(q) {
    var ws = words(q);
    if (!ws.length) return [];
    if (!entries) entries = prepare();
    var hits = [], seenTitle = {};
    entries.forEach(function (e, order) {
      var r = score(e, ws);
      if (!r) return;
      // A match in the module title alone is one result for the module, not one per section.
      if (r.onlyTitle) {
        if (seenTitle[e.doc.m]) return;
        seenTitle[e.doc.m] = true;
      }
      hits.push({ e: e, score: r.score, order: order, onlyTitle: r.onlyTitle });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return hits;
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
    var root = document.documentElement.getAttribute('data-root') || '';
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
    function render() {
      var q = input.value.trim(), ws = words(q);
      shown = input.value;
      list.setAttribute('data-query', q); // which query the list shows, as typing runs ahead of it
      list.textContent = '';
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (!ws.length) { close(); if (status) status.textContent = ''; return; }
      var hits = search(q);
      hits.slice(0, limit).forEach(function (h, i) {
        var d = h.e.doc, s = h.e.sec;
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
          snip.appendChild(marked(snippet(h.e, ws), ws));
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
    }

    function showAll() {
      var at = active;
      limit = Infinity;
      render();
      setActive(at);
      input.focus();
    }

    input.addEventListener('input', function () { limit = MAX; });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(render, 60); });
    input.addEventListener('focus', function () { clearTimeout(closing); if (input.value.trim()) render(); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (list.hidden) { render(); if (list.hidden) return; }
        e.preventDefault();
        var n = options.length;
        if (!n) return;
        setActive(e.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (e.key === 'Enter') {
        if (shown !== input.value) { clearTimeout(timer); render(); }
        var target = options[active] || (!list.hidden && options[0]);
        if (target && target.id === 'cm-result-more') { e.preventDefault(); showAll(); }
        else if (target) { e.preventDefault(); clearTimeout(timer); location.href = target.href; close(); }
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
