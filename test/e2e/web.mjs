#!/usr/bin/env node
// End-to-end UI test of the PACKAGED extension in VS Code for the Web's web worker extension host.
//
//   npm run test:e2e:web   (= npm run package && bash scripts/harness-install.sh && node test/e2e/web.mjs)
//
// Same setup as test/e2e/run.mjs (fresh code-server, dist/mesh-lens.vsix installed, a copy of samples/,
// target Linkerd), plus the user setting `remote.extensionKind: {"mesh-lens.mesh-lens": ["ui"]}`. An
// extension with a `browser` entry is of kinds ["workspace", "web"] in a browser workbench, and the
// workspace (Node) host wins; a user-set kind replaces that list, and VS Code adds "web" back because
// the package has a `browser` entry: ["ui", "web"]. The browser workbench runs "ui" extensions remotely
// only as a last resort, so "web" wins and dist/web/extension.js runs in the web worker, as on
// vscode.dev and github.dev. The run checks that it really does (the Running Extensions view says
// "web worker", and the extension host worker has no `process`), then what a user sees: the warning
// squiggle, the hover's support row, Problems, the status bar, Compare meshes and Convert.
// Prints `✔ name` / `✖ name: reason` per check and ends with `N passed, N failed`; exit 0 / 1.
// Screenshots go to test-results/e2e-web/.
//
// Env: E2E_TIMEOUT_MS (overall, default 240000), E2E_VSIX (default dist/mesh-lens.vsix),
//      E2E_KEEP=1 (keep the server temp dir), E2E_HEADED=1, E2E_DEBUG=1 (stack traces).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, workbenchUrl, ROOT } from '../../scripts/harness-server.mjs';
import * as wb from '../harness/workbench.mjs';
import { assert, createRun, waitUntil, MESH_COLUMNS, MIRROR_FILE, MIRROR_MESSAGE } from '../harness/e2eRun.mjs';

const OVERALL_MS = Number(process.env.E2E_TIMEOUT_MS || 240000);
const VSIX = path.resolve(ROOT, process.env.E2E_VSIX || 'dist/mesh-lens.vsix');
const SAMPLES = path.join(ROOT, 'samples');
const SHOTS = path.join(ROOT, 'test-results', 'e2e-web');
const EXTENSION_ID = 'mesh-lens.mesh-lens';

let srv, browser, workspace;
const e2e = createRun({ shotsDir: SHOTS, overallMs: OVERALL_MS, held: () => ({ srv, browser, workspace }) });
const { check } = e2e;

