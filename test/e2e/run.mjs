#!/usr/bin/env node
// End-to-end UI test of the PACKAGED extension, as a user sees it.
//
//   npm run test:e2e     (= npm run package && bash scripts/harness-install.sh && node test/e2e/run.mjs)
//
// Starts a fresh code-server (scripts/harness-server.mjs) with dist/mesh-lens.vsix installed into an
// empty extensions dir (not the source folder), a temp copy of samples/ as the workspace and
// {"meshLens.targetMesh": "linkerd"} as user settings, then drives Debian's Chromium with Playwright
// through the workbench: squiggle, hover, Problems, status bar, Compare meshes webview, the quick fix
// that reveals a row in it, converting the file to Linkerd (diff, what was not converted, a value set in
// an input box, Save as New File, Undo), and switching the target from the status bar (it opens the target picker).
// Prints `✔ name` / `✖ name: reason` per check and ends with `N passed, N failed`; exit 0 / 1.
// Screenshots of every step go to test-results/e2e/ (NN-step.png; a failed step's shot is taken too).
//
// Env: E2E_TIMEOUT_MS (overall, default 240000), E2E_VSIX (default dist/mesh-lens.vsix),
//      E2E_KEEP=1 (keep the server temp dir and print its path), E2E_HEADED=1 (visible browser).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, workbenchUrl, ROOT } from '../../scripts/harness-server.mjs';
import * as wb from '../harness/workbench.mjs';
import { assert, createRun, waitUntil, MESH_COLUMNS, MIRROR_FILE, MIRROR_MESSAGE } from '../harness/e2eRun.mjs';

const OVERALL_MS = Number(process.env.E2E_TIMEOUT_MS || 240000);
const VSIX = path.resolve(ROOT, process.env.E2E_VSIX || 'dist/mesh-lens.vsix');
const SAMPLES = path.join(ROOT, 'samples');
const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const QUICK_FIX = 'Show "Traffic mirroring" in Compare meshes';
const CONVERT_COMMAND = 'Mesh Lens: Convert to target mesh…';
const CONVERTED_FILE = 'istio/virtual-service-mirror.linkerd.yaml';
const CONVERTED_MESSAGE = 'Converted to Linkerd';

let srv, browser, workspace;
const e2e = createRun({ shotsDir: SHOTS, overallMs: OVERALL_MS, held: () => ({ srv, browser, workspace }) });
const { check, shot } = e2e;

