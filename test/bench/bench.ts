// npm run bench: the engine's cost as ratios against parsing the same text, measured in one run.
// Targets: full analysis ≤ 1.5 × js-yaml alone; ≥ 5 × faster than the `yaml` package; re-analysis after a
// one-character edit or an Enter ≤ 5 ms and ≤ 2 % (5 000 VirtualServices) or ≤ 5 % (corpus) of a cold
// analysis, and not growing with the number of documents (500, 5 000, 50 000).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { Analyzer, catalogView } from '../../src/core/index';
import { convertFiles, CONVERT_TARGETS } from '../../src/core/convert/index';

const root = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
/** One timed run after a full collection, so no run pays for another's garbage. */
function time(fn: () => void): number { gc(); const t = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t) / 1e6; }
/** Runs the candidates in interleaved rounds (machine load hits them alike); median per candidate. */
function measure<K extends string>(fns: Record<K, () => void>): Record<K, number> {
  const keys = Object.keys(fns) as K[];
  for (const k of keys) fns[k]();
  const runs = Object.fromEntries(keys.map(k => [k, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < RUNS; r++) for (const k of keys) runs[k].push(time(fns[k]));
  return Object.fromEntries(keys.map(k => [k, median(runs[k])])) as Record<K, number>;
}

function bigFile(): string {
  const out = execFileSync(process.execPath, ['-e', `process.chdir(require('os').tmpdir()); require(${JSON.stringify(join(root, 'scripts/bench/gen-virtualservices.js'))}); process.stdout.write(require('fs').readFileSync('big.yaml','utf8'))`], { maxBuffer: 1 << 28 });
  return out.toString('utf8');
}

/** The corpus's real manifests that js-yaml parses whole (broken and template files would stop it early). */
function corpusFile(): string {
  const dir = join(root, 'test/fixtures/corpus');
  return readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()
    .map(f => readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, ''))
    .filter(t => { try { loadAll(t); return !t.includes('{{'); } catch { return false; } })
    .join('\n---\n');
}

/** A string stored flat, as an editor's getText() hands it over (a concatenation is flattened on first read). */
function flat(s: string): string { s.indexOf('\0'); return s; }

/** Re-analysis after a keystroke (same line) and after Enter (every later line moves) in the middle document. */
function editFns(text: string, target: { mesh: 'linkerd' }) {
  const warm = new Analyzer(catalogView());
  warm.analyze(text, { target });
  const mid = text.indexOf('\n---\n', text.length >> 1);
  const at = text.indexOf(': ', mid + 5) + 2;
  // As the editor calls it: with the region VS Code reports changed, the edit made and undone in turn.
  const typed = flat(text.slice(0, at) + 'x' + text.slice(at)), entered = flat(text.slice(0, at) + '\n' + text.slice(at));
  // Each run makes the edit and undoes it (two analyses; the figures are halved), so runs can interleave.
  const editAndUndo = (edited: string) => () => {
    warm.analyze(edited, { target }, { start: at, oldEnd: at, newEnd: at + 1 });
    warm.analyze(text, { target }, { start: at, oldEnd: at + 1, newEnd: at });
  };
  const touched = flat(text.slice(0, at) + 'y' + text.slice(at));
  return { keystroke: editAndUndo(typed), newline: editAndUndo(entered), textOnly: () => { warm.analyze(touched, { target }); warm.analyze(text, { target }); } };
}

function report(name: string, text: string, keystrokeGoal: number) {
  const target = { mesh: 'linkerd' as const };
  let findings = 0;
  const t = measure({
    jsYaml: () => loadAll(text),
    // In the same interleaved rounds as the analysis, so a change of machine load hits both alike.
    yaml: () => parseAllDocuments(text),
    cold: () => { findings = new Analyzer(catalogView()).analyze(text, { target }).findings.length; },
    ...editFns(text, target),
  });
  for (const k of ['keystroke', 'newline', 'textOnly'] as const) t[k] /= 2;
  const yamlPkg = t.yaml;
  const docs = text.split(/^---/m).length;
  console.log(`\n${name}: ${(text.length / 1e6).toFixed(1)} MB, ${docs} documents, ${findings} findings (target linkerd), median of ${RUNS} interleaved runs`);
  console.log(`  js-yaml loadAll              ${t.jsYaml.toFixed(0).padStart(7)} ms`);
  console.log(`  yaml parseAllDocuments       ${yamlPkg.toFixed(0).padStart(7)} ms`);
  console.log(`  Mesh Lens full analysis      ${t.cold.toFixed(0).padStart(7)} ms`);
  console.log(`  … after a keystroke          ${t.keystroke.toFixed(1).padStart(7)} ms`);
  console.log(`  … after Enter (lines move)   ${t.newline.toFixed(1).padStart(7)} ms`);
  console.log(`  … after a keystroke, no hint ${t.textOnly.toFixed(1).padStart(7)} ms  (text only: every document re-keyed)`);
  const row = (label: string, v: string, target: string, ok: boolean) => console.log(`  ${label.padEnd(34)} ${v.padStart(7)}  (target ${target})  ${ok ? 'ok' : 'MISSED'}`);
  const pct = `≤ ${keystrokeGoal * 100} % and ≤ 5 ms`;
  row('analysis / js-yaml', (t.cold / t.jsYaml).toFixed(2), '≤ 1.5', t.cold / t.jsYaml <= 1.5);
  row('yaml / analysis', (yamlPkg / t.cold).toFixed(1), '≥ 5', yamlPkg / t.cold >= 5);
  row('keystroke re-analysis / cold', `${(100 * t.keystroke / t.cold).toFixed(1)} %`, pct, t.keystroke / t.cold <= keystrokeGoal && t.keystroke <= 5);
  row('Enter re-analysis / cold', `${(100 * t.newline / t.cold).toFixed(1)} %`, pct, t.newline / t.cold <= keystrokeGoal && t.newline <= 5);
}

/** `count` VirtualServices: the bench file's documents, renamed per copy so no two are the same text. */
function virtualServices(big: string, count: number): string {
  const docs = big.split(/\n(?=---\n)/);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = docs[i % docs.length].replace(/^(?!---\n)/, '---\n');
    out.push(i < docs.length ? d : d.replace(/name: reviews-/, `name: copy${Math.floor(i / docs.length)}-reviews-`));
  }
  return flat(out.join('\n'));
}

