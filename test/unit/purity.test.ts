import * as assert from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { REPO } from './fixtures';

const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));

function sources(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) sources(p, out); else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every module specifier of a TypeScript file, relative ones resolved to a repository path. */
function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map(m =>
    m[1].startsWith('.') ? relative(REPO, resolve(dirname(file), m[1])) : m[1]);
}

describe('the house: a room per face over a pure core', () => {
  it('src/core imports neither vscode nor any Node built-in', () => {
    const bad: string[] = [];
    for (const f of sources(join(REPO, 'src/core'))) {
      for (const spec of imports(f)) {
        if (spec === 'vscode' || builtins.has(spec) || builtins.has(spec.split('/')[0])) bad.push(`${relative(REPO, f)}: ${spec}`);
        if (spec.startsWith('src/') && !spec.startsWith('src/core')) bad.push(`${relative(REPO, f)}: ${spec}`);
      }
    }
    assert.deepStrictEqual(bad, []);
  });

  it('src/core has no DOM or Node globals in its types (its own tsconfig has lib ES2022 only)', () => {
    const config = JSON.parse(readFileSync(join(REPO, 'src/core/tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    assert.deepStrictEqual(config.compilerOptions.lib, ['ES2022']);
    assert.deepStrictEqual(config.compilerOptions.types, []);
    for (const f of sources(join(REPO, 'src/core'))) {
      assert.ok(!/\/\/\/\s*<reference\s+(lib|types)=/.test(readFileSync(f, 'utf8')), `${relative(REPO, f)} references extra types`);
    }
  });

  it('the CLI never imports the editor or vscode, and the webview page only the core', () => {
    const bad: string[] = [];
    for (const f of sources(join(REPO, 'src/cli'))) {
      for (const spec of imports(f)) if (spec === 'vscode' || spec.startsWith('src/editor')) bad.push(`${relative(REPO, f)}: ${spec}`);
    }
    for (const f of sources(join(REPO, 'src/webview'))) {
      for (const spec of imports(f)) if (spec === 'vscode' || (spec.startsWith('src/') && !spec.startsWith('src/core') && !spec.startsWith('src/webview'))) bad.push(`${relative(REPO, f)}: ${spec}`);
    }
    assert.deepStrictEqual(bad, []);
  });
});
