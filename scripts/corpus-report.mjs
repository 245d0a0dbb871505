// npm run corpus [-- -v]: the engine's recall on test/fixtures/corpus against ANSWERS.tsv (via the built CLI).
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { score } from './corpus-score.mjs';

const dir = new URL('../test/fixtures/corpus/', import.meta.url).pathname;
const cli = new URL('../dist/cli.js', import.meta.url).pathname;
let out;
try { out = execFileSync(process.execPath, [cli, 'check', dir, '--format', 'json', '--fail-on', 'never'], { maxBuffer: 1 << 28 }); }
catch (e) { out = e.stdout; }
const byName = new Map(JSON.parse(out).files.map(f => [basename(f.path), f]));
const r = score(dir, f => byName.get(basename(f)) ?? { resources: [], annotations: [], uses: [], findings: [] });
const pct = ([a, b]) => `${a}/${b}${b ? ` (${(100 * a / b).toFixed(1)}%)` : ''}`;
for (const k of ['resource', 'annotation', 'use']) console.log(`${k}: sure ${pct(r[k].sure)}, unsure ${pct(r[k].unsure)}`);
console.log(`negatives with output: ${r.negatives.length}; uses not in the key: ${r.extras.length}`);
for (const n of r.negatives) console.log(`  NEG ${n.file}: ${n.count} ${n.sample}`);
if (process.argv.includes('-v')) {
  for (const m of r.misses) console.log(`  MISS ${m.confidence} ${m.file}:${m.line} ${m.mesh} ${m.kind} ${m.feature} ${m.path}`);
  for (const e of r.extras) console.log(`  EXTRA ${e.file}:${e.line} ${e.feature} ${e.field}`);
}
