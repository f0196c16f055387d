'use strict';
// Comparison validation service for Concord's load benchmark (loopback only).
//
//   PORT=3000 node server.js
//
//   POST /validate        one JSON document (application/json) -> {"valid":bool,"errors":[...]}
//   POST /validate-ndjson NDJSON body (application/x-ndjson), one document per line -> one
//                         {"valid":bool,"errors":[...]} line per input line (a line that is not
//                         JSON answers {"valid":false,"errors":[{"keyword":"parse",...}]})
//   GET  /healthz         "ok"
//
// Both validation routes answer 200 whatever the verdict. Logging is off; fastify's own JSON body
// parser is used for /validate. Env: PORT (default 3000), HOST (default 127.0.0.1), SCHEMA.
const Fastify = require('fastify');
const { compile, errorsOf } = require('./compile');

const { validate } = compile();
const app = Fastify({ logger: false, bodyLimit: 256 * 1024 * 1024 });

app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_req, body, done) => done(null, body));

app.post('/validate', async (req) => {
  const valid = validate(req.body);
  return { valid, errors: valid ? [] : errorsOf(validate) };
});

app.post('/validate-ndjson', async (req, reply) => {
  const body = typeof req.body === 'string' ? req.body : '';
  const out = [];
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    const line = body.slice(start, end).trim();
    start = end + 1;
    if (line.length === 0) continue;
    let doc;
    try {
      doc = JSON.parse(line);
    } catch (e) {
      out.push(JSON.stringify({ valid: false, errors: [{ instancePath: '', keyword: 'parse', message: e.message }] }));
      continue;
    }
    const valid = validate(doc);
    out.push(JSON.stringify({ valid, errors: valid ? [] : errorsOf(validate) }));
  }
  reply.type('application/x-ndjson');
  return out.length ? out.join('\n') + '\n' : '';
});

app.get('/healthz', async () => 'ok');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';
app.listen({ port, host }).then(
  () => console.log(`ajv-fastify listening on http://${host}:${port} (pid ${process.pid})`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => app.close().then(() => process.exit(0)));
}
