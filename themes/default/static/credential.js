/* coursemark credentials: reads an Open Badges 3.0 credential (a VC-JWT, or an SVG badge
   with one baked in) and verifies it in the browser with Web Crypto's Ed25519, against
   the trainers course.toml trusts. Shared by the accreditation, certificate and verify
   pages as cm.credential. */
(function () {
  'use strict';
  var cm = window.cm = window.cm || {};
  var T = cm.texts.t;
  var OB_NS = 'https://purl.imsglobal.org/ob/v3p0';
  var VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
  var B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

  function Refusal(key, vars) { this.message = T(key, vars); }

  function b58(text) {
    var bytes = [0];
    for (var i = 0; i < text.length; i++) {
      var carry = B58.indexOf(text[i]);
      if (carry < 0) throw new Refusal('cred_bad_issuer_key');
      for (var j = 0; j < bytes.length; j++) { carry += bytes[j] * 58; bytes[j] = carry & 0xff; carry >>= 8; }
      while (carry) { bytes.push(carry & 0xff); carry >>= 8; }
    }
    for (var k = 0; k < text.length && text[k] === '1'; k++) bytes.push(0);
    return new Uint8Array(bytes.reverse());
  }
  function unb64(part) {
    if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Refusal('cred_not_jwt');
    var s = atob(part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function b64(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function json(bytes) {
    try { return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)); } catch (e) { throw new Refusal('cred_not_jwt'); }
  }

  // The VC-JWT in a file's text: the text itself, or the `verify` attribute of the
  // first <openbadges:credential> of an SVG (Open Badges 3.0 baking).
  function tokenOf(text) {
    text = String(text).replace(/^\uFEFF/, '').trim();
    if (text.charAt(0) !== '<') return text;
    var svg = new DOMParser().parseFromString(text, 'image/svg+xml');
    var el = svg.getElementsByTagNameNS(OB_NS, 'credential')[0];
    if (!el) throw new Refusal('cred_no_baked');
    var token = el.getAttribute('verify');
    if (!token) throw new Refusal('cred_not_jwt');
    return token.trim();
  }

  // The Ed25519 key of a did:key (multicodec 0xed01, base58btc).
  function didKey(did) {
    var m = /^did:key:z([1-9A-HJ-NP-Za-km-z]+)(#z([1-9A-HJ-NP-Za-km-z]+))?$/.exec(did || '');
    if (!m || (m[3] && m[3] !== m[1])) throw new Refusal('cred_bad_issuer_key');
    var bytes = b58(m[1]);
    if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) throw new Refusal('cred_bad_issuer_key');
    return bytes.slice(2);
  }

  // What a `kid` names: the issuer DID, the trainer's did:key and the key. A did:key, or
  // a trainer's key under the course's own did:web.
  function resolve(kid, didWeb) {
    kid = String(kid || '');
    var at = kid.indexOf('#'), did = at < 0 ? kid : kid.slice(0, at), trainer;
    if (did.indexOf('did:key:') === 0) return { issuer: did, trainer: did, key: didKey(kid) };
    if (!didWeb || did !== didWeb) throw new Refusal('cred_bad_issuer_key');
    trainer = 'did:key:' + kid.slice(at + 1);
    return { issuer: did, trainer: trainer, key: didKey(trainer) };
  }

  function supported() { return !!(window.crypto && crypto.subtle && window.isSecureContext !== false); }
  function date(s) { var d = new Date(s); return isNaN(d) ? null : d; }
  function sameName(a, b) {
    function norm(s) { return String(s || '').trim().replace(/\s+/g, ' ').toLocaleLowerCase(); }
    return norm(a) !== '' && norm(a) === norm(b);
  }

  // Verifies `text` (a .jwt or baked .svg file's text) for this course (cm.course: its
  // id, trusted trainers and did:web). opts: {learnerName, now}, both optional. Resolves
  // to {ok, reason, info, checks: [{key, ok, text}]}; `info` (who issued what to whom,
  // when) is there whenever the payload could be read.
  function verify(text, opts) {
    opts = opts || {};
    var course = cm.course || {}, trainers = course.issuer ? course.issuer.trainers : [];
    var now = opts.now || new Date();
    var checks = [], info = null;
    function check(key, ok, msg) { checks.push({ key: key, ok: ok, text: msg }); }
    function done() {
      var failed = checks.filter(function (c) { return !c.ok; })[0];
      return { ok: !failed, reason: failed ? failed.text : '', info: info, checks: checks };
    }
    function refused(e) {
      if (!(e instanceof Refusal)) e = new Refusal('cred_not_jwt');
      check('format', false, e.message);
      return done();
    }
    var token, parts, header, payload, key, named;
    try {
      token = tokenOf(text);
      parts = token.split('.');
      if (parts.length !== 3) throw new Refusal('cred_not_jwt');
      header = json(unb64(parts[0]));
      payload = json(unb64(parts[1]));
      if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') throw new Refusal('cred_not_jwt');
      if (header.alg !== 'EdDSA') throw new Refusal('cred_alg', { alg: String(header.alg) });
      if (header.crit !== undefined) throw new Refusal('cred_not_jwt');
      named = resolve(header.kid, course.didWeb);
      key = named.key;
      if (header.jwk && header.jwk.x !== b64(key)) throw new Refusal('cred_bad_issuer_key');
    } catch (e) { return Promise.resolve(refused(e)); }
    var vc = payload.vc && typeof payload.vc === 'object' ? payload.vc : payload;
    var subject = vc.credentialSubject || {}, achievement = subject.achievement || {}, issuer = vc.issuer || {};
    var issuerId = typeof issuer === 'string' ? issuer : issuer.id;
    var signer = named.issuer;
    var nameId = (subject.identifier || []).filter(function (i) { return i && i.identityType === 'name' && i.hashed === false; })[0];
    var courseLevel = ((achievement.otherIdentifier || []).map(function (e) { return e && e.identifier; })
      .filter(function (s) { return typeof s === 'string' && s.indexOf('urn:coursemark:') === 0; })[0] || '').split(':');
    var from = date(vc.validFrom), until = vc.validUntil === undefined ? null : date(vc.validUntil);
    info = {
      id: String(vc.id || ''),
      issuer: signer,
      issuerName: String(issuer.name || issuerId || ''),
      learner: nameId ? String(nameId.identityHash) : '',
      level: courseLevel[3] || '',
      levelTitle: String(achievement.name || ''),
      course: courseLevel[2] || '',
      courseName: String(vc.name || ''),
      from: from ? from.toISOString() : '',
      until: until ? until.toISOString() : '',
      image: achievement.image && typeof achievement.image.id === 'string' ? achievement.image.id : '',
      token: token,
      status: vc.credentialStatus || null
    };
    if (!supported()) { check('signature', false, T('cred_no_crypto')); return Promise.resolve(done()); }
    return signed(parts, key)
      .then(function (valid) {
        if (valid === null) { check('signature', false, T('cred_no_crypto')); return done(); }
        check('signature', valid, T(valid ? 'cred_signature_ok' : 'cred_tampered'));
        if (!valid) return done();
        // The JWT claims and the credential must agree (Open Badges 3.0, 8.2.5).
        var agree = payload.iss === issuerId && issuerId === signer && payload.sub === subject.id &&
          payload.jti === vc.id && from !== null && payload.nbf === from.getTime() / 1000 &&
          (payload.exp === undefined ? vc.validUntil === undefined : until !== null && payload.exp === until.getTime() / 1000) &&
          Array.isArray(vc['@context']) && vc['@context'][0] === VC_CONTEXT &&
          Array.isArray(vc.type) && vc.type.indexOf('VerifiableCredential') >= 0 && vc.type.indexOf('OpenBadgeCredential') >= 0;
        check('claims', agree, T(agree ? 'cred_claims_ok' : 'cred_claims_bad'));
        var trusted = trainers.indexOf(named.trainer) >= 0;
        check('issuer', trusted, trusted ? T('cred_issuer_ok', { issuer: info.issuerName }) : T('cred_unknown_issuer', { issuer: named.trainer }));
        var ours = info.course === course.id;
        check('course', ours, ours ? T('cred_course_ok') : T('cred_other_course', { course: info.course || '?' }));
        if (from && now < from) check('dates', false, T('cred_not_yet', { date: info.from.slice(0, 10) }));
        else if (until && now >= until) check('dates', false, T('cred_expired', { date: info.until.slice(0, 10) }));
        else check('dates', !!from, T(from ? 'cred_dates_ok' : 'cred_claims_bad'));
        if (opts.learnerName !== undefined) {
          var same = sameName(info.learner, opts.learnerName);
          check('learner', same, same ? T('cred_learner_ok') : T(String(opts.learnerName).trim() ? 'cred_other_learner' : 'cred_no_name', { name: info.learner }));
        }
        return revoked(info.status, trainers, course.didWeb).then(function (r) {
          if (r !== null) check('status', !r, T(r ? 'cred_revoked' : 'cred_not_revoked'));
          else if (info.status) check('status', true, T('cred_status_unchecked'));
          return done();
        });
      });
  }

  // Whether an Ed25519 signature holds over a compact JWS's first two parts; null when
  // this browser cannot tell.
  function signed(parts, key) {
    var data = new TextEncoder().encode(parts[0] + '.' + parts[1]);
    return crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify'])
      .then(function (k) { return crypto.subtle.verify({ name: 'Ed25519' }, k, unb64(parts[2]), data); },
        function () { return null; });
  }

  // Whether the credential's bit is set in the course's revocation list (a Bitstring
  // Status List signed by a trusted trainer, published as assets/status/revocation.js);
  // null when it cannot be told here.
  function revoked(entry, trainers, didWeb) {
    var list = cm.statusList, index = entry ? Number(entry.statusListIndex) : -1, parts, key, enc;
    if (!entry || entry.type !== 'BitstringStatusListEntry' || !list || list.url !== entry.statusListCredential || !(index >= 0)) return Promise.resolve(null);
    try {
      parts = String(list.jwt).split('.');
      var header = json(unb64(parts[0])), body = json(unb64(parts[1]));
      var named = resolve(header.kid, didWeb);
      if (header.alg !== 'EdDSA' || trainers.indexOf(named.trainer) < 0 || body.id !== list.url) return Promise.resolve(null);
      key = named.key;
      enc = String(body.credentialSubject.encodedList);
      if (enc.charAt(0) !== 'u' || typeof DecompressionStream === 'undefined') return Promise.resolve(null);
    } catch (e) { return Promise.resolve(null); }
    return signed(parts, key).then(function (ok) {
      if (!ok) return null;
      var bits = new Blob([unb64(enc.slice(1))]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Response(bits).arrayBuffer().then(function (buf) {
        var byte = new Uint8Array(buf)[Math.floor(index / 8)];
        return byte === undefined ? null : (byte & (0x80 >> (index % 8))) !== 0;
      });
    }).catch(function () { return null; });
  }

  // The badge of a verified credential with its VC-JWT baked in, as SVG text: the
  // achievement's own image when it is an SVG data URI.
  function badge(info) {
    var m = /^data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)$/.exec(info.image || '');
    if (!m) return '';
    var svg;
    try { svg = new TextDecoder().decode(unb64(m[1].replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'))); } catch (e) { return ''; }
    var esc = info.token.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return svg.replace(/<svg\b([^>]*)>/, '<svg$1 xmlns:openbadges="' + OB_NS + '"><openbadges:credential verify="' + esc + '"></openbadges:credential>');
  }

  cm.credential = { verify: verify, tokenOf: tokenOf, supported: supported, badge: badge, sameName: sameName };
})();
