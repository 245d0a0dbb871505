// The web extension (package.json `browser`, dist/web/extension.js) runs in a web worker: no Node
// built-in, no `process`. Reads the bundle and the esbuild metafile that `node esbuild.mjs` writes.
import * as assert from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { REPO } from './fixtures';

const BUNDLE = join(REPO, 'dist/web/extension.js');
const META = join(REPO, 'dist/web/meta.json');

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}

describe('the web extension bundle (dist/web/extension.js)', function () {
  before(function () {
    if (!existsSync(BUNDLE) || !existsSync(META)) throw new Error('dist/web/extension.js missing: run `node esbuild.mjs` first (npm run test:unit does)');
  });
  const bundle = () => readFileSync(BUNDLE, 'utf8');
  const meta = () => JSON.parse(readFileSync(META, 'utf8')) as Metafile;

  it('is what package.json names as the `browser` entry, next to the desktop `main`, and the .vsix takes it', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    assert.strictEqual(manifest.browser, './dist/web/extension.js');
    assert.strictEqual(manifest.main, './dist/extension.js');
    assert.ok(readFileSync(join(REPO, '.vscodeignore'), 'utf8').split('\n').includes('!dist/web/extension.js'));
  });

  it('requires nothing but vscode', () => {
    const required = new Set([...bundle().matchAll(/\brequire\s*\(\s*(['"`])([^'"`]*)\1\s*\)/g)].map(m => m[2]));
    assert.deepStrictEqual([...required], ['vscode']);
    const imports = Object.values(meta().outputs).flatMap(o => o.imports.map(i => i.path));
    assert.deepStrictEqual([...new Set(imports)], ['vscode']);
  });

  it('bundles no Node built-in (fs, path, os, child_process, node:*)', () => {
    const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));
    const found = Object.keys(meta().inputs).filter(p => p.startsWith('node:') || builtins.has(p) || /(^|\/)node_modules\/(fs|path|os|child_process)\//.test(p));
    assert.deepStrictEqual(found, []);
    const text = bundle();
    for (const name of ['fs', 'path', 'os', 'child_process']) {
      assert.ok(!new RegExp(`require\\(\\s*['"](node:)?${name}['"]\\s*\\)`).test(text), `the bundle requires ${name}`);
    }
    assert.ok(!/['"]node:[a-z_/]+['"]/.test(text), 'the bundle names a node: module');
  });

  it('uses no Node global: process, Buffer, __dirname, __filename, setImmediate', () => {
    const text = bundle();
    for (const global of ['process', 'Buffer', '__dirname', '__filename', 'setImmediate']) {
      const uses = [...text.matchAll(new RegExp(`(?<![\\w$.'"])${global}\\s*[.[(]|\\btypeof\\s+${global}\\b`, 'g'))]
        .map(m => text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' '));
      assert.deepStrictEqual(uses, [], `${global} is used`);
    }
  });

  it('shares every editor module with the desktop build; only the converter loader is the web one', () => {
    const editorInputs = Object.keys(meta().inputs).filter(p => p.startsWith('src/editor/')).sort();
    const editorFiles = readdirSync(join(REPO, 'src/editor')).filter(f => f.endsWith('.ts')).map(f => `src/editor/${f}`);
    const expected = editorFiles.filter(f => f !== 'src/editor/converter.ts').sort();
    assert.deepStrictEqual(editorInputs, expected);
    // The converter is in the bundle itself (a web worker cannot require dist/converter.js).
    assert.ok('src/core/convert/index.ts' in meta().inputs);
  });

  it('embeds no catalog: the facts are read from dist/catalog.json on first need', () => {
    const stub = meta().inputs['mesh-lens-catalog:catalog'] as { bytes: number } | undefined;
    assert.ok(stub && stub.bytes < 200, `the catalog module is ${stub?.bytes} bytes`);
    assert.ok(JSON.parse(readFileSync(join(REPO, 'dist/catalog.json'), 'utf8')).sections.length > 0);
  });
});
