// Whether each script the site serves is the same program as the theme's source: both
// parsed by esprima (an independent JavaScript parser) into syntax trees, which must be
// equal. Usage: node same-script.mjs SOURCE SERVED [SOURCE SERVED...]
// Prints one JSON object: { "SERVED": true | "why not" }.
import { readFileSync } from 'node:fs';
import esprima from 'esprima';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2) {
  console.error('usage: node same-script.mjs SOURCE SERVED [SOURCE SERVED...]');
  process.exit(2);
}
const tree = (file) => JSON.stringify(esprima.parseScript(readFileSync(file, 'utf8')));
const out = {};
for (let i = 0; i < args.length; i += 2) {
  try {
    out[args[i + 1]] = tree(args[i]) === tree(args[i + 1]) || 'a different syntax tree';
  } catch (e) {
    out[args[i + 1]] = String(e.message || e);
  }
}
console.log(JSON.stringify(out, null, 1));
