// A minimal IHOP v1 harness in JavaScript (Node.js, no dependencies).
//
//   neptune-ml-conformance certify --validator "ihop:node examples/harnesses/ihop_harness.mjs"
//
// Written from docs/IHOP.md alone, as a template: `compileSchema` is a deliberately small
// JSON Structure validator (types, properties, required in both forms, enum, const,
// additionalProperties, items, values, tuple, choice, $ref, $extends, numeric and length
// bounds, pattern); replace it with a call into the validator you certify. One JSON object
// per line in, one per line out; nothing else may go to stdout (logs go to stderr).
import { createInterface } from "node:readline";

const DIALECTS = [
  "https://json-structure.org/meta/extended/v0/#",
  "https://json-structure.org/meta/core/v0/#",
];

const INTEGERS = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295], integer: [-2147483648, 2147483647],
};
const STRING_INTEGERS = new Set(["int64", "uint64", "int128", "uint128"]);
const STRINGS = new Set(["string", "date", "datetime", "time", "duration", "uuid", "uri",
  "binary", "jsonpointer"]);

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function equal(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function compileSchema(document) {
  const resolve = (ref) => ref.replace(/^#\//, "").split("/").reduce((at, part) => at[part], document);
  const inherited = (node) => {
    if (!node.$extends) return node;
    const base = inherited(resolve(node.$extends));
    return { ...base, ...node, abstract: false,
      properties: { ...base.properties, ...node.properties },
      required: [...(base.required || []), ...(node.required || [])] };
  };
  const check = (raw, value) => {
    let node = raw.$ref ? resolve(raw.$ref) : raw;
    if (isObject(node.type) && node.type.$ref) node = { ...node, ...resolve(node.type.$ref), ...{ type: resolve(node.type.$ref).type } };
    node = inherited(node);
    if (Array.isArray(node.type)) return node.type.some((t) => check(isObject(t) ? t : { type: t }, value));
    if (node.enum && !node.enum.some((e) => equal(e, value))) return false;
    if ("const" in node && !equal(node.const, value)) return false;
    const type = node.type;
    if (type in INTEGERS) {
      const [low, high] = INTEGERS[type];
      return Number.isInteger(value) && value >= low && value <= high && bounds(node, value);
    }
    if (STRING_INTEGERS.has(type)) return typeof value === "string" && /^-?[0-9]+$/.test(value) && bounds(node, Number(value));
    if (type === "decimal") return typeof value === "string" && /^-?[0-9]+(\.[0-9]+)?$/.test(value);
    if (["number", "float", "double", "float8"].includes(type)) return typeof value === "number" && bounds(node, value);
    if (STRINGS.has(type)) return typeof value === "string" && text(node, value);
    if (type === "boolean") return typeof value === "boolean";
    if (type === "null") return value === null;
    if (type === "any" || type === undefined) return true;
    if (type === "object") return object(node, value);
    if (type === "array" || type === "set") return Array.isArray(value) && value.every((v) => check(node.items, v))
      && (node.maxItems === undefined || value.length <= node.maxItems)
      && (node.minItems === undefined || value.length >= node.minItems);
    if (type === "tuple") return Array.isArray(value) && value.length === node.tuple.length
      && node.tuple.every((name, i) => check(node.properties[name], value[i]));
    if (type === "map") return isObject(value) && Object.values(value).every((v) => check(node.values, v))
      && (node.maxEntries === undefined || Object.keys(value).length <= node.maxEntries);
    if (type === "choice") {
      if (!isObject(value)) return false;
      if (node.selector) return value[node.selector] in node.choices && check(node.choices[value[node.selector]], value);
      const tags = Object.keys(value);
      return tags.length === 1 && tags[0] in node.choices && check(node.choices[tags[0]], value[tags[0]]);
    }
    return false;
  };
  const bounds = (node, n) => (node.minimum === undefined || n >= Number(node.minimum))
    && (node.maximum === undefined || n <= Number(node.maximum))
    && (node.exclusiveMinimum === undefined || n > Number(node.exclusiveMinimum))
    && (node.exclusiveMaximum === undefined || n < Number(node.exclusiveMaximum));
  const text = (node, s) => {
    const length = [...s].length; // code points, not UTF-16 units
    if (node.maxLength !== undefined && length > node.maxLength) return false;
    if (node.minLength !== undefined && length < node.minLength) return false;
    return node.pattern === undefined || new RegExp(`^(?:${node.pattern})$`, "u").test(s);
  };
  const object = (node, value) => {
    if (!isObject(value)) return false;
    const properties = node.properties || {};
    const required = node.required || [];
    const sets = Array.isArray(required[0]) ? required : [required];
    if (!sets.some((names) => names.every((name) => name in value))) return false;
    for (const [name, member] of Object.entries(value)) {
      if (name in properties) {
        if (!check(properties[name], member)) return false;
      } else if (node.additionalProperties === false) {
        return false;
      } else if (isObject(node.additionalProperties) && !check(node.additionalProperties, member)) {
        return false;
      }
    }
    return true;
  };
  return (instance) => check(document, instance);
}

function reply(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function errored(error) {
  return { errored: true, context: { message: String(error && error.stack || error) } };
}

// The whole schema comes with every `run`: compile each distinct one once.
const compiled = new Map();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const request = JSON.parse(line);
  if (request.cmd === "start") {
    reply({ version: 1, implementation: {
      name: "ihop-harness-example", language: "javascript", version: process.version,
      dialects: DIALECTS } });
  } else if (request.cmd === "dialect") {
    reply({ ok: DIALECTS.includes(request.dialect) });
  } else if (request.cmd === "run") {
    const { schema, tests } = request.case;
    const key = JSON.stringify(schema);
    try {
      if (!compiled.has(key)) compiled.set(key, compileSchema(schema));
    } catch (error) {
      reply({ seq: request.seq, ...errored(error) });
      continue;
    }
    const validate = compiled.get(key);
    const results = tests.map((test) => {
      try {
        return { valid: Boolean(validate(test.instance)) };
      } catch (error) {
        return errored(error);
      }
    });
    reply({ seq: request.seq, results });
  } else if (request.cmd === "stop") {
    break;
  }
}
