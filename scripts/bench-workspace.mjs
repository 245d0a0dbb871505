// Workspace bench: `mesh-lens check <dir> --format json` end to end on a 10 000-file workspace, against
// reading and js-yaml-parsing the same files in one process. Prints both times and the ratio.
//
//   node esbuild.mjs && node scripts/bench-workspace.mjs [--files 10000] [--runs 3] [--keep]
//
// The workspace (in a temp dir) mixes the real corpus files (test/fixtures/corpus, ~1 in 4 files) with
// generated Istio VirtualServices shaped like scripts/bench/gen-virtualservices.js (1 to 3 per file).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : def; };
const FILES = arg('--files', 10_000), RUNS = arg('--runs', 3), KEEP = process.argv.includes('--keep');
const cli = join(root, 'dist/cli.js');
if (!existsSync(cli) || !existsSync(join(root, 'dist/cliWorker.js'))) {
  console.error('build first: node esbuild.mjs');
  process.exit(2);
}

// The VirtualServices of the bench generator (scripts/bench/gen-virtualservices.js), one document each.
const generated = execFileSync(process.execPath, ['-e',
  `process.chdir(require('os').tmpdir()); require(${JSON.stringify(join(root, 'scripts/bench/gen-virtualservices.js'))}); process.stdout.write(require('fs').readFileSync('big.yaml', 'utf8'))`],
  { maxBuffer: 1 << 28 }).toString('utf8').split('---\n');
const virtualService = i => generated[i % generated.length];

// ---- the workspace ----
const corpusDir = join(root, 'test/fixtures/corpus');
const corpus = readdirSync(corpusDir).filter(f => /\.ya?ml$/.test(f)).sort().map(f => readFileSync(join(corpusDir, f), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-workspace-'));
const paths = [];
let bytes = 0;
for (let i = 0; i < FILES; i++) {
  const sub = join(dir, `team-${i % 20}`, `app-${i % 97}`);
  mkdirSync(sub, { recursive: true });
  let text;
  if (i % 4 === 0) text = corpus[(i / 4) % corpus.length];
  else text = Array.from({ length: 1 + (i % 3) }, (_, k) => virtualService(i * 3 + k)).join('---\n');
  const p = join(sub, `m-${String(i).padStart(5, '0')}.yaml`);
  writeFileSync(p, text);
  paths.push(p);
  bytes += Buffer.byteLength(text);
}
console.log(`workspace: ${FILES} files, ${(bytes / 1e6).toFixed(1)} MB in ${dir} (${corpus.length} corpus files reused, the rest generated VirtualServices)`);
console.log(`cores: ${availableParallelism()}, node ${process.version}`);

// ---- baseline: read + js-yaml parse in this process ----
function baseline() {
  const t = performance.now();
  let docs = 0;
  // Walk like the CLI (readdir + stat), then read and parse every file.
  const walk = d => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(f)) {
        try { docs += loadAll(readFileSync(p, 'utf8')).length; } catch { docs++; }
      }
    }
  };
  walk(dir);
  return { ms: performance.now() - t, docs };
}

// ---- the CLI, end to end (process start included) ----
function runCli(extra = []) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json', '--fail-on', 'never', ...extra], { maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`mesh-lens exited ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout.length };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
baseline(); // warm the file cache
const base = [], auto = [], single = [];
let docs = 0, outBytes = 0;
for (let k = 0; k < RUNS; k++) {
  const b = baseline(); base.push(b.ms); docs = b.docs;
  const c = runCli(); auto.push(c.ms); outBytes = c.out;
  single.push(runCli(['--jobs', '1']).ms);
}
const mb = median(base), ma = median(auto), ms1 = median(single);
console.log(`read + js-yaml loadAll, one process: ${mb.toFixed(0)} ms (${docs} documents)`);
console.log(`mesh-lens check --format json (workers, default): ${ma.toFixed(0)} ms, ${(outBytes / 1e6).toFixed(1)} MB of JSON`);
console.log(`mesh-lens check --format json --jobs 1 (in-process): ${ms1.toFixed(0)} ms`);
console.log(`ratio (CLI end to end / read+parse): ${(ma / mb).toFixed(2)}x (in-process: ${(ms1 / mb).toFixed(2)}x), median of ${RUNS}`);

if (!KEEP) rmSync(dir, { recursive: true, force: true });
void execFileSync;