/** What a keystroke and an Enter cost as the file grows: flat when the cost follows the edit, not the file. */
function reportScaling(big: string) {
  console.log(`\nScaling: re-analysis in the middle document of n VirtualServices, median of ${RUNS} interleaved runs (goal: flat, ≤ 5 ms)`);
  for (const count of [500, 5000, 50000]) {
    const { keystroke, newline } = editFns(virtualServices(big, count), { mesh: 'linkerd' });
    const t = measure({ keystroke, newline });
    console.log(`  ${String(count).padStart(6)} documents  keystroke ${(t.keystroke / 2).toFixed(2).padStart(6)} ms   Enter ${(t.newline / 2).toFixed(2).padStart(6)} ms`);
  }
}

/** Converting the file to each target, as a ratio to a cold analysis of it (goal ≤ 3×). */
function reportConvert(name: string, text: string) {
  const fns: Record<string, () => void> = { cold: () => { new Analyzer(catalogView()).analyze(text, { target: { mesh: 'linkerd' } }); } };
  for (const id of CONVERT_TARGETS) fns[id] = () => { convertFiles([{ path: 'big.yaml', text }], { id }, catalogView()); };
  const t = measure(fns);
  console.log(`\n${name}: convert, median of ${RUNS} interleaved runs (cold analysis ${t.cold.toFixed(0)} ms)`);
  for (const id of CONVERT_TARGETS) {
    const ratio = t[id] / t.cold;
    console.log(`  convert --to ${id.padEnd(12)} ${t[id].toFixed(0).padStart(7)} ms  ${ratio.toFixed(2).padStart(5)} × cold analysis  (target ≤ 3)  ${ratio <= 3 ? 'ok' : 'MISSED'}`);
  }
}

const big = bigFile();
report('5 000 Istio VirtualServices', big, 0.02);
report('real manifests (corpus, one file)', corpusFile(), 0.05);
reportScaling(big);
reportConvert('5 000 Istio VirtualServices', big);
import('./processes').then(m => m.reportProcesses('5 000 Istio VirtualServices', big));
