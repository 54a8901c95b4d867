/* coursemark verify page: anyone chooses or drops a credential file and sees who issued
   what to whom and when, and whether its signature, issuer, dates and course hold. */
(function () {
  'use strict';
  var cm = window.cm, C = cm && cm.credential, course = cm && cm.course;
  var input = document.querySelector('[data-verify-file]'), out = document.querySelector('[data-verify-result]');
  var drop = document.querySelector('[data-verify-drop]');
  if (!C || !course || !input || !out) return;
  var T = cm.texts.t, lang = document.documentElement.lang || undefined;
  function day(iso) { return iso ? new Date(iso).toLocaleDateString(lang, { year: 'numeric', month: 'long', day: 'numeric' }) : ''; }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }

  function show(r) {
    out.textContent = '';
    out.appendChild(el('h2', T(r.ok ? 'cred_verify_valid' : 'cred_verify_invalid'), r.ok ? 'verify-ok' : 'verify-bad'));
    if (r.info) {
      var dl = el('dl', '', 'verify-facts');
      [['cred_verify_level', r.info.levelTitle + (r.info.courseName ? ' (' + r.info.courseName + ')' : '')],
        ['cred_verify_learner', r.info.learner], ['cred_verify_issuer', r.info.issuerName + ' · ' + r.info.issuer],
        ['cred_verify_from', day(r.info.from)], ['cred_verify_until', day(r.info.until)], ['cred_verify_id', r.info.id]]
        .forEach(function (f) {
          if (!f[1]) return;
          dl.appendChild(el('dt', T(f[0])));
          dl.appendChild(el('dd', f[1]));
        });
      out.appendChild(dl);
    }
    var ul = el('ul', '', 'verify-checks');
    r.checks.forEach(function (c) { ul.appendChild(el('li', (c.ok ? '✓ ' : '✗ ') + c.text, c.ok ? 'is-ok' : 'is-bad')); });
    out.appendChild(ul);
  }
  function check(file) {
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      C.verify(String(reader.result)).then(show);
    };
    reader.readAsText(file);
  }
  input.addEventListener('change', function () { check(input.files && input.files[0]); });
  if (drop) {
    drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('is-over'); });
    drop.addEventListener('dragleave', function () { drop.classList.remove('is-over'); });
    drop.addEventListener('drop', function (e) {
      e.preventDefault();
      drop.classList.remove('is-over');
      check(e.dataTransfer && e.dataTransfer.files[0]);
    });
  }
  if (!C.supported()) show({ ok: false, info: null, checks: [{ ok: false, text: T('cred_no_crypto') }] });
})();
