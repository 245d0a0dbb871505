#!/usr/bin/env node
// Run a mocha suite inside code-server's real extension host (HARNESS.md "Extension-host tests").
//
//   node scripts/harness-ext-tests.mjs <extDevPath> <testsEntry> <workspace>
//        [--settings f.json] [--timeout seconds (default 180)] [--grep regexp] [--keep]
//
// <extDevPath>  folder with the extension's package.json (loaded in development mode)
// <testsEntry>  module (file or folder with index.js) exporting run(); see test/harness/mocha-runner.js
// <workspace>   folder opened in the window
// Exit code: the extension host's (0 = all passed, 1 = failures / load error), 124 on timeout.
// The last line printed is always `N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { startServer, launchBrowser, workbenchUrl, remoteUri, parseArgs } from './harness-server.mjs';

// Workbench messages that reach codeAutomationLog together with the extension host's console output
// (both arrive as level + args, indistinguishable by shape). Dropped unless --verbose.
const NOISE = [
  /^Resolv(?:ing|ed) connection token/,
  /^Creating a socket \(/,
  /^Updating additional builtin extensions cache/,
  /^\[(?:reconnection-grace-time|Service Worker|AgentHost[^\]]*|AccountPolicyGate|driver)\]/,
  /ENOTFOUND open-vsx\.org|Timed out waiting for authentication provider|Canceled: Canceled/,
  /^No search provider registered for scheme/,
  /https?:\/\/[^\s)]*\/static\/out\/vs\//, // any message with a workbench-internal stack
];
const SUMMARY = /^(\d+) passed, (\d+) failed\s*$/;

async function main() {
  const t0 = Date.now();
  const { opts, positional } = parseArgs(process.argv.slice(2), {
    '--settings': 'string', '--timeout': 'string', '--grep': 'string', '--keep': 'bool', '--verbose': 'bool',
  });
  if (positional.length !== 3) {
    console.error('usage: harness-ext-tests.mjs <extDevPath> <testsEntry> <workspace> [--settings f.json] [--timeout s] [--grep re]');
    process.exit(2);
  }
  const [extDir, testsEntry, workspace] = positional.map(p => path.resolve(p));
  for (const [what, p] of [['extension folder', extDir], ['tests entry', testsEntry], ['workspace', workspace]]) {
    if (!fs.existsSync(p)) { console.error(`${what} not found: ${p}`); console.log('0 passed, 1 failed'); process.exit(1); }
  }
  const timeoutMs = Number(opts.timeout || 180) * 1000;

  let summary = null;
  let srv, browser, code;
  try {
    srv = await startServer({
      workspace, settingsFile: opts.settings, keep: opts.keep, handleSignals: false,
      env: opts.grep ? { HARNESS_MOCHA_GREP: opts.grep } : undefined,
    });
    const cleanup = async sig => {
      await browser?.close(); await srv.stop();
      console.log(summary ? `${summary[1]} passed, ${summary[2]} failed` : '0 passed, 1 failed');
      process.exit(sig === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', cleanup); process.once('SIGTERM', cleanup);

    browser = await launchBrowser();
    const { page } = browser;
    const exit = new Promise(resolve => { page.exposeFunction('codeAutomationExit', c => resolve(Number(c))); });
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = Array.isArray(args) ? util.format(...args) : String(args);
      if (!opts.verbose && NOISE.some(re => re.test(text))) return;
      for (const line of text.split('\n')) {
        const m = SUMMARY.exec(line.trim());
        if (m) { summary = m; continue; } // re-printed as the very last line
        (level === 'error' ? console.error : console.log)(opts.verbose ? `[${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}` : line);
      }
    });
    page.on('pageerror', e => { if (opts.verbose) console.error(`[page] ${e.message}`); });
    const url = workbenchUrl(srv, {
      folder: workspace,
      payload: [['extensionDevelopmentPath', remoteUri(srv, extDir)], ['extensionTestsPath', remoteUri(srv, testsEntry)]],
    });
    let timer;
    const timeout = new Promise(resolve => { timer = setTimeout(() => resolve(124), timeoutMs); });
    if (opts.verbose) console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] server ${srv.url} up, opening workbench`);
    await page.goto(url, { timeout: 120000 });
    code = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    if (code === 124) console.error(`ext-tests: timed out after ${timeoutMs / 1000} s`);
  } catch (e) {
    console.error(`ext-tests: ${e.stack || e.message || e}`);
    code = 1;
  } finally {
    await browser?.close();
    if (srv && code !== 0 && !summary) console.error(`--- code-server log (tail) ---\n${srv.logTail(25)}`);
    await srv?.stop();
  }
  if (code === 0 && (!summary || Number(summary[2]) > 0 || Number(summary[1]) === 0)) code = 1; // no summary / nothing ran
  console.error(`ext-tests: exit ${code} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(summary ? `${summary[1]} passed, ${summary[2]} failed` : '0 passed, 1 failed');
  process.exit(code);
}

main();
