'use strict';
// In-process ajv loop for Concord's load benchmark: one thread, the whole workload in memory.
//
//   taskset -c 1 node inproc.js [PAYLOADS]         (default <repo>/target/bench/workload/payloads.ndjson)
//   node inproc.js --check-schema                  compile the schema with ajv's strict mode and exit
//   node inproc.js --labels [PAYLOADS]             also compare verdicts with PAYLOADS.labels
//   node inproc.js --limit N ...                   only the first N payloads
//
// Reading the file is not timed. A 5,000-document warm-up, then three timed passes:
//   parse+validate  JSON.parse(line) then validate(doc)   -> docs_per_s, mb_per_s
//   parse only      JSON.parse(line), result dropped        -> parse_docs_per_s
//   validate only   validate(doc) over documents parsed beforehand (untimed) -> validate_docs_per_s
// Prints one line: RESULT inproc-ajv docs=... valid=... docs_per_s=... ...
const fs = require('node:fs');
const path = require('node:path');
const { compile, schemaPath } = require('./compile');

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i === -1) return false;
  args.splice(i, 1);
  return true;
};
const option = (name) => {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};

if (flag('--check-schema')) {
  const { ms } = compile({ strict: true });
  console.log(`schema ${schemaPath} compiles with ajv 2020 strict mode (${ms.toFixed(1)} ms)`);
  process.exit(0);
}
const withLabels = flag('--labels');
const limit = Number(option('--limit') || 0);
const file = args[0] || path.join(__dirname, '..', '..', '..', 'target', 'bench', 'workload', 'payloads.ndjson');

const text = fs.readFileSync(file, 'utf8');
let lines = text.split('\n').filter((l) => l.length > 0);
if (limit > 0) lines = lines.slice(0, limit);
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
const { validate, ms: compileMs } = compile();

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

// warm-up
for (let i = 0; i < Math.min(5000, lines.length); i++) validate(JSON.parse(lines[i]));

let valid = 0;
const verdicts = new Uint8Array(lines.length);
let t0 = process.hrtime.bigint();
for (let i = 0; i < lines.length; i++) {
  if (validate(JSON.parse(lines[i]))) {
    valid++;
    verdicts[i] = 1;
  }
}
const both = seconds(t0);

let sink = 0;
t0 = process.hrtime.bigint();
for (let i = 0; i < lines.length; i++) if (JSON.parse(lines[i]) !== null) sink++;
const parse = seconds(t0);
if (sink !== lines.length) throw new Error('a payload parsed to null');

// Not timed: the trees the validate-only pass runs over.
const docs = lines.map((line) => JSON.parse(line));

let valid2 = 0;
t0 = process.hrtime.bigint();
for (let i = 0; i < docs.length; i++) if (validate(docs[i])) valid2++;
const only = seconds(t0);
if (valid2 !== valid) throw new Error(`verdicts differ between passes: ${valid} vs ${valid2}`);

if (withLabels) {
  const labels = fs.readFileSync(`${file}.labels`, 'utf8').split('\n');
  let agree = 0;
  const disagree = [];
  for (let i = 0; i < lines.length; i++) {
    const meant = labels[i].startsWith('valid');
    if (meant === (verdicts[i] === 1)) agree++;
    else if (disagree.length < 10) disagree.push(`line ${i + 1}: meant ${labels[i].replace('\t', ' ')}, ajv says ${verdicts[i] ? 'valid' : 'invalid'}`);
  }
  const meantInvalid = labels.slice(0, lines.length).filter((l) => l.startsWith('invalid')).length;
  console.log(`labels: ${agree}/${lines.length} verdicts match the generator's intent; ${meantInvalid} meant invalid`);
  for (const d of disagree) console.log(`  ${d}`);
}

const n = lines.length;
console.log(
  `RESULT inproc-ajv docs=${n} valid=${valid} invalid=${n - valid} docs_per_s=${Math.round(n / both)} ` +
    `mb_per_s=${(bytes / 1e6 / both).toFixed(1)} parse_docs_per_s=${Math.round(n / parse)} ` +
    `validate_docs_per_s=${Math.round(n / only)} compile_ms=${compileMs.toFixed(1)} node=${process.version}`,
);
