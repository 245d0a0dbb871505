// npm test: every suite once, in order, streaming their output; the last line is the total
// "total: N passed, N failed" (each suite's own count, or 1 pass/fail for a check without one).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;
const SUITES = [
  ['types', 'typecheck'],
  ['lint', 'lint'],
  ['data', 'check:data'],
  ['unit', 'test:unit'],
  ['webview', 'test:browser'],
  ['extension host', 'test:ext'],
  ['end to end', 'test:e2e'],
  ['web end to end', 'test:e2e:web'],
];
const only = process.argv.slice(2);

function run(script) {
  return new Promise(resolve => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = chunk => { tail = (tail + chunk).slice(-200000); };
    child.stdout.on('data', c => { process.stdout.write(c); keep(c.toString()); });
    child.stderr.on('data', c => { process.stderr.write(c); keep(c.toString()); });
    child.on('close', code => resolve({ code: code ?? 1, tail }));
  });
}

function counts(tail, code) {
  // mocha's own summary first: a test may print a "N passed, N failed" line of its own figures.
  const passing = [...tail.matchAll(/^\s*(\d+) passing/gm)].pop(), failing = [...tail.matchAll(/^\s*(\d+) failing/gm)].pop();
  if (passing) return [Number(passing[1]), failing ? Number(failing[1]) : 0];
  const plain = [...tail.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (plain) return [Number(plain[1]), Number(plain[2])];
  return code === 0 ? [1, 0] : [0, 1];
}

let passed = 0, failed = 0;
const summary = [];
for (const [name, script] of SUITES) {
  if (only.length && !only.includes(script)) continue;
  if (!scripts[script]) { console.error(`\nmissing npm script "${script}"`); failed++; summary.push(`${name}: missing`); continue; }
  console.log(`\n=== ${name} (npm run ${script}) ===`);
  const t = Date.now();
  const { code, tail } = await run(script);
  let [p, f] = counts(tail, code);
  if (code !== 0 && f === 0) f = 1; // a suite that exits non-zero failed, whatever it printed
  passed += p; failed += f;
  summary.push(`${name}: ${p} passed, ${f} failed (${((Date.now() - t) / 1000).toFixed(0)} s)`);
}
console.log('\n' + summary.join('\n'));
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
