// Bundles the dashboard for loyaltyd to serve at /admin/: app.js, app.css, index.html.
// Usage: node build.mjs [outdir]   (default: dist)
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] || path.join(here, 'dist'));
const require = createRequire(import.meta.url);

// The bundle carries other people's code: their licences go with it, served at /admin/licenses.txt.
async function licenses() {
  const own = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  let text = 'The loyalty dashboard (Apache-2.0) bundles these packages, under their own licences.\n';
  for (const name of Object.keys(own.dependencies).sort()) {
    // node_modules/<name>: a package's exports may hide its package.json from require.resolve.
    const dir = path.join(here, 'node_modules', name);
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    const file = (await readdir(dir)).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    if (!file) throw new Error(`${name} ships no licence file: cannot bundle it`);
    text += `\n==== ${name} ${pkg.version} (${pkg.license}) ====\n\n${(await readFile(path.join(dir, file), 'utf8')).trim()}\n`;
  }
  return text;
}

async function main() {
  await mkdir(outdir, { recursive: true });
  const common = { bundle: true, minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'eof' };
  await build({
    ...common,
    entryPoints: [path.join(here, 'src/main.js')],
    outfile: path.join(outdir, 'app.js'),
    format: 'iife',
    target: ['es2019'],
    platform: 'browser',
  });
  // uPlot's stylesheet first so the dashboard's rules can override it.
  const uplotCss = require.resolve('uplot/dist/uPlot.min.css');
  await build({
    ...common,
    stdin: {
      contents: `@import ${JSON.stringify(uplotCss)};\n@import ${JSON.stringify(path.join(here, 'src/app.css'))};\n`,
      resolveDir: here,
      loader: 'css',
    },
    outfile: path.join(outdir, 'app.css'),
    target: ['chrome80', 'firefox78', 'safari13'],
  });
  await copyFile(path.join(here, 'src/index.html'), path.join(outdir, 'index.html'));
  await writeFile(path.join(outdir, 'licenses.txt'), await licenses());
  for (const f of ['index.html', 'app.js', 'app.css', 'licenses.txt']) {
    const s = await stat(path.join(outdir, f));
    console.log(`${path.join(outdir, f)}  ${(s.size / 1024).toFixed(1)} KiB`);
  }
}

main().catch((err) => {
  console.error(err && err.message ? err.message : err);
  process.exit(1);
});
