// What the end-to-end runs (test/e2e/run.mjs on the Node extension host, test/e2e/web.mjs on the web
// worker one) share: named checks that record a failure with a screenshot and go on, polling, an overall
// timeout and signals that clean up and report what ran, and the closing `N passed, N failed` line.
import fs from 'node:fs';
import path from 'node:path';

/** The sample both runs open, with target Linkerd, and the mesh columns Compare meshes must show. */
export const MIRROR_FILE = 'istio/virtual-service-mirror.yaml';
export const MIRROR_MESSAGE = 'Traffic mirroring (spec.http[0].mirror) is not supported by Linkerd';
export const MESH_COLUMNS = ['Istio', 'Linkerd', 'Kuma', 'Maesh', 'Consul', 'AWS App Mesh', 'NGINX Service Mesh',
  'Open Service Mesh', 'Traefik Mesh', 'Network Service Mesh', 'Gateway API', 'SMI'];

export const secs = ms => `${(ms / 1000).toFixed(1)} s`;

export function assert(cond, msg) { if (!cond) throw new Error(msg); }

/** Polls fn until it returns a truthy value; fn may set ctx.seen to what it saw (shown on timeout). */
export async function waitUntil(fn, what, { timeout = 15000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  const ctx = {};
  let last;
  for (;;) {
    try { last = await fn(ctx); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? ` (${last.message.split('\n')[0]})` : ctx.seen !== undefined ? ` (saw ${JSON.stringify(ctx.seen)})` : '';
      throw new Error(`timed out after ${secs(timeout)} waiting for ${what}${why}`);
    }
    await new Promise(r => setTimeout(r, interval));
  }
}

/**
 * One run. `held()` returns what to clean up at the end: `{ srv, browser, workspace }` as the script has
 * them so far (code-server, the Playwright browser, the workspace copy).
 */
export function createRun({ shotsDir, overallMs, held }) {
  const started = Date.now();
  const results = [];
  const timings = [];
  let finished = false, aborted = false, shotNo = 0;

  async function cleanup() {
    const { srv, browser, workspace } = held();
    await browser?.close().catch(() => {});
    await srv?.stop().catch(() => {});
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  }

  function finish(code) {
    if (finished) return;
    finished = true;
    const passed = results.filter(r => r.ok).length;
    const failed = results.length - passed;
    console.log(`timings: ${timings.map(([n, ms]) => `${n} ${secs(ms)}`).join(', ')}`);
    console.log(`wall time: ${secs(Date.now() - started)}`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(code ?? (failed || !results.length ? 1 : 0));
  }

  async function shot(page, name) {
    const file = path.join(shotsDir, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file }).catch(e => console.log(`  (screenshot ${name} failed: ${e.message.split('\n')[0]})`));
    return file;
  }

  // Overall timeout and signals: clean up, report what ran, exit 1.
  const overall = setTimeout(async () => {
    aborted = true;
    console.log(`✖ overall timeout: the run exceeded ${secs(overallMs)}`);
    results.push({ ok: false });
    const { srv, browser } = held();
    if (browser) await Promise.race([shot(browser.page, 'timeout'), new Promise(r => setTimeout(r, 5000))]);
    if (srv) console.log(`--- server.log (tail) ---\n${srv.logTail(30)}`);
    await Promise.race([cleanup(), new Promise(r => setTimeout(r, 10000))]);
    finish(1);
  }, overallMs);
  overall.unref();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => { aborted = true; console.log(`✖ interrupted by ${sig}`); results.push({ ok: false }); await cleanup(); finish(1); });
  }

  return {
    shot,
    /** A check made outside `check` (no screenshot): recorded and printed the same way. */
    record(name, ok, why = '') {
      results.push({ name, ok });
      console.log(ok ? `✔ ${name}` : `✖ ${name}${why ? `: ${why}` : ''}`);
    },
    /** A setup step's time, printed with the checks' at the end. */
    timing(name, ms) { timings.push([name, ms]); },
    /** Screenshots of this run only: the folder is emptied of an earlier run's. */
    prepareShots() {
      fs.mkdirSync(shotsDir, { recursive: true });
      for (const f of fs.readdirSync(shotsDir)) if (f.endsWith('.png')) fs.rmSync(path.join(shotsDir, f));
    },
    /** Runs one named check; a failure is recorded (with a screenshot) and the run goes on. */
    async check(name, shotName, page, fn) {
      const t = Date.now();
      try {
        await fn();
        results.push({ name, ok: true });
        console.log(`✔ ${name}`);
      } catch (e) {
        if (aborted) return; // the browser was closed under us; already reported
        results.push({ name, ok: false });
        const reason = String(e?.message || e).split('\n').filter(l => l.trim() && !/^\s*(at |=+ logs|Call log)/.test(l))[0];
        console.log(`✖ ${name}: ${reason}`);
        if (process.env.E2E_DEBUG) console.log(e?.stack || e);
      } finally {
        timings.push([shotName, Date.now() - t]);
        if (page && !aborted) await shot(page, shotName);
      }
    },
    /** Runs the checks; a setup failure counts as one failed check; then cleans up and exits. */
    async run(main) {
      try {
        await main();
      } catch (e) {
        if (aborted) await new Promise(() => {}); // the timeout / signal handler reports and exits
        results.push({ ok: false });
        console.log(`✖ setup: ${String(e?.message || e).split('\n')[0]}`);
        if (process.env.E2E_DEBUG) console.log(e?.stack || e);
        const { srv } = held();
        if (srv) console.log(`--- server.log (tail) ---\n${srv.logTail(30)}`);
      } finally {
        await cleanup();
      }
      finish();
    },
  };
}
