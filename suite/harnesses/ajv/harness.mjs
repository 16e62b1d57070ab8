// IHOP v1 harness for Ajv 8: one JSON object per line on stdin, one answer per line on stdout.
// Besides start/dialect/run/stop it answers `x-apply-defaults` (an extension of
// neptune-ml-conformance, advertised in `start`) with Ajv's `useDefaults: true` filling.
import { createRequire } from "node:module";
import readline from "node:readline";
import Ajv2020 from "ajv/dist/2020.js";

const require = createRequire(import.meta.url);
const ajvVersion = require("ajv/package.json").version;
const DIALECT = "https://json-schema.org/draft/2020-12/schema";

const plain = new Ajv2020({ strict: false, allErrors: false });
const filling = new Ajv2020({ strict: false, useDefaults: true });
const compiled = new Map();

function compile(ajv, schema) {
  const key = (ajv === plain ? "v:" : "d:") + JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function errored(seq, error) {
  send({ seq, errored: true, context: { message: String(error && error.message ? error.message : error) } });
}

const handlers = {
  start() {
    send({
      version: 1,
      implementation: {
        language: "javascript",
        name: "ajv",
        version: ajvVersion,
        homepage: "https://ajv.js.org/",
        issues: "https://github.com/ajv-validator/ajv/issues",
        source: "https://github.com/ajv-validator/ajv",
        dialects: [DIALECT],
        "x-apply-defaults": true,
      },
    });
  },
  dialect(request) {
    send({ ok: request.dialect === DIALECT });
  },
  run(request) {
    try {
      const validate = compile(plain, request.case.schema);
      send({ seq: request.seq, results: request.case.tests.map((t) => ({ valid: validate(t.instance) })) });
    } catch (error) {
      errored(request.seq, error);
    }
  },
  "x-apply-defaults"(request) {
    try {
      const validate = compile(filling, request.schema);
      const instances = request.instances.map((instance) => {
        const copy = structuredClone(instance);
        validate(copy);
        return copy;
      });
      send({ seq: request.seq, instances });
    } catch (error) {
      errored(request.seq, error);
    }
  },
  stop() {
    process.exit(0);
  },
};

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const request = JSON.parse(line);
  const handler = handlers[request.cmd];
  if (handler) handler(request);
  else errored(request.seq ?? null, `unknown command ${request.cmd}`);
});
