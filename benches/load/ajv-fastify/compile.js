'use strict';
// Builds the ajv validator both server.js and inproc.js use: draft 2020-12 (ajv/dist/2020),
// formats asserted with ajv-formats in full mode, first error only (allErrors: false), the way a
// boolean check in jsonschema-rs stops at the first error.
//
//   const { compile, schemaPath } = require('./compile');
//   const { validate, ms } = compile();          // SCHEMA env overrides the schema file
const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const schemaPath = process.env.SCHEMA || path.join(__dirname, '..', 'workload', 'schema.json');

function compile({ strict = false } = {}) {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const started = process.hrtime.bigint();
  // strict makes ajv refuse what it would otherwise only log (unknown formats and keywords,
  // ignored keywords, applicators without a matching type): `node inproc.js --check-schema`.
  // strictRequired stays off: `then: {not: {required: [...]}}` names a property declared one level
  // up, which is the point of the publish/publish_allowed_to conditional.
  const ajv = new Ajv2020({
    allErrors: false,
    strict: strict ? true : 'log',
    strictTypes: strict ? true : false,
    strictRequired: false,
    logger: strict ? console : false,
  });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { validate, ms };
}

// ajv's error objects, trimmed to what a client needs.
function errorsOf(validate) {
  return (validate.errors || []).map((e) => ({
    instancePath: e.instancePath,
    keyword: e.keyword,
    message: e.message,
  }));
}

module.exports = { compile, errorsOf, schemaPath };
