// Validates xAPI statements with Learning Locker's xapi-validation (npm): reads a JSON
// array of statements from the file named by the first argument; prints each invalid
// statement's problems and exits 1 when there are any.
const fs = require('fs');
const validate = require('xapi-validation').default;

const statements = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let bad = 0;
statements.forEach((statement, i) => {
  const warnings = validate(statement);
  if (warnings.length) {
    bad++;
    const text = warnings.map((w) => (w.path ? w.path.join('.') + ': ' : '') + (w.constructor && w.constructor.name) + ' ' + JSON.stringify(w.data === undefined ? '' : w.data));
    console.log(`statement ${i} (${statement.verb && statement.verb.id}): ${text.join('; ')}`);
  }
});
console.log(`${statements.length - bad} valid, ${bad} invalid`);
process.exit(bad ? 1 : 0);
