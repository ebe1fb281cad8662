'use strict';

// Every document the C ABI (through the Node.js binding) and the HTTPS API return is validated against
// docs/openapi.yaml; then the TypeScript declarations must accept those same documents (tsc --strict).

const test = require('node:test');
const assert = require('node:assert/strict');
const { Schema } = require('./support/schema');
const { run } = require('./support/scenario');
const { typecheck } = require('./support/typescript');

test('every result of the C ABI and the HTTP API conforms to docs/openapi.yaml; index.d.ts accepts them', async () => {
  if (!process.env.LOYALTY_LIBRARY)
    throw new Error('LOYALTY_LIBRARY is not set: ctest sets it to the library just built (see tests/schema/CMakeLists.txt)');
  const schema = new Schema();
  const { requests } = await run(schema);

  // Every result schema x-abi names was exercised at least once.
  const results = new Set(Object.values(schema.openapi['x-abi']).map((e) => e.result).filter(Boolean)
    .map((r) => r.split('/').pop()));
  for (const name of results) assert.ok(schema.checked.has(name), `no ${name} document was checked`);

  typecheck(schema, requests);
});
