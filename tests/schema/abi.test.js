'use strict';

// The schema's coverage of the C ABI, and the Python binding's TypedDicts and README against it.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { Schema, REPO, SCHEMAS } = require('./support/schema');

const schema = new Schema();
const abi = schema.openapi['x-abi'];

test('every loyalty_* function of the header is in x-abi, and nothing else', () => {
  const header = fs.readFileSync(path.join(REPO, 'include', 'loyalty', 'loyalty.h'), 'utf8');
  const declared = new Set([...header.matchAll(/LOYALTY_API\s+[^;(]*?\b(loyalty_\w+)\s*\(/g)].map((m) => m[1]));
  assert.ok(declared.size > 30, `found only ${declared.size} functions in the header`);
  for (const fn of declared) assert.ok(abi[fn], `x-abi in docs/openapi.yaml lacks ${fn}`);
  for (const fn of Object.keys(abi)) assert.ok(declared.has(fn), `x-abi lists ${fn}, which the header does not declare`);
  // A function whose comment shows a JSON document must name its schema.
  for (const [fn, entry] of Object.entries(abi)) {
    for (const which of ['request', 'result']) {
      const ref = entry[which];
      assert.ok(ref === null || (typeof ref === 'string' && ref.startsWith(SCHEMAS)), `${fn}.${which}: ${ref}`);
      if (ref) schema.validator(ref.slice(SCHEMAS.length));
    }
  }
  for (const fn of declared) {
    const signature = header.slice(header.indexOf(`${fn}(`), header.indexOf(';', header.indexOf(`${fn}(`)));
    if (/const char \*\w*_json\b/.test(signature)) assert.ok(abi[fn].request, `${fn} takes JSON but x-abi has no request schema`);
    if (/char \*\*\w*_json\b/.test(signature)) assert.ok(abi[fn].result, `${fn} returns JSON but x-abi has no result schema`);
  }
});

// The object schemas the ABI's documents are made of: those x-abi names, and those they refer to, also
// through a schema that is one of several (Report).
function abiObjectSchemas() {
  const schemas = schema.openapi.components.schemas;
  const names = new Set();
  const seen = new Set();
  const visit = (name) => {
    const s = schemas[name];
    if (seen.has(name)) return;
    seen.add(name);
    const object = s.type === 'object' && s.properties;
    if (object) names.add(name);
    else if (!s.oneOf) return;
    JSON.stringify(s, (k, v) => { if (k === '$ref') visit(v.slice(SCHEMAS.length)); return v; });
  };
  for (const e of Object.values(abi)) for (const r of [e.request, e.result]) if (r) visit(r.slice(SCHEMAS.length));
  return names;
}

function python(code) {
  try {
    return execFileSync('python3', ['-c', code], {
      env: { ...process.env, PYTHONPATH: path.join(REPO, 'bindings', 'python'), PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
    });
  } catch (err) {
    throw new Error(`python3 failed (is it installed? tools/install-deps.sh): ${err.message}\n${err.stderr ?? ''}`);
  }
}

test('loyalty.types has a TypedDict per schema, with its keys, required and optional alike', () => {
  const dump = JSON.parse(python(`
import json, typing, loyalty.types as t
out = {}
for name in dir(t):
    v = getattr(t, name)
    if isinstance(v, type) and issubclass(v, dict) and hasattr(v, '__required_keys__') and not name.startswith('_'):
        out[name] = {'required': sorted(v.__required_keys__), 'optional': sorted(v.__optional_keys__)}
print(json.dumps(out))
`));
  const schemas = schema.openapi.components.schemas;
  for (const name of abiObjectSchemas()) {
    assert.ok(dump[name], `bindings/python/loyalty/types.py has no TypedDict ${name}`);
    const s = schemas[name];
    const required = [...(s.required ?? [])].sort();
    const optional = Object.keys(s.properties).filter((k) => !required.includes(k)).sort();
    assert.deepEqual(dump[name], { required, optional }, `loyalty.types.${name} differs from the schema's keys`);
  }
  for (const name of Object.keys(dump)) assert.ok(schemas[name], `loyalty.types.${name} names no schema in docs/openapi.yaml`);
});

test('the Python package ships py.typed, and its README lists every public method of Engine', () => {
  assert.ok(fs.existsSync(path.join(REPO, 'bindings', 'python', 'loyalty', 'py.typed')), 'bindings/python/loyalty/py.typed is missing');
  const methods = JSON.parse(python(`
import json, loyalty
print(json.dumps(sorted(n for n in vars(loyalty.Engine) if not n.startswith('_') and callable(getattr(loyalty.Engine, n)))))
`));
  assert.ok(methods.length > 25, methods.join(', '));
  const readme = fs.readFileSync(path.join(REPO, 'bindings', 'python', 'README.md'), 'utf8');
  for (const m of methods) assert.ok(readme.includes(`engine.${m}(`), `bindings/python/README.md does not list Engine.${m}`);
});
