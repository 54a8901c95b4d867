// Verifies a coursemark credential with `jose` (an independent JOSE implementation)
// and checks the JWT claims Open Badges 3.0 section 8.2 requires against the
// credential in the payload.
// Usage: node verify-credential.mjs ISSUER-KEY.pem CREDENTIAL(.jwt|.svg)
// Exit 0 and print the payload when valid; exit 1 with the reason otherwise.
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { jwtVerify, decodeProtectedHeader } from 'jose';

const [pemPath, credentialPath] = process.argv.slice(2);
// The public key comes from the trainer's PEM through Node's own crypto, not from
// anything coursemark wrote into the credential.
const publicKey = createPublicKey(createPrivateKey(readFileSync(pemPath, 'utf8')));
let token = readFileSync(credentialPath, 'utf8').trim();
if (token.startsWith('<')) {
  const m = /<openbadges:credential\b[^>]*\bverify="([^"]+)"/.exec(token);
  if (!m) { console.error('no baked credential'); process.exit(1); }
  token = m[1];
}

function fail(why) { console.error(why); process.exit(1); }

try {
  const header = decodeProtectedHeader(token);
  const allowed = new Set(['alg', 'kid', 'jwk', 'typ']);
  for (const k of Object.keys(header)) if (!allowed.has(k)) fail(`JOSE header ${k} is not allowed by OB 3.0`);
  if (header.typ !== undefined && header.typ !== 'JWT') fail('typ is not JWT');
  if (header.jwk && header.jwk.x !== publicKey.export({ format: 'jwk' }).x) fail('jwk is not the issuer key');
  if (header.jwk && 'd' in header.jwk) fail('jwk holds a private key');
  const { payload } = await jwtVerify(token, publicKey, {
    algorithms: ['EdDSA'],
    requiredClaims: ['iss', 'jti', 'nbf', 'sub'],
  });
  const vc = payload;
  if (payload.iss !== vc.issuer.id) fail('iss is not issuer.id');
  if (payload.jti !== vc.id) fail('jti is not id');
  if (payload.sub !== vc.credentialSubject.id) fail('sub is not credentialSubject.id');
  if (payload.nbf !== Date.parse(vc.validFrom) / 1000) fail('nbf is not validFrom');
  if ((payload.exp === undefined) !== (vc.validUntil === undefined)) fail('exp and validUntil disagree');
  if (payload.exp !== undefined && payload.exp !== Date.parse(vc.validUntil) / 1000) fail('exp is not validUntil');
  if (vc['@context'][0] !== 'https://www.w3.org/ns/credentials/v2') fail('first @context is not VC 2.0');
  if (!/^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/.test(vc['@context'][1])) fail('second @context is not OB 3.0');
  if (!vc.type.includes('VerifiableCredential') || !vc.type.includes('OpenBadgeCredential')) fail('type');
  const a = vc.credentialSubject.achievement;
  if (!a.type.includes('Achievement') || !a.id || !a.name || !a.description || !a.criteria) fail('achievement lacks a required property');
  if (!vc.issuer.type.includes('Profile')) fail('issuer is not a Profile');
  console.log(JSON.stringify(payload));
} catch (e) {
  fail(`${e.code || e.name}: ${e.message}`);
}
