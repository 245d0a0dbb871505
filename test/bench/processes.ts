// The CLI as a user runs it: whole processes (start-up, reading, analysis, output) against a bare Node
// process that only parses the same file with js-yaml's parseEvents. Targets: `check --format json`
// ≤ 1.5 × the bare parse, `check --format text` ≤ 1.3 ×.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

/** Wall time of one process, its output thrown away (as `> /dev/null`). */
function timeProcess(args: string[], cwd: string): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error || (r.status !== 0 && r.status !== 1)) throw new Error(`node ${args.join(' ')}: ${r.error?.message ?? `exit ${r.status}`} ${r.stderr ?? ''}`);
  return ms;
}

/**
 * Writes `text` as big.yaml in a temporary folder and times, in rounds (one not counted, then RUNS),
 * the bare parse and `mesh-lens check big.yaml` in JSON and text, each round in a rotated order so
 * machine load hits them alike; prints the medians and the median of each round's ratio.
 */
export function reportProcesses(name: string, text: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-bench-'));
  try {
    writeFileSync(join(dir, 'big.yaml'), text);
    const cli = join(__dirname, '..', 'dist/cli.js');
    const bare = `const { parseEvents } = require(${JSON.stringify(require.resolve('js-yaml'))}); parseEvents(require('fs').readFileSync('big.yaml', 'utf8'));`;
    const commands = {
      bare: ['-e', bare],
      json: [cli, 'check', 'big.yaml', '--format', 'json'],
      text: [cli, 'check', 'big.yaml', '--format', 'text'],
    };
    const keys = Object.keys(commands) as (keyof typeof commands)[];
    const times = { bare: [] as number[], json: [] as number[], text: [] as number[] };
    const ratios = { json: [] as number[], text: [] as number[] };
    for (let round = 0; round <= RUNS; round++) {
      const t = { bare: 0, json: 0, text: 0 };
      for (let k = 0; k < keys.length; k++) { const key = keys[(k + round) % keys.length]; t[key] = timeProcess(commands[key], dir); }
      if (round === 0) continue; // disk cache and code cache warm-up
      for (const key of keys) times[key].push(t[key]);
      ratios.json.push(t.json / t.bare);
      ratios.text.push(t.text / t.bare);
    }
    const ms = (key: keyof typeof times) => `${median(times[key]).toFixed(0).padStart(7)} ms`;
    console.log(`\n${name}: whole processes, median of ${RUNS} interleaved runs (ratios: median of each run's)`);
    console.log(`  node -e js-yaml parseEvents    ${ms('bare')}`);
    console.log(`  mesh-lens check --format json  ${ms('json')}`);
    console.log(`  mesh-lens check --format text  ${ms('text')}`);
    const row = (label: string, ratio: number, goal: number) =>
      console.log(`  ${label.padEnd(34)} ${ratio.toFixed(2).padStart(7)}  (target ≤ ${goal})  ${ratio <= goal ? 'ok' : 'MISSED'}`);
    row('check json process / parseEvents', median(ratios.json), 1.5);
    row('check text process / parseEvents', median(ratios.text), 1.3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
