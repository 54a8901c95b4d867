// Re-signs a coursemark credential with the trainer's key through `jose`, with its
// validity moved by whole days: a genuinely signed credential that has expired (or is
// not yet valid), for the tests that must see it refused.
// Usage: node resign-credential.mjs ISSUER-KEY.pem IN.jwt OUT.jwt FROM_DAYS UNTIL_DAYS
// (days relative to now; the JWT claims move with the credential's dates.)
import { readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';

const [pem, input, output, fromDays, untilDays] = process.argv.slice(2);
const token = readFileSync(input, 'utf8').trim();
const header = decodeProtectedHeader(token);
const payload = decodeJwt(token);
const day = 86400;
const now = Math.floor(Date.now() / 1000);
const from = now + Number(fromDays) * day;
const until = now + Number(untilDays) * day;
const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
payload.validFrom = payload.awardedDate = iso(from);
payload.validUntil = iso(until);
payload.nbf = from;
payload.exp = until;
const jwt = await new SignJWT(payload).setProtectedHeader(header).sign(createPrivateKey(readFileSync(pem, 'utf8')));
writeFileSync(output, jwt);
