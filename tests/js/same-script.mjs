// Whether each script the site serves is the same program as the theme's source: both
// parsed by esprima (an independent JavaScript parser) into syntax trees, which must be
// equal once every local variable's name is replaced by its place in the scopes that
// eslint-scope (an independent scope analyser) finds. So a served script may give its
// functions' variables other names, but each use must still reach the variable it
// reached in the source, and globals, properties and keys keep their names; and it may
// join var statements in a row.
// Usage: node same-script.mjs SOURCE SERVED [SOURCE SERVED...]
// Prints one JSON object: { "SERVED": true | "why not" }.
import { readFileSync } from 'node:fs';
import esprima from 'esprima';
import * as eslintScope from 'eslint-scope';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2) {
  console.error('usage: node same-script.mjs SOURCE SERVED [SOURCE SERVED...]');
  process.exit(2);
}

// Each `var a, b;` in a list of statements as `var a; var b;`, since the served script
// joins var statements in a row into one.
const oneVarEach = (node) => {
  if (!node || typeof node !== 'object') return;
  for (const key of ['body', 'consequent']) {
    const list = node[key];
    if (Array.isArray(list)) {
      node[key] = list.flatMap((s) =>
        s.type === 'VariableDeclaration' && s.kind === 'var'
          ? s.declarations.map((d) => ({ type: s.type, declarations: [d], kind: s.kind }))
          : [s]);
    }
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach(oneVarEach);
    else oneVarEach(value);
  }
};

// The script's syntax tree with each variable of a function, catch clause or named
// function expression called `#N`, N counting variables in the order of the scopes.
const tree = (file) => {
  const ast = esprima.parseScript(readFileSync(file, 'utf8'), { range: true });
  const scopes = eslintScope.analyze(ast, { ecmaVersion: 2022, sourceType: 'script' });
  let n = 0;
  for (const scope of scopes.scopes) {
    if (scope.type === 'global') continue;
    for (const variable of scope.variables) {
      const label = '#' + n++;
      for (const def of variable.defs) def.name.name = label;
      for (const ref of variable.references) ref.identifier.name = label;
    }
  }
  oneVarEach(ast);
  return JSON.stringify(ast, (key, value) => (key === 'range' ? undefined : value));
};

const out = {};
for (let i = 0; i < args.length; i += 2) {
  try {
    out[args[i + 1]] = tree(args[i]) === tree(args[i + 1]) || 'a different syntax tree';
  } catch (e) {
    out[args[i + 1]] = String(e.message || e);
  }
}
console.log(JSON.stringify(out, null, 1));
