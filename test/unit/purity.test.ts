import * as assert from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import { REPO } from './fixtures';

describe('src/core stays pure', () => {
  it('imports neither vscode nor any Node built-in', () => {
    const dir = join(REPO, 'src/core');
    const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));
    const bad: string[] = [];
    for (const f of readdirSync(dir).filter(f => f.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        const spec = m[1];
        if (spec === 'vscode' || builtins.has(spec) || builtins.has(spec.split('/')[0])) bad.push(`${f}: ${spec}`);
      }
    }
    assert.deepStrictEqual(bad, []);
  });
});