/** Section labels as packaged: read dist/catalog.json out of the .vsix itself. */
function packagedSections() {
  let json;
  try {
    json = execFileSync('unzip', ['-p', VSIX, 'extension/dist/catalog.json'], { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  } catch { // no unzip: the build output the .vsix was packed from
    json = fs.readFileSync(path.join(ROOT, 'dist', 'catalog.json'), 'utf8');
  }
  return JSON.parse(json).sections.map(s => s.label);
}

/** State of the Compare meshes page, read inside the webview's inner frame. */
async function compareState(page) {
  const frame = wb.webviewFrame(page);
  await frame.locator('table#matrix thead th.mesh-col').first().waitFor({ timeout: 20000 });
  return frame.locator('body').evaluate(() => {
    const text = el => (el?.textContent || '').trim();
    const wrap = document.getElementById('table-wrap');
    const focusRows = [...document.querySelectorAll('tr.focus-feature')];
    const row = focusRows[0];
    const w = wrap.getBoundingClientRect();
    const thead = document.querySelector('#matrix thead')?.getBoundingClientRect();
    const r = row?.getBoundingClientRect();
    const active = document.activeElement;
    return {
      title: text(document.getElementById('title')),
      meshes: [...document.querySelectorAll('#matrix thead th.mesh-col .name')].map(text),
      sections: [...document.querySelectorAll('#matrix tbody th.section-head .section-label')].map(text),
      status: text(document.getElementById('status')),
      focusRows: focusRows.map(tr => text(tr.querySelector('th.feature-col'))),
      focusRowUsed: text(row?.querySelector('td.used-col .used-link')),
      focusRowCurrent: row?.getAttribute('aria-current') ?? null,
      focusRowBackground: row ? getComputedStyle(row.querySelector('th.feature-col')).backgroundColor : null,
      // Row fully visible inside the scrolling table, below the sticky header.
      focusRowInView: !!(r && r.top >= (thead ? thead.bottom : w.top) - 1 && r.bottom <= w.top + wrap.clientHeight + 1 && r.height > 0),
      activeText: text(active),
      activeInFocusRow: !!(row && active && row.contains(active)),
      hasFocus: document.hasFocus(),
      scrollTop: wrap.scrollTop,
    };
  });
}

async function main() {
  e2e.prepareShots();
  assert(fs.existsSync(VSIX), `${path.relative(ROOT, VSIX)} missing: run \`npm run package\` first (npm run test:e2e does)`);
  assert(fs.existsSync(path.join(SAMPLES, MIRROR_FILE)), `samples/${MIRROR_FILE} missing`);
  const sections = packagedSections();

  let t = Date.now();
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-e2e-ws-'));
  fs.cpSync(SAMPLES, workspace, { recursive: true });
  srv = await startServer({
    workspace, installVsix: VSIX, smokeTestDriver: false, handleSignals: false, keep: !!process.env.E2E_KEEP,
    settings: { 'meshLens.targetMesh': 'linkerd', 'editor.hover.delay': 100, 'workbench.editor.enablePreview': false },
  });
  e2e.timing('server', Date.now() - t);
  if (process.env.E2E_KEEP) console.log(`server temp dir: ${srv.dir}`);

  // The packaged extension, not a source folder: a real directory unpacked from the .vsix.
  const installed = fs.readdirSync(path.join(srv.dir, 'ext')).filter(d => d.startsWith('mesh-lens.mesh-lens-'));
  const extDir = installed.length === 1 ? path.join(srv.dir, 'ext', installed[0]) : null;
  const packaged = !!extDir && !fs.lstatSync(extDir).isSymbolicLink() && fs.existsSync(path.join(extDir, 'dist', 'extension.js'))
    && !fs.existsSync(path.join(extDir, 'src'));
  e2e.record(packaged ? `packaged .vsix installed (${installed[0]})` : 'packaged .vsix installed', packaged, `extensions dir has ${JSON.stringify(installed)}`);

  t = Date.now();
  browser = await launchBrowser({ headless: !process.env.E2E_HEADED });
  const { page } = browser;
  page.setDefaultTimeout(20000);
  await wb.openWorkbench(page, workbenchUrl(srv), { timeout: 180000 });
  // Warm up before the checks: on a busy machine the first file search and the extension host's start
  // take far longer than any single step should (seen: 70 s to the workbench, 30 s to the first search).
  await wb.openFile(page, MIRROR_FILE, { timeout: 180000 });
  await wb.statusBarItem(page, 'Mesh:').waitFor({ timeout: 180000 });
  e2e.timing('workbench', Date.now() - t);

  // (a) squiggle under `mirror:`
  await check('a. VirtualService with mirror shows a warning squiggle on `mirror`', 'a-squiggle', page, async () => {
    await wb.openFile(page, MIRROR_FILE);
    await wb.editorLine(page, 'mirror:').waitFor();
    await wb.waitForSquiggle(page, 'warning');
    await waitUntil(async () => (await wb.squigglesOnLine(page, 'mirror:')) > 0, 'a warning squiggle on the `mirror:` line');
  });

  // (b) hover on `mirror`
  await check('b. hover on `mirror` shows "Traffic mirroring" and "Linkerd ✖"', 'b-hover', page, async () => {
    const text = await waitUntil(async () => {
      const s = await wb.hoverOver(page, 'mirror', { expect: 'Linkerd ✖', timeout: 5000 });
      return s;
    }, 'the Mesh Lens hover', { timeout: 20000, interval: 500 });
    assert(text.includes('Traffic mirroring'), `hover lacks "Traffic mirroring": ${JSON.stringify(text.slice(0, 300))}`);
    assert(/Istio\s*·\s*VirtualService/.test(text), `hover lacks the "Istio · VirtualService" header: ${JSON.stringify(text.slice(0, 300))}`);
    assert(/Linkerd ✖/.test(text), 'hover lacks "Linkerd ✖"');
  });

  // (c) Problems panel
  await check('c. Problems panel lists the mirroring warning', 'c-problems', page, async () => {
    const text = await wb.problemsText(page, { expect: MIRROR_MESSAGE });
    assert(text.includes(MIRROR_MESSAGE), `Problems: ${JSON.stringify(text.slice(0, 300))}`);
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: MIRROR_MESSAGE }).first();
    await row.waitFor();
    // It is a warning (icon), from Mesh Lens.
    assert(await row.locator('.codicon-warning').count() > 0, 'the Problems row has no warning icon');
    const rowText = await row.innerText();
    assert(rowText.includes('Mesh Lens'), `Problems row lacks the source "Mesh Lens": ${JSON.stringify(rowText)}`);
  });

  // (d) status bar
  await check('d. status bar shows "Mesh: Linkerd"', 'd-statusbar', page, async () => {
    await wb.statusBarItem(page, 'Mesh: Linkerd').waitFor();
  });

  // (e) Compare meshes from the command palette
  await check('e. F1 "Mesh Lens: Compare meshes" shows every mesh column and section', 'e-compare', page, async () => {
    // Back to the editor (the Problems panel had focus) and close the panel: with it open, a 900 px
    // high window leaves the webview's table only ~100 px under its Portability summary.
    await wb.placeCursorOn(page, 'mirror');
    await wb.closePanel(page);
    await wb.runCommand(page, 'Mesh Lens: Compare meshes');
    await page.locator('.tabs-container .tab', { hasText: 'Compare meshes' }).waitFor();
    const s = await waitUntil(async () => {
      const st = await compareState(page);
      return st.meshes.length && st.sections.length ? st : null;
    }, 'the comparison table', { timeout: 30000 });
    assert(s.title === 'Compare meshes', `page title ${JSON.stringify(s.title)}`);
    const missing = MESH_COLUMNS.filter(m => !s.meshes.includes(m));
    assert(!missing.length, `mesh columns missing: ${missing.join(', ')} (got ${s.meshes.join(', ')})`);
    const extra = s.meshes.filter(m => !MESH_COLUMNS.includes(m));
    assert(!extra.length, `unexpected mesh columns: ${extra.join(', ')}`);
    const missingSections = sections.filter(x => !s.sections.includes(x));
    assert(!missingSections.length, `sections missing: ${missingSections.join(', ')} (got ${s.sections.join(', ')})`);
  });

  // (f) quick fix on `mirror` -> the panel opens scrolled to the Traffic mirroring row, highlighted and focused
  await check('f. quick fix "Show \\"Traffic mirroring\\" in Compare meshes" reveals the highlighted row', 'f-quickfix', page, async () => {
    await wb.closeTab(page, 'Compare meshes'); // so the quick fix opens a fresh panel (init + focusFeature)
    await page.locator('.tabs-container .tab.active', { hasText: 'virtual-service-mirror.yaml' }).waitFor();
    await wb.placeCursorOn(page, 'mirror');
    await wb.applyQuickFix(page, QUICK_FIX);
    await page.locator('.tabs-container .tab', { hasText: 'Compare meshes' }).waitFor();
    const s = await waitUntil(async ctx => {
      const st = ctx.seen = await compareState(page);
      return st.focusRows.length && st.focusRowInView && st.activeInFocusRow ? st : null;
    }, 'the Traffic mirroring row highlighted, in view and focused', { timeout: 20000 });
    assert(s.focusRows.length === 1 && s.focusRows[0] === 'Traffic mirroring', `highlighted rows: ${JSON.stringify(s.focusRows)}`);
    assert(s.focusRowCurrent === 'true', 'the row has no aria-current="true"');
    assert(s.scrollTop > 0, 'the table was not scrolled');
    assert(s.activeText === 'Traffic mirroring', `focused cell is ${JSON.stringify(s.activeText)}`);
    // "Used here" counts the file the quick fix came from (file / workspace).
    const used = await waitUntil(async ctx => { const st = ctx.seen = await compareState(page); return /^1 \/ [1-9]\d*$/.test(st.focusRowUsed) ? st.focusRowUsed : null; },
      'the row\'s "Used here" to count the active file', { timeout: 15000 });
    assert(used.startsWith('1 / '), `used here: ${used}`);
  });

  // (f2) the same quick fix with the panel already open (reveal path): scroll away, apply again
  await check('f2. the quick fix again, panel open and scrolled away, re-reveals the row', 'f2-quickfix-open-panel', page, async () => {
    await wb.webviewFrame(page).locator('#table-wrap').evaluate(el => { el.scrollTop = el.scrollHeight; });
    await wb.activateTab(page, 'virtual-service-mirror.yaml');
    await wb.placeCursorOn(page, 'mirror');
    await wb.applyQuickFix(page, QUICK_FIX);
    const s = await waitUntil(async ctx => {
      const st = ctx.seen = await compareState(page);
      return st.focusRows[0] === 'Traffic mirroring' && st.focusRowInView && st.activeInFocusRow ? st : null;
    }, 'the Traffic mirroring row back in view and focused', { timeout: 15000 });
    assert(s.focusRows.length === 1, `highlighted rows: ${JSON.stringify(s.focusRows)}`);
  });

  // (h) convert the file to Linkerd: the diff, the mirror reported as not converted, a port set in an input box
  await check('h. F1 "Mesh Lens: Convert to target mesh…" opens the diff with the HTTPRoute and names the mirror as not converted', 'h-convert-diff', page, async () => {
    // The diff gets the whole editor area (side by side), as when a user converts a file they just opened.
    if (await page.locator('.tabs-container .tab', { hasText: 'Compare meshes' }).count()) await wb.closeTab(page, 'Compare meshes');
    await wb.activateTab(page, 'virtual-service-mirror.yaml');
    await wb.placeCursorOn(page, 'mirror');
    await wb.runCommand(page, CONVERT_COMMAND);
    await page.locator('.tabs-container .tab.active', { hasText: '(converted)' }).waitFor();
    const right = await waitUntil(async ctx => { const t = ctx.seen = await wb.diffModifiedText(page); return t.includes('kind: HTTPRoute') ? t : null; },
      'the converted side of the diff to show `kind: HTTPRoute`');
    assert(/# mesh-lens: not converted: spec\.http\[0\]\.mirror/.test(right), `the converted side does not say the mirror was not converted: ${JSON.stringify(right.slice(0, 400))}`);
    const toast = wb.notification(page, CONVERTED_MESSAGE);
    await toast.waitFor();
    const message = await toast.innerText();
    assert(message.includes('not converted: spec.http[0].mirror'), `the notification does not name the mirror: ${JSON.stringify(message)}`);
    assert(message.includes('Nothing is saved until you choose'), `notification: ${JSON.stringify(message)}`);
    assert(!fs.existsSync(path.join(workspace, CONVERTED_FILE)), 'a file was written before the choice');
  });

  await check('i. "Set Values…" asks the Service port in an input box, refuses "http" and writes 9080 into the diff', 'i-convert-set-value', page, async () => {
    await wb.clickNotificationButton(page, CONVERTED_MESSAGE, 'Set Values…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    const prompt = await page.locator('.quick-input-widget').innerText();
    assert(prompt.includes('the port of Service recommendation') && prompt.includes('line 10'), `the input box does not say what and where: ${JSON.stringify(prompt.slice(0, 300))}`);
    await input.fill('http');
    await waitUntil(async ctx => (ctx.seen = await wb.quickInputMessage(page)).includes('Enter a port number from 1 to 65535.'), 'the input box to refuse "http"');
    await shot(page, 'i-convert-input-refused');
    await input.fill('9080');
    await waitUntil(async () => !(await wb.quickInputMessage(page)).includes('Enter a port number'), 'the input box to accept 9080');
    await page.keyboard.press('Enter');
    const right = await waitUntil(async ctx => { const t = ctx.seen = await wb.diffModifiedText(page); return /^\s*port: 9080$/m.test(t) ? t : null; },
      'the converted side of the diff to show `port: 9080`');
    assert(!right.includes('mesh-lens: set the port of Service recommendation'), 'the answered placeholder is still in the diff');
    await waitUntil(async () => (await wb.notification(page, '1 value to set').count()) > 0, 'the notification again, with 1 value left to set');
    await page.mouse.move(5, 5);
    await shot(page, 'i-convert-flow');
  });

  await check('j. "Save as New File" writes virtual-service-mirror.linkerd.yaml with the HTTPRoute, and Undo removes it', 'j-convert-save-undo', page, async () => {
    const created = path.join(workspace, CONVERTED_FILE);
    await wb.clickNotificationButton(page, '1 value to set', 'Save as New File');
    await page.locator('.tabs-container .tab.active', { hasText: 'virtual-service-mirror.linkerd.yaml' }).waitFor();
    const text = await waitUntil(() => fs.existsSync(created) && fs.readFileSync(created, 'utf8'), `${CONVERTED_FILE} on disk`);
    assert(/^kind: HTTPRoute$/m.test(text), `no HTTPRoute in ${CONVERTED_FILE}: ${JSON.stringify(text.slice(0, 300))}`);
    assert(/^\s*port: 9080$/m.test(text), `the port set in the input box is not in ${CONVERTED_FILE}`);
    assert(/# mesh-lens: not converted: spec\.http\[0\]\.mirror/.test(text), `${CONVERTED_FILE} does not say the mirror was not converted`);
    await shot(page, 'j-convert-saved');
    // Undo in the new file's editor undoes the workspace edit that created it.
    await wb.placeCursorOn(page, 'HTTPRoute');
    await page.keyboard.press('Control+Z');
    await waitUntil(async () => {
      const dialog = page.locator('.monaco-dialog-box:visible');
      if (await dialog.count()) await dialog.locator('.monaco-button', { hasText: /Undo|Yes/ }).first().click();
      return !fs.existsSync(created);
    }, `Undo to delete ${CONVERTED_FILE}`);
    await shot(page, 'j-convert-undone');
    // Undoing the creation closes the new file's editor; the diff stays until closed.
    await page.locator('.tabs-container .tab', { hasText: 'virtual-service-mirror.linkerd.yaml' }).waitFor({ state: 'detached' });
    await wb.closeTab(page, '(converted)');
  });

  // (g) switch the target from the status bar to Kuma: the click opens the target picker
  await check('g. status bar -> target picker -> Kuma: warning gone, "Mesh: Kuma"', 'g-target-kuma', page, async () => {
    await wb.activateTab(page, 'virtual-service-mirror.yaml');
    await wb.placeCursorOn(page, 'mirror');
    const item = wb.statusBarItem(page, 'Mesh: Linkerd');
    await item.waitFor();
    await wb.clickAt(page, item);
    await wb.pickQuickInput(page, 'Kuma');
    await wb.statusBarItem(page, 'Mesh: Kuma').waitFor();
    await waitUntil(async () => (await wb.squigglesOnLine(page, 'mirror:')) === 0
      && (await page.locator('.editor-group-container .monaco-editor .squiggly-warning').count()) === 0, 'the mirror warning squiggle to disappear');
    await shot(page, 'g-target-kuma-editor');
    const problems = await wb.problemsText(page);
    assert(!problems.includes(MIRROR_MESSAGE), 'Problems still lists the Linkerd mirroring warning');
  });
}

await e2e.run(main);
