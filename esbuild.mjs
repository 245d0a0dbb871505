// One build: the extension (node, vscode external), the CLI, the webview script, and — with --tests — the test bundles.
// The facts in data/*.yaml are validated and bundled as the virtual module `mesh-lens:catalog`.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from './scripts/catalog-build.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withTests = args.has('--tests');
// --test-dir=DIR and --only=TEXT let one person (or helper) build a subset of the unit tests on their own
// without racing another build into dist-test/: `node esbuild.mjs --tests --test-dir=dist-test-me --only=convert`.
const option = name => process.argv.find(a => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const testDir = option('test-dir') ?? 'dist-test';
const only = option('only');

// `mesh-lens:catalog` exports a function returning the Catalog. Three ways, by bundle:
//   'embed'  the facts compiled in (the tests and the bench);
//   'file'   dist/catalog.json read with fs on first use (the CLI: cheaper than compiling the facts as code);
//   'handed' a stub: the extension (desktop and web) reads dist/catalog.json with vscode.workspace.fs on first
//            need and hands it to the engine (src/editor/catalogFile.ts), so activation loads only code.
// 'file' and 'handed' both write dist/catalog.json.
// Every bundle of one run reads the same data: validated and serialised once, dist/catalog.json written once.
let catalogBuilt, catalogWritten = false;
function catalogOnce() {
  if (!catalogBuilt) {
    const { catalog, errors, files } = buildCatalog(root);
    catalogBuilt = { errors, files, json: errors.length ? '' : JSON.stringify(catalog) };
  }
  return catalogBuilt;
}
function writeCatalogFileOnce(json) {
  if (catalogWritten) return;
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist/catalog.json'), json);
  catalogWritten = true;
}

function catalogPlugin(mode) {
  return {
    name: 'mesh-lens-catalog',
    setup(build) {
      build.onResolve({ filter: /^mesh-lens:catalog$/ }, () => ({ path: 'catalog', namespace: 'mesh-lens-catalog' }));
      build.onLoad({ filter: /.*/, namespace: 'mesh-lens-catalog' }, () => {
        const { errors, files, json } = catalogOnce();
        if (errors.length) return { errors: errors.map(text => ({ text: `data: ${text}` })), watchFiles: files };
        if (mode === 'file' || mode === 'handed') writeCatalogFileOnce(json);
        if (mode === 'file') {
          return { contents: `const fs = require('fs'), path = require('path');\nmodule.exports = () => JSON.parse(fs.readFileSync(path.join(__dirname, 'catalog.json'), 'utf8'));`, loader: 'js', watchFiles: files };
        }
        if (mode === 'handed') {
          return { contents: `module.exports = () => { throw new Error('Mesh Lens has no support data: dist/catalog.json was not read.'); };`, loader: 'js', watchFiles: files };
        }
        return { contents: `module.exports = () => (${json});`, loader: 'js', watchFiles: files };
      });
    },
  };
}

// Where the desktop and the web extension differ, src/editor has a small module per platform: the web
// build takes `x.web.ts` instead of `x.ts` for every relative import of src/editor that has one.
const webModules = {
  name: 'mesh-lens-web-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, args => {
      if (!args.importer.startsWith(join(root, 'src/editor'))) return undefined;
      const web = join(args.resolveDir, `${args.path}.web.ts`);
      return existsSync(web) ? { path: web } : undefined;
    });
  },
};

const common = {
  bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', plugins: [catalogPlugin('embed')],
  target: 'node20', platform: 'node', format: 'cjs', legalComments: 'none',
};

function walk(dir, pred, out = []) {
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, pred, out); else if (pred(p)) out.push(p);
  }
  return out;
}

// The CLI reads dist/catalog.json when it starts (cheaper than compiling the facts as code) and loads the
// converter (dist/cliConvert.js) only for `mesh-lens convert`.
const cli = { ...common, plugins: [catalogPlugin('file')] };
const builds = [
  esbuild.build({ ...cli, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...cli, entryPoints: ['src/cli/worker.ts'], outfile: 'dist/cliWorker.js' }),
  esbuild.build({ ...cli, entryPoints: ['src/cli/convert.ts'], outfile: 'dist/cliConvert.js' }),
];
if (args.has('--bench')) {
  builds.push(esbuild.build({ ...common, entryPoints: ['test/bench/bench.ts'], outfile: 'dist-test/bench.js', external: ['js-yaml', 'yaml'] }));
}
if (existsSync(join(root, 'src/editor/extension.ts'))) {
  builds.push(esbuild.build({ ...common, entryPoints: ['src/editor/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [catalogPlugin('handed')] }));
  // The converter, loaded by the extension on the first Convert (src/editor/converter.ts).
  builds.push(esbuild.build({ ...common, entryPoints: ['src/core/convert/index.ts'], outfile: 'dist/converter.js' }));
  // VS Code for the Web: the same extension for the web worker extension host (package.json `browser`).
  // No Node built-in resolves on platform browser, so one slipping in fails the build; the metafile
  // lets a unit test list what the bundle imports.
  builds.push(esbuild.build({
    ...common, platform: 'browser', target: 'es2022', entryPoints: ['src/editor/extension.ts'], outfile: 'dist/web/extension.js',
    external: ['vscode'], plugins: [catalogPlugin('handed'), webModules], metafile: true,
  }).then(result => writeFileSync(join(root, 'dist/web/meta.json'), JSON.stringify(result.metafile))));
}
if (existsSync(join(root, 'src/webview/compare.ts'))) {
  builds.push(esbuild.build({ ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: ['src/webview/compare.ts'], outfile: 'dist/compare.js' }));
}
if (withTests) {
  const unit = walk(join(root, 'test/unit'), p => p.endsWith('.test.ts') && (!only || relative(root, p).includes(only)));
  builds.push(esbuild.build({ ...common, entryPoints: unit, outdir: `${testDir}/unit`, outbase: 'test/unit', external: ['mocha', 'js-yaml', 'yaml', 'ajv', 'ajv-draft-04', 'ajv-formats', 'fast-check', 'playwright-core'] }));
  const integration = walk(join(root, 'test/integration'), p => p.endsWith('.ts'));
  if (integration.length && !only) {
    builds.push(esbuild.build({ ...common, entryPoints: integration, outdir: 'dist-test/integration', outbase: 'test/integration', external: ['vscode', 'mocha'] }));
  }
}
try {
  await Promise.all(builds);
} catch {
  process.exit(1);
}
if (!args.has('--quiet')) console.log(`built ${builds.length} bundles${production ? ' (production)' : ''}: ${relative(root, join(root, 'dist'))}/`);
