'use strict';

// The package as npm would publish it: `npm pack`, unpacked into WORK_DIR, its dependencies installed there
// offline from the lockfile (`npm ci --offline`, from npm's cache), then the tests run from that folder alone.
//   node test-support/packed.js WORK_DIR
// The library comes from LOYALTY_LIBRARY; the tests find the repository's fixtures through LOYALTY_SOURCE_DIR.
// What the source tree's test run cannot see is checked here: a file missing from "files", a dependency
// missing from package.json, the "exports" map, and the manifest fields a registry shows.

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const SOURCE = path.resolve(__dirname, '..');
const REPO = path.resolve(SOURCE, '..', '..');
const NPM = process.env.NPM || 'npm';

function npm(args, cwd) {
  return execFileSync(NPM, [...args, '--offline', '--no-audit', '--no-fund'], { cwd, encoding: 'utf8' });
}

function main() {
  const work = path.resolve(process.argv[2] || fail('usage: node test-support/packed.js WORK_DIR'));
  if (!process.env.LOYALTY_LIBRARY) fail('LOYALTY_LIBRARY must name the library under test');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });

  // Scripts run: prepack copies the repository's LICENSE into the package, postpack removes it again.
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], SOURCE));
  assert.ok(!fs.existsSync(path.join(SOURCE, 'LICENSE')), 'postpack leaves no copy of LICENSE behind');
  const files = packed.files.map((f) => f.path).sort();
  const expected = ['LICENSE', 'README.md', 'index.d.ts', 'index.js', 'package.json',
    ...fs.readdirSync(path.join(SOURCE, 'lib')).map((f) => `lib/${f}`)].sort();
  assert.deepEqual(files, expected, 'the files npm packs');

  execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
  const pkg = path.join(work, 'package');
  const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  assert.equal(manifest.license, 'Apache-2.0');
  assert.match(fs.readFileSync(path.join(pkg, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/, 'the licence text is packed');
  assert.equal(manifest.repository.directory, 'bindings/node');
  assert.ok(manifest.os.includes(process.platform), `"os" lists ${process.platform}`);
  assert.ok(manifest.cpu.includes(process.arch), `"cpu" lists ${process.arch}`);
  assert.ok(fs.existsSync(path.join(pkg, manifest.exports['.'].types)), 'the types "exports" names are packed');

  // npm ci refuses a lockfile that does not match the packed package.json; --offline keeps it off the network.
  fs.copyFileSync(path.join(SOURCE, 'package-lock.json'), path.join(pkg, 'package-lock.json'));
  try {
    npm(['ci', '--ignore-scripts'], pkg);
  } catch (err) {
    fail(`npm ci --offline failed in the unpacked package: its dependencies are not in npm's cache. Run npm ci in ` +
         `bindings/node once with the network, then again.\n${err.stderr || err.message}`);
  }

  // A consumer reaches the package only through "exports".
  const consumer = path.join(work, 'consumer');
  fs.mkdirSync(path.join(consumer, 'node_modules'), { recursive: true });
  fs.symlinkSync(pkg, path.join(consumer, 'node_modules', 'loyalty'), 'dir');
  const probe = `
    const loyalty = require('loyalty');
    let internal = 'resolved';
    try { require('loyalty/lib/native'); } catch (err) { internal = err.code; }
    console.log(JSON.stringify({ file: require.resolve('loyalty'), version: loyalty.version(),
                                 manifest: require('loyalty/package.json').name, internal }));`;
  const seen = JSON.parse(execFileSync(process.execPath, ['-e', probe], { cwd: consumer, encoding: 'utf8' }));
  assert.equal(seen.file, path.join(pkg, 'index.js'), 'require(\'loyalty\') is the packed index.js');
  assert.match(seen.version, /^\d+\.\d+\.\d+/);
  assert.equal(seen.manifest, 'loyalty');
  assert.equal(seen.internal, 'ERR_PACKAGE_PATH_NOT_EXPORTED', 'lib/ stays private');

  // The tests, copied in beside the packed files: `require('..')` and koffi now resolve inside the package.
  for (const dir of ['test', 'test-support']) {
    fs.cpSync(path.join(SOURCE, dir), path.join(pkg, dir), { recursive: true });
  }
  const run = spawnSync(process.execPath, ['--test'], {
    cwd: pkg, stdio: 'inherit', env: { ...process.env, LOYALTY_SOURCE_DIR: REPO },
  });
  process.exit(run.status === null ? 1 : run.status);
}

function fail(message) {
  console.error(`packed: ${message}`);
  process.exit(1);
}

main();
