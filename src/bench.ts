// npm run bench: the engine's cost as ratios against parsing the same text, measured in one run.
// Targets (DESIGN.md): full analysis ≤ 1.5 × js-yaml alone; ≥ 5 × faster than the `yaml` package;
// re-analysis after a one-character edit ≤ 5 % of a cold analysis.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { Analyzer, catalogView } from './core/index';

const root = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function time(fn: () => void): number { const t = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t) / 1e6; }
function measure(fn: () => void): number { fn(); return median(Array.from({ length: RUNS }, () => time(fn))); }

function bigFile(): string {
  const out = execFileSync(process.execPath, ['-e', `process.chdir(require('os').tmpdir()); require(${JSON.stringify(join(root, 'scripts/bench/gen-virtualservices.js'))}); process.stdout.write(require('fs').readFileSync('big.yaml','utf8'))`], { maxBuffer: 1 << 28 });
  return out.toString('utf8');
}

function corpusFile(): string {
  const dir = join(root, 'test/fixtures/corpus');
  return readdirSync(dir).filter(f => f.endsWith('.yaml') && !f.startsWith('neg__')).sort()
    .map(f => readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '')).join('\n---\n');
}

function report(name: string, text: string) {
  const target = { mesh: 'linkerd' as const };
  const jsYaml = measure(() => { try { loadAll(text); } catch { /* the corpus has broken documents on purpose */ } });
  const yamlPkg = measure(() => parseAllDocuments(text));
  let findings = 0;
  const cold = measure(() => { findings = new Analyzer(catalogView()).analyze(text, { target }).findings.length; });
  // Incremental: one character changed in the middle document; unchanged documents come from the cache.
  const warm = new Analyzer(catalogView());
  warm.analyze(text, { target });
  const mid = text.indexOf('\n---\n', text.length >> 1);
  let flip = false;
  const edit = measure(() => {
    flip = !flip;
    const t = text.slice(0, mid) + (flip ? '\n# edited' : '\n# edit') + text.slice(mid);
    warm.analyze(t, { target });
  });
  const mb = (text.length / 1e6).toFixed(1);
  const docs = text.split(/^---/m).length;
  console.log(`\n${name}: ${mb} MB, ${docs} documents, ${findings} findings (target linkerd), median of ${RUNS} runs`);
  console.log(`  js-yaml loadAll            ${jsYaml.toFixed(0).padStart(6)} ms`);
  console.log(`  yaml parseAllDocuments     ${yamlPkg.toFixed(0).padStart(6)} ms`);
  console.log(`  Mesh Lens full analysis    ${cold.toFixed(0).padStart(6)} ms`);
  console.log(`  Mesh Lens after 1-char edit${edit.toFixed(1).padStart(7)} ms`);
  const r1 = cold / jsYaml, r2 = yamlPkg / cold, r3 = edit / cold;
  console.log(`  ratio analysis / js-yaml         ${r1.toFixed(2)}  (target ≤ 1.5)  ${r1 <= 1.5 ? 'ok' : 'OVER'}`);
  console.log(`  ratio yaml / analysis            ${r2.toFixed(1)}  (target ≥ 5)    ${r2 >= 5 ? 'ok' : 'UNDER'}`);
  console.log(`  ratio edit / cold analysis       ${(100 * r3).toFixed(1)} %  (target ≤ 5 %) ${r3 <= 0.05 ? 'ok' : 'OVER'}`);
}

report('5 000 Istio VirtualServices', bigFile());
report('real manifests (corpus, one file)', corpusFile());
