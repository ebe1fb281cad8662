'use strict';

// docs/openapi.yaml as validators: its components/schemas compiled by Ajv (JSON Schema 2020-12, strict mode),
// and lookups by C function (x-abi) and by HTTP route, method and status (paths).

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const REPO = path.resolve(__dirname, '..', '..', '..');
const OPENAPI_PATH = path.join(REPO, 'docs', 'openapi.yaml');
const SCHEMAS = '#/components/schemas/';
const ID = 'https://loyalty.invalid/openapi.json';

function load() {
  const openapi = YAML.parse(fs.readFileSync(OPENAPI_PATH, 'utf8'));
  if (!String(openapi.openapi).startsWith('3.1.')) throw new Error(`docs/openapi.yaml is OpenAPI ${openapi.openapi}, not 3.1`);
  return openapi;
}

// "#/components/schemas/X" -> "<ID>#/$defs/X": the components become one 2020-12 schema document.
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      if (!v.startsWith(SCHEMAS)) throw new Error(`a schema refers outside components/schemas: ${v}`);
      out[k] = `${ID}#/$defs/${v.slice(SCHEMAS.length)}`;
    } else {
      out[k] = rewriteRefs(v);
    }
  }
  return out;
}

function makeAjv(openapi) {
  // strict: unknown keywords, formats and types are errors, not silently ignored. strictRequired is off only
  // because `oneOf: [{required: [a]}, {required: [b]}]` (exactly one of a, b) names properties declared beside it.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);  // date-time, byte, int32, int64, binary, ...
  ajv.addKeyword({ keyword: 'example', schemaType: ['string', 'number', 'boolean', 'object', 'array', 'null'] });
  ajv.addSchema({ $id: ID, $defs: rewriteRefs(openapi.components.schemas) });
  return ajv;
}

class Schema {
  constructor() {
    this.openapi = load();
    this.ajv = makeAjv(this.openapi);
    this.checked = new Map();  // schema name -> documents validated against it
  }

  names() {
    return Object.keys(this.openapi.components.schemas);
  }

  validator(name) {
    if (!this.openapi.components.schemas[name]) throw new Error(`no schema ${name} in docs/openapi.yaml`);
    return this.ajv.getSchema(`${ID}#/$defs/${name}`);
  }

  // Throws, naming every violation, unless `doc` conforms; remembers it for the type checks.
  check(name, doc, where) {
    const validate = this.validator(name);
    if (!validate(doc)) {
      throw new Error(`${where}: the document does not conform to ${name}:\n` +
        `${this.ajv.errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(doc, bigints, 2)}`);
    }
    // A schema that is one of several named ones (Report): the one the document is was exercised too.
    const one = this.matchingRef(this.openapi.components.schemas[name], doc, where);
    for (const n of one && one !== name ? [name, one] : [name]) {
      if (!this.checked.has(n)) this.checked.set(n, []);
      this.checked.get(n).push(doc);
    }
    return doc;
  }

  // The one schema of a oneOf of $refs that `doc` conforms to; null when `schema` is no such oneOf.
  matchingRef(schema, doc, where) {
    const names = (schema.oneOf ?? []).map((s) => s.$ref?.slice(SCHEMAS.length));
    if (names.length === 0 || names.some((n) => !n)) return null;
    const matching = names.filter((n) => this.validator(n)(doc));
    if (matching.length !== 1) throw new Error(`${where}: matches ${matching.length} of ${names.join(', ')}: ${JSON.stringify(doc, bigints)}`);
    return matching[0];
  }

  // The schema name x-abi gives a C function's result (or request).
  abi(fn, which = 'result') {
    const entry = this.openapi['x-abi']?.[fn];
    if (!entry) throw new Error(`x-abi has no ${fn}`);
    const ref = entry[which];
    if (ref === null) throw new Error(`x-abi says ${fn} has no ${which} document`);
    return ref.slice(SCHEMAS.length);
  }

  checkAbi(fn, doc, which = 'result') {
    return this.check(this.abi(fn, which), doc, `${fn} ${which}`);
  }

  // The schema of the JSON body paths[template][method] answers with `status`.
  httpSchemaName(method, template, status) {
    const op = this.openapi.paths[template]?.[method.toLowerCase()];
    if (!op) throw new Error(`docs/openapi.yaml has no ${method} ${template}`);
    let response = op.responses[String(status)];
    if (!response) throw new Error(`docs/openapi.yaml lists no ${status} for ${method} ${template}`);
    if (response.$ref) response = this.openapi.components.responses[response.$ref.split('/').pop()];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method} ${template} ${status} has no application/json schema`);
    return schema;
  }

  checkHttp(method, template, status, body) {
    const schema = this.httpSchemaName(method, template, status);
    const where = `${method} ${template} ${status}`;
    if (schema.$ref) return this.check(schema.$ref.slice(SCHEMAS.length), body, where);
    // An inline oneOf of named schemas (the webhook's 200).
    const one = this.matchingRef(schema, body, where);
    if (!one) throw new Error(`${where}: the schema must be a $ref or a oneOf of $refs`);
    return this.check(one, body, where);
  }
}

function bigints(_key, v) {
  return typeof v === 'bigint' ? `${v}n` : v;
}

module.exports = { Schema, REPO, OPENAPI_PATH, SCHEMAS };