async function main() {
  e2e.prepareShots();
  assert(fs.existsSync(VSIX), `${path.relative(ROOT, VSIX)} missing: run \`npm run package\` first (npm run test:e2e:web does)`);
  const sections = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'catalog.json'), 'utf8')).sections.map(s => s.label);

  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-e2e-web-ws-'));
  fs.cpSync(SAMPLES, workspace, { recursive: true });
  srv = await startServer({
    workspace, installVsix: VSIX, smokeTestDriver: false, handleSignals: false, keep: !!process.env.E2E_KEEP,
    settings: {
      'meshLens.targetMesh': 'linkerd', 'workbench.editor.enablePreview': false,
      'remote.extensionKind': { [EXTENSION_ID]: ['ui'] },
    },
  });
  if (process.env.E2E_KEEP) console.log(`server temp dir: ${srv.dir}`);

  browser = await launchBrowser({ headless: !process.env.E2E_HEADED });
  const { page } = browser;
  page.setDefaultTimeout(20000);
  page.setDefaultNavigationTimeout(60000); // 2 shared cores: the first load can be slow
  await wb.openWorkbench(page, workbenchUrl(srv));

  await check('a. VirtualService with mirror shows a warning squiggle on `mirror`', 'a-squiggle', page, async () => {
    // Quick Open lists files through the server's file search, which can lag while the window loads.
    for (let attempt = 1; ; attempt++) {
      try { await wb.openFile(page, MIRROR_FILE); break; } catch (e) { if (attempt === 3) throw e; await page.keyboard.press('Escape'); }
    }
    await wb.editorLine(page, 'mirror:').waitFor();
    await wb.waitForSquiggle(page, 'warning');
    await waitUntil(async () => (await wb.squigglesOnLine(page, 'mirror:')) > 0, 'a warning squiggle on the `mirror:` line');
  });

  await check('b. the extension runs in the web worker extension host, which has no `process`', 'b-web-worker', page, async () => {
    // The extension host's own report: Running Extensions marks a web worker extension "web worker".
    await wb.runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Mesh Lens' }).first();
    // The list is sorted by activation time and only its visible rows are in the page: scroll until Mesh Lens is.
    const list = page.locator('.runtime-extensions-editor .monaco-list').first();
    await list.waitFor();
    await waitUntil(async () => {
      if (await row.count()) return true;
      await list.hover();
      await page.mouse.wheel(0, 300);
      return false;
    }, 'the Mesh Lens row in Running Extensions', { timeout: 20000, interval: 300 });
    const text = await row.innerText();
    assert(/web worker/i.test(text), `Running Extensions shows Mesh Lens as ${JSON.stringify(text.replace(/\s+/g, ' '))}`);
    // Among the page's workers is the web worker extension host (VS Code names it ExtensionHostWorker).
    const globals = await Promise.all(page.workers().map(w => w.evaluate(() => ({
      host: typeof globalThis.importScripts === 'function' && typeof globalThis.postMessage === 'function' && /extensionHost/i.test(globalThis.name || String(globalThis.location)),
      name: globalThis.name || String(globalThis.location).split('/').pop(),
      process: typeof process,
    })).catch(() => null)));
    const hosts = globals.filter(g => g?.host);
    assert(hosts.length > 0, `no web worker extension host among ${page.workers().length} workers`);
    assert(hosts.every(g => g.process === 'undefined'), `the web worker has process: ${JSON.stringify(hosts)}`);
    console.log(`  (${hosts.map(g => `worker "${g.name}": typeof process = ${g.process}`).join('; ')})`);
    // Nor did the Node extension host on the server run it.
    const remoteLog = findFiles(path.join(srv.dir, 'user', 'logs'), f => /remoteexthost\.log$|exthost\.log$/.test(f)).map(f => fs.readFileSync(f, 'utf8')).join('\n');
    assert(!remoteLog.includes(`activating ${EXTENSION_ID}`) && !new RegExp(`ExtensionService#_doActivateExtension ${EXTENSION_ID.replace('.', '\\.')}`).test(remoteLog),
      'the server\'s Node extension host activated Mesh Lens');
    await page.keyboard.press('Escape'); // VS Code 1.139 shows Running Extensions as a modal editor
    await row.waitFor({ state: 'hidden' });
  });

  await check('c. hover on `mirror` shows the support row with "Linkerd ✖"', 'c-hover', page, async () => {
    await wb.activateTab(page, 'virtual-service-mirror.yaml');
    const text = await waitUntil(() => wb.hoverOver(page, 'mirror', { expect: 'Linkerd ✖', timeout: 5000 }), 'the Mesh Lens hover', { timeout: 20000, interval: 500 });
    assert(text.includes('Traffic mirroring'), `hover lacks "Traffic mirroring": ${JSON.stringify(text.slice(0, 300))}`);
    assert(/Istio\s*·\s*VirtualService/.test(text), `hover lacks the "Istio · VirtualService" header: ${JSON.stringify(text.slice(0, 300))}`);
  });

  await check('d. Problems panel lists the mirroring warning from Mesh Lens', 'd-problems', page, async () => {
    await wb.problemsText(page, { expect: MIRROR_MESSAGE });
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: MIRROR_MESSAGE }).first();
    await row.waitFor();
    assert(await row.locator('.codicon-warning').count() > 0, 'the Problems row has no warning icon');
    assert((await row.innerText()).includes('Mesh Lens'), 'the Problems row lacks the source "Mesh Lens"');
  });

  await check('e. status bar shows "Mesh: Linkerd"', 'e-statusbar', page, async () => {
    await wb.statusBarItem(page, 'Mesh: Linkerd').waitFor();
  });

  await check('f. F1 "Mesh Lens: Compare meshes" shows every mesh column and section', 'f-compare', page, async () => {
    await wb.placeCursorOn(page, 'mirror');
    await wb.closePanel(page);
    await wb.runCommand(page, 'Mesh Lens: Compare meshes');
    await page.locator('.tabs-container .tab', { hasText: 'Compare meshes' }).waitFor();
    const frame = wb.webviewFrame(page);
    await frame.locator('table#matrix thead th.mesh-col').first().waitFor({ timeout: 30000 });
    const s = await frame.locator('body').evaluate(() => ({
      title: document.getElementById('title')?.textContent?.trim(),
      meshes: [...document.querySelectorAll('#matrix thead th.mesh-col .name')].map(e => e.textContent.trim()),
      sections: [...document.querySelectorAll('#matrix tbody th.section-head .section-label')].map(e => e.textContent.trim()),
      used: Object.fromEntries([...document.querySelectorAll('#matrix tbody tr')].map(tr => [
        tr.querySelector('th.feature-col')?.textContent.trim(), tr.querySelector('td.used-col .used-link')?.textContent.trim()])),
    }));
    assert(s.title === 'Compare meshes', `page title ${JSON.stringify(s.title)}`);
    assert(JSON.stringify([...s.meshes].sort()) === JSON.stringify([...MESH_COLUMNS].sort()), `mesh columns: ${s.meshes.join(', ')}`);
    const missing = sections.filter(x => !s.sections.includes(x));
    assert(!missing.length, `sections missing: ${missing.join(', ')}`);
    // "Used here" (file / workspace): the open file, and a closed one the workspace scan
    // (findFiles + workspace.fs in the web worker) read.
    assert(/^1 \/ [1-9]\d*$/.test(s.used['Traffic mirroring'] ?? ''), `Traffic mirroring used here: ${s.used['Traffic mirroring']}`);
    assert(/^0 \/ [1-9]\d*$/.test(s.used['Fault injection: delay'] ?? ''), `Fault injection: delay used here: ${s.used['Fault injection: delay']}`);
  });

  await check('g. F1 "Mesh Lens: Convert to target mesh…" opens the Linkerd conversion beside the file', 'g-convert', page, async () => {
    await wb.closeTab(page, 'Compare meshes');
    await wb.activateTab(page, 'virtual-service-mirror.yaml');
    await wb.placeCursorOn(page, 'mirror');
    await wb.runCommand(page, 'Mesh Lens: Convert to target mesh');
    const tab = page.locator('.tabs-container .tab', { hasText: 'Linkerd (converted)' }).first();
    await tab.waitFor({ timeout: 30000 });
    // The converted side of the diff: Linkerd routes with a Gateway API HTTPRoute.
    await page.locator('.editor-group-container.active .monaco-diff-editor .modified .view-lines', { hasText: 'HTTPRoute' }).first().waitFor();
  });
}

function findFiles(dir, pred, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, f.name);
    if (f.isDirectory()) findFiles(p, pred, out); else if (pred(p)) out.push(p);
  }
  return out;
}

await e2e.run(main);
