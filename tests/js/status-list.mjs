// Reads a coursemark revocation list (a W3C Bitstring Status List credential signed as a
// VC-JWT) with `jose` and Node's own gzip, and prints the status of one index.
// Usage: node status-list.mjs ISSUER-KEY.pem LIST.jwt INDEX
// Prints `revoked` or `valid`; exit 1 when the list does not verify or is malformed.
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { jwtVerify } from 'jose';

const [pemPath, listPath, index] = process.argv.slice(2);
const key = createPublicKey(createPrivateKey(readFileSync(pemPath, 'utf8')));
try {
  const { payload } = await jwtVerify(readFileSync(listPath, 'utf8').trim(), key, { algorithms: ['EdDSA'] });
  if (!payload.type.includes('BitstringStatusListCredential')) throw new Error('not a BitstringStatusListCredential');
  const subject = payload.credentialSubject;
  if (subject.type !== 'BitstringStatusList' || subject.statusPurpose !== 'revocation') throw new Error('not a revocation list');
  if (!subject.encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
  if (bits.length < 16384) throw new Error(`the list is ${bits.length} bytes, under the 16 KiB minimum`);
  const i = Number(index);
  console.log((bits[Math.floor(i / 8)] >> (7 - (i % 8))) & 1 ? 'revoked' : 'valid');
} catch (e) {
  console.error(`${e.code || e.name}: ${e.message}`);
  process.exit(1);
}
