'use strict';

// tsc --strict over a file that assigns real documents (those the scenario validated) to the types of
// bindings/node/index.d.ts named like their schemas: a field the declarations lack, one they require that
// the library does not send, or a type that does not fit, fails. Int64 outputs must allow plain arithmetic.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { REPO } = require('./schema');

const TSC = path.join(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const TYPES = path.join(__dirname, '..', 'node_modules', '@types');

function literal(value) {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'bigint') throw new Error('a bigint in a document: int64 outputs must be numbers here');
    return v;
  }, 2);
}

function typecheck(schema, requests) {
  if (!fs.existsSync(TSC)) throw new Error(`typescript is not installed in tests/schema (npm ci --prefix tests/schema)`);
  const abi = schema.openapi['x-abi'];
  const named = new Set();
  for (const entry of Object.values(abi)) for (const ref of [entry.request, entry.result]) if (ref) named.add(ref.split('/').pop());

  const lines = [`import type * as T from ${JSON.stringify(path.join(REPO, 'bindings', 'node', 'index'))};`, ''];
  let n = 0;
  const seen = new Set();
  const add = (name, doc) => {
    const text = literal(doc);
    if (seen.has(name + text)) return;
    seen.add(name + text);
    lines.push(`export const d${n++}: T.${name} = ${text};`);
  };
  for (const [name, docs] of schema.checked) if (named.has(name)) for (const doc of docs) add(name, doc);
  for (const [name, doc] of requests) add(name, doc);
  // Every schema the ABI names has a declaration of that name, even one no document reached.
  for (const name of [...named].sort()) lines.push(`export type Has${name} = T.${name};`);
  lines.push(`
declare const member: T.Member;
declare const page: T.TransactionsPage;
declare const report: T.MaintenanceReport;
// Int64 outputs are numbers: arithmetic and comparisons type-check under --strict.
export const total: number = member.points.available + member.points.pending + member.spend.lifetime;
export const ids: number[] = page.transactions.map((e) => e.entry_id + e.points);
export const entries: number = report.entries * 2;
export const tier: string | undefined = member.tier?.name;
export const programs: number = member.programs.reduce((sum, p) => sum + p.points, 0);
export const kinds: T.EntryKind[] = ['bonus', 'return'];
`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-schema-ts-'));
  try {
    const file = path.join(dir, 'documents.ts');
    fs.writeFileSync(file, lines.join('\n'));
    try {
      execFileSync(process.execPath, [TSC, '--strict', '--noEmit', '--target', 'es2022', '--module', 'commonjs',
        '--moduleResolution', 'node', '--lib', 'es2022,esnext.disposable', '--typeRoots', TYPES, '--types', 'node',
        '--skipLibCheck', 'false', file], { stdio: 'pipe' });
    } catch (err) {
      assert.fail(`tsc --strict refuses documents the library returned, or index.d.ts lacks a schema's type:\n` +
        `${err.stdout}${err.stderr}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { typecheck };
