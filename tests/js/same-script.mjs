// Whether each script the site serves is the same program as the theme's source: both
// parsed by esprima (an independent JavaScript parser) into syntax trees, which must be
// equal once every local variable's name is replaced by its place in the scopes that
// eslint-scope (an independent scope analyser) finds. So a served script may give its
// functions' variables other names, but each use must still reach the variable it
// reached in the source, and globals, properties and keys keep their names; it may
// join var statements in a row, and write a function expression that uses no `this` or
// `arguments` of its own as an arrow function, and `true` and `false` as `!0` and `!1`.
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

// Whether `node` (a function's body or part of it) reads `this` or `arguments` of the
// function it is in: what an arrow function would read from outside instead.
const usesOwn = (node) => {
  if (!node || typeof node !== 'object') return false;
  if (node.type === 'ThisExpression' || (node.type === 'Identifier' && node.name === 'arguments')) return true;
  if (node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration') return false;
  return Object.values(node).some((v) => (Array.isArray(v) ? v.some(usesOwn) : usesOwn(v)));
};

// Each arrow function that uses no `this` or `arguments` of its own as the function
// expression it means the same as (`a => x` as `function (a) { return x; }`), since the
// served script writes such function expressions as arrow functions.
const asFunctions = (node) => {
  if (!node || typeof node !== 'object') return;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach(asFunctions);
    else asFunctions(value);
  }
  // `!0` and `!1` as the `true` and `false` they are.
  if (node.type === 'UnaryExpression' && node.operator === '!' && node.argument.type === 'Literal'
      && (node.argument.raw === '0' || node.argument.raw === '1')) {
    const value = node.argument.raw === '0';
    for (const key of Object.keys(node)) delete node[key];
    Object.assign(node, { type: 'Literal', value, raw: String(value) });
  }
  if (node.type === 'ArrowFunctionExpression' && !usesOwn(node.body)) {
    node.type = 'FunctionExpression';
    if (node.expression) {
      node.body = { type: 'BlockStatement', body: [{ type: 'ReturnStatement', argument: node.body }] };
      node.expression = false;
    }
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
      // A function's implicit `arguments`, which an arrow function lacks, unless used.
      if (variable.name === 'arguments' && !variable.defs.length && !variable.references.length) continue;
      const label = '#' + n++;
      for (const def of variable.defs) def.name.name = label;
      for (const ref of variable.references) ref.identifier.name = label;
    }
  }
  oneVarEach(ast);
  asFunctions(ast);
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
