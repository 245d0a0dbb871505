// The "Compare meshes" page in a real Chromium (playwright-core + Debian's /usr/bin/chromium).
// Nothing goes over the network: the page shell (the same compareHtml + CSP as the panel), the CSS
// from media/ and the page bundle built from src/webview/compare.ts are served from memory by
// request interception; every other request is aborted and recorded. A fake acquireVsCodeApi
// records what the page posts. Ends with "N passed, N failed"; screenshots go to test-results/.
//
//   node test/browser/compare.spec.mjs
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { buildCatalog } from '../../scripts/catalog-build.mjs';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const results = path.join(root, 'test-results');
const ORIGIN = 'https://mesh-lens-webview.test';
const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';

// ---- the page, built from source ----------------------------------------------------------------

async function bundle(entry, format) {
  const out = await esbuild.build({
    entryPoints: [path.join(root, entry)], bundle: true, write: false, format, platform: format === 'iife' ? 'browser' : 'neutral',
    target: 'chrome120', logLevel: 'error',
  });
  return out.outputFiles[0].text;
}
const pageScript = await bundle('src/webview/compare.ts', 'iife');
const protocol = await import(`data:text/javascript;base64,${Buffer.from(await bundle('src/core/compare/compareProtocol.ts', 'esm')).toString('base64')}`);
const css = fs.readFileSync(path.join(root, 'media/compare.css'), 'utf8');
const nonce = 'n0nce' + Math.random().toString(36).slice(2);
const shell = protocol.compareHtml({ cspSource: ORIGIN, nonce, scriptUri: `${ORIGIN}/dist/compare.js`, styleUri: `${ORIGIN}/media/compare.css` });
const harnessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lens-compare-'));
fs.writeFileSync(path.join(harnessDir, 'index.html'), shell);
fs.writeFileSync(path.join(harnessDir, 'compare.js'), pageScript);
const served = new Map([
  [`${ORIGIN}/index.html`, { body: shell, contentType: 'text/html; charset=utf-8' }],
  [`${ORIGIN}/dist/compare.js`, { body: pageScript, contentType: 'text/javascript; charset=utf-8' }],
  [`${ORIGIN}/media/compare.css`, { body: css, contentType: 'text/css; charset=utf-8' }],
]);

// ---- data: the real data/ plus hostile strings -----------------------------------------------------

const EVIDENCE = { title: 'linkerd2 edge-26.8.3: policy-controller outbound http.rs, line 333', url: 'https://github.com/linkerd/linkerd2/blob/19a0d90d5a4a65e0b976f079ba8a5f1dab12c005/policy-controller/k8s/index/src/outbound/index/http.rs#L333' };

function loadCatalog() {
  // What the build bundles (scripts/catalog-build.mjs), as the host sends it (compareCatalogOf).
  const { catalog: built } = buildCatalog(root);
  const catalog = { meshes: built.meshes, sections: built.sections, cells: built.cells, targets: built.targets };
  const last = catalog.sections.at(-1);
  last.features.push({ id: 'hostile_row', label: `Hostile ${IMG}`, description: SCRIPT, section: last.id, kind: 'feature' });
  for (const m of catalog.meshes) {
    catalog.cells[m.id] ??= {};
    catalog.cells[m.id].hostile_row = {
      mesh: m.id, feature: 'hostile_row', level: m.id === 'istio' ? 'supported' : 'partial', qualifiers: [],
      construct: SCRIPT, note: IMG, confidence: 'inferred',
      sources: [{ title: `doc ${IMG}` }, { title: `js ${SCRIPT}`, url: 'javascript:window.__pwned=3' }, { title: `quote ${IMG}`, url: 'https://example.com/"><img src=x>' }, EVIDENCE],
      seed: { value: m.id === 'kuma' ? `Text ${SCRIPT}` : null, level: 'partial', confidence: 'unknown' },
    };
  }
  catalog.meshes.find(m => m.id === 'osm').status.note += ` ${IMG}`;
  return catalog;
}
const catalog = loadCatalog();
const featureIds = catalog.sections.flatMap(s => s.features.map(f => f.id));

function use(feature, line, name, kind = 'VirtualService') {
  return {
    feature, owner: 'istio', kind, name, docIndex: 0, field: `spec.http[0].${feature}`,
    range: { line, column: 7, endLine: line, endColumn: 13 }, span: { start: 0, end: 1 }, detector: `test.${feature}`,
  };
}
const usage = {
  activeUri: 'file:///ws/routes.yaml',
  files: [
    { uri: 'file:///ws/routes.yaml', path: 'routes.yaml', uses: [use('traffic_mirroring', 12, 'reviews'), use('retries_and_timeout', 20, 'reviews'), use('hostile_row', 3, IMG)] },
    { uri: 'file:///ws/sec.yaml', path: 'sec.yaml', uses: [use('mtls', 4, SCRIPT, 'PeerAuthentication'), use('traffic_mirroring', 30, 'ratings'), use('rate_limiting', 8, 'api')] },
  ],
};
const defaultState = { filter: '', hiddenSections: [], meshOrder: [], hiddenMeshes: [], differencesOnly: false, usedOnly: 'off' };

// ---- themes, as VS Code sets them (body class + --vscode-* on <html>) ---------------------------

const common = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px', '--vscode-font-weight': 'normal',
};
const themes = {
  light: { kind: 'vscode-light', vars: { ...common,
    '--vscode-foreground': '#616161', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171', '--vscode-focusBorder': '#0090f1',
    '--vscode-panel-border': '#80808059', '--vscode-button-background': '#007acc', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0062a3',
    '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#616161', '--vscode-input-border': '#cecece', '--vscode-input-placeholderForeground': '#767676',
    '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#616161', '--vscode-dropdown-border': '#cecece',
    '--vscode-editorWidget-background': '#f3f3f3', '--vscode-editorWidget-border': '#c8c8c8', '--vscode-widget-shadow': '#00000029',
    '--vscode-editorHoverWidget-background': '#f3f3f3', '--vscode-editorHoverWidget-border': '#c8c8c8', '--vscode-editorHoverWidget-foreground': '#616161',
    '--vscode-badge-background': '#c4c4c4', '--vscode-badge-foreground': '#333333', '--vscode-testing-iconPassed': '#388a34', '--vscode-errorForeground': '#a1260d',
    '--vscode-editorWarning-foreground': '#bf8803', '--vscode-editorInfo-foreground': '#1a85ff', '--vscode-textLink-foreground': '#006ab1',
    '--vscode-list-hoverBackground': '#e8e8e8', '--vscode-list-inactiveSelectionBackground': '#e4e6f1', '--vscode-editor-selectionHighlightBackground': '#add6ff80', '--vscode-editor-findMatchHighlightBackground': '#ea5c0055',
    '--vscode-sideBarSectionHeader-background': '#00000000' } },
  dark: { kind: 'vscode-dark', vars: { ...common,
    '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#ccccccb3', '--vscode-focusBorder': '#007fd4',
    '--vscode-panel-border': '#80808059', '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#1177bb',
    '--vscode-button-secondaryBackground': '#3a3d41', '--vscode-button-secondaryForeground': '#ffffff', '--vscode-button-secondaryHoverBackground': '#45494e',
    '--vscode-input-background': '#3c3c3c', '--vscode-input-foreground': '#cccccc', '--vscode-input-placeholderForeground': '#a6a6a6',
    '--vscode-dropdown-background': '#3c3c3c', '--vscode-dropdown-foreground': '#f0f0f0', '--vscode-dropdown-border': '#3c3c3c',
    '--vscode-editorWidget-background': '#252526', '--vscode-editorWidget-border': '#454545', '--vscode-widget-shadow': '#0000005c',
    '--vscode-editorHoverWidget-background': '#252526', '--vscode-editorHoverWidget-border': '#454545', '--vscode-editorHoverWidget-foreground': '#cccccc',
    '--vscode-badge-background': '#4d4d4d', '--vscode-badge-foreground': '#ffffff', '--vscode-testing-iconPassed': '#73c991', '--vscode-errorForeground': '#f48771',
    '--vscode-editorWarning-foreground': '#cca700', '--vscode-editorInfo-foreground': '#3794ff', '--vscode-textLink-foreground': '#3794ff',
    '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-list-inactiveSelectionBackground': '#37373d', '--vscode-editor-selectionHighlightBackground': '#add6ff26', '--vscode-editor-findMatchHighlightBackground': '#ea5c0055',
    '--vscode-sideBarSectionHeader-background': '#00000000' } },
  'high-contrast': { kind: 'vscode-high-contrast', vars: { ...common,
    '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-descriptionForeground': '#ffffffb3', '--vscode-focusBorder': '#f38518',
    '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518', '--vscode-panel-border': '#6fc3df',
    '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
    '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df',
    '--vscode-dropdown-background': '#000000', '--vscode-dropdown-foreground': '#ffffff', '--vscode-dropdown-border': '#6fc3df',
    '--vscode-editorWidget-background': '#0c141f', '--vscode-editorWidget-border': '#6fc3df',
    '--vscode-editorHoverWidget-background': '#0c141f', '--vscode-editorHoverWidget-border': '#6fc3df', '--vscode-editorHoverWidget-foreground': '#ffffff',
    '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff', '--vscode-testing-iconPassed': '#73c991', '--vscode-errorForeground': '#f48771',
    '--vscode-editorWarning-foreground': '#ffd700', '--vscode-editorInfo-foreground': '#3794ff', '--vscode-textLink-foreground': '#21a6ff',
    '--vscode-list-hoverBackground': '#00000000', '--vscode-editor-selectionHighlightBackground': '#00000000', '--vscode-editor-findMatchHighlightBackground': '#00000000' } },
};

// ---- browser -----------------------------------------------------------------------------------------

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-profile-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const blocked = [];
await ctx.route('**/*', route => {
  const url = route.request().url();
  const file = served.get(url.split('?')[0]);
  if (file) return route.fulfill({ status: 200, body: file.body, contentType: file.contentType });
  blocked.push(url);
  return route.abort();
});

/** Opens the page as VS Code would: fake API, theme, then the host's init message. */
async function open({ theme = 'dark', savedState, init = {}, width } = {}) {
  const page = await ctx.newPage();
  if (width) await page.setViewportSize({ width, height: 900 });
  page.on('pageerror', e => page.__errors.push(String(e)));
  page.__errors = [];
  await page.addInitScript(saved => {
    window.__posted = [];
    window.__violations = [];
    let state = saved ?? undefined;
    document.addEventListener('securitypolicyviolation', e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    window.acquireVsCodeApi = () => ({
      postMessage: m => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: s => { state = JSON.parse(JSON.stringify(s)); window.__savedState = state; },
    });
  }, savedState);
  await page.goto(`${ORIGIN}/index.html`);
  await setTheme(page, theme);
  await page.waitForFunction(() => window.__posted.some(m => m.type === 'ready'));
  await post(page, { type: 'init', catalog, usage, state: defaultState, target: { mesh: 'linkerd' }, ...init });
  await page.locator('#matrix tbody').first().waitFor();
  return page;
}

async function setTheme(page, name) {
  const theme = themes[name];
  await page.evaluate(({ kind, vars }) => {
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    document.body.classList.add(kind);
    document.body.dataset.vscodeThemeKind = kind;
    const style = document.documentElement.style;
    for (let i = style.length - 1; i >= 0; i--) if (style[i].startsWith('--vscode-')) style.removeProperty(style[i]);
    for (const [k, v] of Object.entries(vars)) style.setProperty(k, v);
  }, theme);
}

const post = (page, message) => page.evaluate(m => window.postMessage(m, '*'), message);
const posted = page => page.evaluate(() => window.__posted);
const rowCount = page => page.locator('#matrix tbody tr:is(.feature-row, .info-row)').count();
const focusedText = page => page.evaluate(() => document.activeElement?.textContent ?? '');
/** Two frames: scroll events and the popups' placement (on their toggle event) have run. */
const settled = page => page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
/** Whether the element is what a user sees at its centre (inside the viewport, not covered by a sticky cell). */
const seenAtCentre = locator => locator.evaluate(el => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight && !!hit && (el === hit || el.contains(hit));
});
/** Whether the element's left part is what a user sees (a cell wider than the free space starts at its left edge). */
const seenFromLeft = locator => locator.evaluate(el => {
  const r = el.getBoundingClientRect();
  const x = r.left + Math.min(r.width / 2, 24);
  const hit = document.elementFromPoint(x, r.top + r.height / 2);
  return r.left >= 0 && x <= innerWidth && !!hit && (el === hit || el.contains(hit));
});
const box = locator => locator.evaluate(el => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }; });
const SHEET_URL = 'https://docs.google.com/spreadsheets/d/1Bxf8VW9n-YyHeBiKdXt6zytOgw2cQlsDnK1gLUvsZ4A/edit#gid=907731238';
const focusedKey = page => page.evaluate(() => {
  const el = document.activeElement;
  const tr = el?.closest('tr');
  return { row: tr ? [...tr.parentElement.children].indexOf(tr) : -1, col: el?.cellIndex ?? -1, body: tr ? [...document.querySelectorAll('#matrix > thead, #matrix > tbody')].indexOf(tr.parentElement) : -1 };
});

// ---- tests ---------------------------------------------------------------------------------------------

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('shows every section, row and mesh column from the data, the target first', async () => {
  const page = await open();
  const sections = await page.locator('#matrix .section-head .section-label').allTextContents();
  assert.deepEqual(sections, catalog.sections.map(s => s.label));
  assert.equal(await rowCount(page), featureIds.length);
  const heads = await page.locator('#matrix thead th.mesh-col .name').allTextContents();
  assert.deepEqual(new Set(heads), new Set(catalog.meshes.map(m => m.name)));
  assert.equal(heads[0], 'Linkerd');
  const target = page.locator('#matrix thead th.target');
  assert.equal(await target.count(), 1);
  assert.match(await target.textContent(), /Linkerd\s*Target/);
  assert.match(await page.locator('#matrix thead th.mesh-col', { hasText: 'Open Service Mesh' }).textContent(), /Archived \(2023-07-10\)/);
  assert.match(await page.locator('#matrix thead th.mesh-col', { hasText: 'Maesh' }).textContent(), /Renamed → Traefik Mesh \(2020-09\)/);
  assert.match(await page.locator('#summary').textContent(), /Linkerd\s*\d+\/\d+/);
  assert.match(await page.locator('.target-name').textContent(), /^Linkerd$/);
  assert.deepEqual(page.__errors, []);
  await page.close();
});

test('cells are icon plus words, with the sheet text where it says more', async () => {
  const page = await open();
  const row = page.locator('#matrix tr', { has: page.locator('th', { hasText: /^gRPC-web$/ }) });
  assert.match(await row.locator('td.lvl').nth(0).textContent(), /Treated as TCP/);
  const mirror = page.locator('#matrix tr', { has: page.locator('th', { hasText: /^Traffic mirroring$/ }) });
  const text = await mirror.locator('td.lvl').allTextContents();
  assert.ok(text.every(t => /^(✔|◐|✖|\?|–)/.test(t)), text.join(' | '));
  assert.ok(text.some(t => t.includes('Unsupported')) && text.some(t => t.includes('Supported')));
  await page.close();
});

test('hostile strings are shown as text and never run', async () => {
  const page = await open();
  const row = page.locator('#matrix tr', { has: page.locator('th', { hasText: 'Hostile' }) });
  assert.equal(await row.locator('th').textContent(), `Hostile ${IMG}`);
  assert.ok((await row.locator('td.lvl').allTextContents()).some(t => t.includes(SCRIPT)), 'sheet text of the hostile cell as text');
  await row.locator('td.lvl').first().focus();
  assert.ok((await page.locator('#cell-tip').textContent()).includes(`doc ${IMG}`));
  await page.locator('#matrix thead th', { hasText: 'Open Service Mesh' }).hover();
  assert.ok((await page.locator('#cell-tip').textContent()).includes(IMG));
  await row.locator('td.used-col').click();
  assert.ok((await page.locator('#places').textContent()).includes(IMG));
  assert.equal(await page.locator('img, #app script, iframe, object, embed').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.ok(!blocked.some(u => /\/x$/.test(u)), 'no request for the injected image');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.close();
});

test('filter narrows rows by label and cell text, and restores them', async () => {
  const page = await open();
  const all = await rowCount(page);
  await page.locator('#filter').fill('mirror');
  assert.equal(await rowCount(page), 1);
  assert.match(await page.locator('#status').textContent(), /Showing 1 of \d+ rows/);
  await page.locator('#filter').fill('ewma');
  assert.ok(await rowCount(page) >= 1);
  assert.ok((await page.locator('#matrix tbody').allTextContents()).join(' ').includes('EWMA'));
  await page.locator('#filter').fill('no-such-thing-anywhere');
  assert.equal(await rowCount(page), 0);
  assert.match(await page.locator('#matrix').textContent(), /No rows match/);
  await page.locator('#filter').fill('');
  assert.equal(await rowCount(page), all);
  assert.equal((await page.evaluate(() => window.__savedState)).filter, '');
  await page.close();
});

test('a section toggle hides and shows its section', async () => {
  const page = await open();
  const label = catalog.sections[1].label;
  await page.locator('#sections-picker summary').click();
  await page.locator('#sections-picker label', { hasText: label }).locator('input').uncheck();
  assert.ok(!(await page.locator('#matrix .section-label').allTextContents()).includes(label));
  assert.equal(await rowCount(page), featureIds.length - catalog.sections[1].features.length);
  assert.match(await page.locator('#sections-picker summary').textContent(), new RegExp(`Sections \\(${catalog.sections.length - 1}/${catalog.sections.length}\\)`));
  await page.locator('#sections-picker label', { hasText: label }).locator('input').check();
  assert.ok((await page.locator('#matrix .section-label').allTextContents()).includes(label));
  await page.close();
});

test('mesh picker hides and reorders columns', async () => {
  const page = await open();
  await page.locator('#mesh-picker summary').click();
  await page.locator('#mesh-picker li', { hasText: 'Istio' }).locator('input').uncheck();
  let heads = await page.locator('#matrix thead th.mesh-col .name').allTextContents();
  assert.ok(!heads.includes('Istio'));
  const left = page.locator('#mesh-picker li', { hasText: 'Kuma' }).getByRole('button', { name: 'Move Kuma left' });
  await left.click();
  await left.click();
  heads = await page.locator('#matrix thead th.mesh-col .name').allTextContents();
  assert.deepEqual(heads.slice(0, 2), ['Kuma', 'Linkerd']);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Move Kuma right', 'focus stays in the picker');
  const state = await page.evaluate(() => window.__savedState);
  assert.deepEqual(state.hiddenMeshes, ['istio']);
  assert.deepEqual(state.meshOrder.slice(0, 3), ['kuma', 'linkerd', 'istio']);
  await page.close();
});

test('differences only keeps rows where shown meshes disagree', async () => {
  const page = await open();
  const all = await rowCount(page);
  await page.locator('#differences-only').check();
  const some = await rowCount(page);
  assert.ok(some > 0 && some < all, `${some} of ${all}`);
  const levels = await page.locator('#matrix tbody tr.feature-row').evaluateAll(rows => rows.map(r =>
    new Set([...r.querySelectorAll('td.lvl')].map(td => [...td.classList].find(c => c.startsWith('lvl-')))
      .filter(c => c !== 'lvl-unknown' && c !== 'lvl-not_applicable')).size));
  assert.ok(levels.every(n => n > 1));
  assert.equal(await page.locator('#matrix tr.info-row').count(), 0);
  await page.close();
});

test('used here: counts, a filter, and a list of places that open the file at the range', async () => {
  const page = await open();
  const mirror = page.locator('#matrix tr', { has: page.locator('th', { hasText: /^Traffic mirroring$/ }) });
  assert.equal((await mirror.locator('td.used-col').textContent()).replace(/\(.*\)/, '').trim(), '1 / 2');
  await page.locator('#used-only').selectOption('workspace');
  assert.equal(await rowCount(page), 5);
  await page.locator('#used-only').selectOption('file');
  assert.equal(await rowCount(page), 3);
  await mirror.locator('td.used-col').focus();
  await page.keyboard.press('Enter');
  const places = page.locator('#places button.place');
  assert.equal(await places.count(), 2);
  assert.match(await places.first().textContent(), /^routes\.yaml:12:7/);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('place')), true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const opened = (await posted(page)).filter(m => m.type === 'openLocation');
  assert.deepEqual(opened, [{ type: 'openLocation', uri: 'file:///ws/sec.yaml', range: { line: 30, column: 7, endLine: 30, endColumn: 13 } }]);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#places').isHidden(), true);
  assert.ok((await focusedText(page)).startsWith('1 / 2'), 'focus back on the count');
  await page.close();
});

test('evidence is a link: a real <a href> in the tooltip, opened by the host on click or Enter; hostile URLs stay text', async () => {
  const page = await open();
  const row = page.locator('#matrix tr', { has: page.locator('th', { hasText: 'Hostile' }) });
  const cell = row.locator('td.lvl').first();
  // Scroll first: a scroll of the table hides the tip.
  await cell.scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  await cell.hover();
  const link = page.locator('#cell-tip a.source');
  assert.equal(await link.count(), 1, 'only the https URL becomes a link');
  assert.equal(await link.getAttribute('href'), EVIDENCE.url);
  assert.equal(await link.textContent(), EVIDENCE.title);
  assert.ok((await page.locator('#cell-tip').textContent()).includes(`js ${SCRIPT}`), 'a javascript: URL stays text');
  // The pointer moves from the cell into the tip (no gap, no other cell's tip) and clicks the link.
  await link.click();
  assert.deepEqual((await posted(page)).filter(m => m.type === 'openLink'), [{ type: 'openLink', url: EVIDENCE.url }]);
  assert.equal(page.url(), `${ORIGIN}/index.html`, 'the page itself never navigates');
  // Keyboard: Enter on the cell moves into its links, Enter opens, Escape comes back.
  await cell.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), EVIDENCE.url);
  await page.keyboard.press('Enter');
  assert.equal((await posted(page)).filter(m => m.type === 'openLink').length, 2);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('td')?.classList.contains('lvl')), true, 'focus back on the cell');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // Each mesh column says when its facts were checked.
  const linkerd = catalog.meshes.find(m => m.id === 'linkerd');
  if (linkerd.checked) assert.match(await page.locator('#matrix thead th', { hasText: 'Linkerd' }).first().textContent(), new RegExp(`checked ${linkerd.checked}`));
  await page.close();
});

test('keyboard: arrow keys move between cells, the tooltip tells source and confidence', async () => {
  const page = await open();
  await page.locator('#filter').focus();
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await focusedKey(page), { body: 1, row: 0, col: 0 }, 'first section header');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedText(page), catalog.sections[0].features[0].label);
  assert.match(await page.locator('#cell-tip').textContent(), /Id/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const at = await focusedKey(page);
  assert.equal(at.col, 2);
  const tip = page.locator('#cell-tip');
  assert.equal(await tip.isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-describedby')), 'cell-tip');
  assert.match(await tip.textContent(), /Source/);
  assert.match(await tip.textContent(), /Confidence/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[tabindex="0"]').length), 1, 'roving tabindex');
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await focusedKey(page), { ...at, row: at.row + 1 });
  await page.keyboard.press('Home');
  assert.equal((await focusedKey(page)).col, 0);
  await page.keyboard.press('End');
  assert.equal((await focusedKey(page)).col, 1 + 1 + catalog.meshes.length - 1);
  await page.keyboard.press('Control+End');
  assert.equal(await focusedText(page).then(t => t.length > 0), true);
  assert.equal((await focusedKey(page)).body, catalog.sections.length);
  await page.keyboard.press('Control+Home');
  assert.deepEqual(await focusedKey(page), { body: 0, row: 0, col: 0 });
  // A changed cell tells both facts.
  await page.locator('#filter').fill('rate limiting');
  const changed = page.locator('#matrix td.lvl', { hasText: '2022:' }).first();
  if (await changed.count()) {
    await changed.focus();
    assert.match(await tip.textContent(), /2022 sheet.*differs/s);
  }
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'visible focus');
  await page.close();
});

test('exports post what is shown', async () => {
  const page = await open();
  await page.locator('#filter').fill('mtls');
  await page.getByRole('button', { name: 'Export Markdown' }).click();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await page.getByRole('button', { name: 'Change target…' }).click();
  const messages = (await posted(page)).filter(m => m.type === 'export' || m.type === 'pickTarget');
  assert.deepEqual(messages.map(m => m.format ?? m.type), ['markdown', 'csv', 'pickTarget']);
  assert.equal(messages[0].state.filter, 'mtls');
  await page.close();
});

test('state survives a reload; reveal scrolls to a feature and highlights it; updates re-render', async () => {
  const page = await open();
  await page.locator('#filter').fill('retr');
  await page.locator('#differences-only').check();
  await page.waitForFunction(() => window.__posted.some(m => m.type === 'stateChanged' && m.state.filter === 'retr'));
  const saved = await page.evaluate(() => window.__savedState);
  await page.close();

  const again = await open({ savedState: { ...saved, filter: '', differencesOnly: false, scrollTop: 400 } });
  assert.equal(await again.locator('#table-wrap').evaluate(el => el.scrollTop), 400, 'scroll restored');
  await again.close();

  const restored = await open({ savedState: saved });
  assert.equal(await restored.locator('#filter').inputValue(), 'retr');
  assert.equal(await restored.locator('#differences-only').isChecked(), true);
  await post(restored, { type: 'reveal', feature: 'traffic_mirroring' });
  const row = restored.locator('#matrix tr.focus-feature');
  await row.waitFor();
  assert.equal(await row.locator('th').textContent(), 'Traffic mirroring');
  assert.equal(await restored.locator('#filter').inputValue(), '', 'filter relaxed to show it');
  assert.equal(await focusedText(restored), 'Traffic mirroring');
  assert.equal(await row.evaluate(el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }), true);
  await post(restored, { type: 'update', usage: { files: [] }, target: { mesh: 'kuma' } });
  await restored.locator('#matrix thead th.target', { hasText: 'Kuma' }).waitFor();
  assert.equal(await restored.locator('.target-name').textContent(), 'Kuma');
  assert.equal(await restored.locator('#matrix th.used-col').count(), 0, 'no usage, no column');
  await restored.close();
});

test('opened for a feature (quick fix): scrolled to it and highlighted', async () => {
  const page = await open({ init: { focusFeature: 'mtls', target: { mesh: 'consul-enterprise' } } });
  await page.locator('#matrix tr.focus-feature').waitFor();
  assert.equal(await focusedText(page), 'mTLS');
  assert.equal(await page.locator('.target-name').textContent(), 'Consul Enterprise');
  await page.close();
});

test('screenshots in light, dark and high contrast', async () => {
  fs.mkdirSync(results, { recursive: true });
  for (const theme of ['light', 'dark', 'high-contrast']) {
    const page = await open({ theme, init: { focusFeature: 'rate_limiting' } });
    await page.locator('#matrix tr.focus-feature td.lvl').nth(1).focus();
    await page.screenshot({ path: path.join(results, `compare-${theme}.png`) });
    await page.locator('#table-wrap').evaluate(el => { el.scrollTop = 0; });
    await page.locator('#mesh-picker summary').click();
    if (theme === 'dark') await page.screenshot({ path: path.join(results, `compare-${theme}-picker.png`) });
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.close();
  }
});

test('at 300 px wide nothing runs past the edge: controls wrap, popups stay inside, the summary is closed', async () => {
  const page = await open({ width: 300 });
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  const controls = await page.locator('header button, header .target-name, .controls label, .controls input, .controls select, .controls summary, #summary > summary, #legend').evaluateAll(els =>
    els.map(el => { const r = el.getBoundingClientRect(); return { what: el.id || el.textContent.trim().slice(0, 30), left: r.left, right: r.right }; }));
  assert.ok(controls.length >= 12, `${controls.length} controls`);
  for (const c of controls) assert.ok(c.left >= 0 && c.right <= width, `${c.what}: ${c.left}–${c.right} in a ${width} px page`);
  assert.equal(await page.locator('#app').evaluate(el => el.scrollWidth <= el.clientWidth), true, 'no horizontal overflow of the page');
  // The summary is one line, closed; the table keeps most of the height.
  assert.equal(await page.locator('#summary').evaluate(el => el.open), false);
  assert.match(await page.locator('#summary > summary').textContent(), /^Portability\s*Linkerd\s*\d+\/\d+\s*Target of \d+ features used$/);
  assert.ok((await box(page.locator('#table-wrap'))).height > 900 * 0.55, 'the table has most of the height');
  await page.locator('#summary > summary').click();
  assert.equal(await page.locator('#summary').evaluate(el => el.open), true, 'opens on request');
  assert.equal(await seenAtCentre(page.locator('#summary .ratios li').first()), true);
  await page.locator('#summary > summary').click();

  for (const id of ['#sections-picker', '#mesh-picker']) {
    await page.locator(`${id} summary`).click();
    await settled(page);
    const pop = await box(page.locator(`${id} .popover`));
    assert.ok(pop.left >= 0 && pop.right <= width && pop.top >= 0 && pop.bottom <= 900, `${id} popup ${JSON.stringify(pop)}`);
    // Every control of the popup can be seen and reached (scrolled to inside the popup when it is taller).
    const buttons = page.locator(`${id} .popover button, ${id} .popover input`);
    const n = await buttons.count();
    assert.ok(n > 4);
    for (let i = 0; i < n; i++) {
      const b = buttons.nth(i);
      await b.evaluate(el => el.scrollIntoView({ block: 'nearest' }));
      assert.equal(await seenAtCentre(b), true, `${id}: ${await b.evaluate(el => el.getAttribute('aria-label') ?? el.textContent ?? el.type)} visible`);
    }
    // Names wrap instead of being cut.
    const cut = await page.locator(`${id} .popover label span`).evaluateAll(spans => spans.filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent));
    assert.deepEqual(cut, []);
    if (id === '#mesh-picker') {
      assert.equal(await seenAtCentre(page.getByRole('button', { name: 'Move Open Service Mesh right' })), true);
      assert.equal(await seenAtCentre(page.getByRole('button', { name: 'Default order' })), true);
      assert.ok(await page.locator('#mesh-picker label', { hasText: 'Open Service Mesh — Archived (2023-07-10)' }).count() === 1, 'whole name');
    }
    await page.keyboard.press('Escape');
  }
  fs.mkdirSync(path.join(results, 'browser'), { recursive: true });
  await page.screenshot({ path: path.join(results, 'browser', 'compare-narrow.png') });
  await page.locator('#matrix tr', { has: page.locator('th', { hasText: /^Traffic mirroring$/ }) }).locator('td.lvl').first().focus();
  await settled(page);
  const tip = await box(page.locator('#cell-tip'));
  assert.ok(tip.left >= 0 && tip.right <= width && tip.top >= 0 && tip.bottom <= 900, `tip ${JSON.stringify(tip)}`);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#cell-tip').isHidden(), true, 'Escape closes the details');
  await page.locator('#matrix tr', { has: page.locator('th', { hasText: /^Traffic mirroring$/ }) }).locator('td.used-col').click();
  const places = await box(page.locator('#places'));
  assert.ok(places.left >= 0 && places.right <= width && places.top >= 0 && places.bottom <= 900, `places ${JSON.stringify(places)}`);
  await page.keyboard.press('Escape');
  await page.locator('#mesh-picker summary').click();
  await settled(page);
  await page.screenshot({ path: path.join(results, 'browser', 'compare-narrow-meshes.png') });
  assert.deepEqual(page.__errors, []);
  await page.close();
});

test('scrolled sideways, section titles stay readable and the target column stays in view', async () => {
  for (const width of [300, 700]) {
    const page = await open({ width, init: { target: { mesh: 'kuma' } } });
    const wrap = page.locator('#table-wrap');
    // The target after a few other columns: it must still never scroll away.
    await page.locator('#mesh-picker summary').click();
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Move Kuma right' }).click();
    await page.keyboard.press('Escape');
    assert.equal(await wrap.evaluate(el => el.scrollWidth > el.clientWidth), true, 'the table is wider than the panel');
    await wrap.evaluate(el => { el.scrollLeft = el.scrollWidth; });
    await settled(page);
    const wrapBox = await box(wrap);
    fs.mkdirSync(path.join(results, 'browser'), { recursive: true });
    await page.screenshot({ path: path.join(results, 'browser', `compare-${width}-scrolled.png`) });
    for (const title of await page.locator('#matrix .section-title').all()) {
      const r = await box(title);
      if (r.bottom < wrapBox.top + 40 || r.top > wrapBox.bottom) continue;
      assert.ok(r.left >= wrapBox.left && r.left < wrapBox.left + 20, `section title at ${r.left} (panel from ${wrapBox.left})`);
      assert.equal(await seenAtCentre(title.locator('.section-label')), true, await title.textContent());
    }
    const targetHead = page.locator('#matrix thead th.target');
    assert.match(await targetHead.textContent(), /^Kuma/);
    assert.equal(await seenAtCentre(targetHead.locator('.name')), true, `target heading seen at ${width} px`);
    const featureRight = (await box(page.locator('#matrix thead th.feature-col'))).right;
    assert.ok(Math.abs((await box(targetHead)).left - featureRight) <= 1, 'right next to Feature');
    const mirror = page.locator('#matrix tr', { has: page.locator('th', { hasText: /^Traffic mirroring$/ }) });
    await mirror.scrollIntoViewIfNeeded();
    assert.equal(await seenAtCentre(mirror.locator('td.target')), true, `a target cell is seen at ${width} px`);
    // Scrolled back to the start, the target is still seen (at its place, or at the right edge before it).
    await wrap.evaluate(el => { el.scrollLeft = 0; });
    await settled(page);
    assert.equal(await seenAtCentre(targetHead.locator('.name')), true, `target heading seen unscrolled at ${width} px`);
    assert.ok((await box(targetHead)).left > featureRight + 40, 'not next to Feature when not scrolled');
    // Arrow keys reach every column, each seen in turn (none under the target on either side).
    await mirror.locator('th').focus();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('ArrowRight');
      await settled(page);
      assert.equal(await seenFromLeft(page.locator(':focus')), true, `column ${i + 2} seen at ${width} px`);
    }
    await page.close();
  }
});

test('arrow keys to a far column bring it into view with its details', async () => {
  const page = await open({ width: 500 });
  const mirror = page.locator('#matrix tr', { has: page.locator('th', { hasText: /^Traffic mirroring$/ }) });
  await mirror.locator('th').focus();
  const tip = page.locator('#cell-tip');
  const check = async what => {
    await settled(page);
    const cell = page.locator(':focus');
    assert.equal(await seenAtCentre(cell), true, `${what}: the focused cell is seen`);
    assert.equal(await tip.isVisible(), true, `${what}: its details are shown`);
    const t = await box(tip);
    assert.ok(t.left >= 0 && t.right <= 500 && t.top >= 0 && t.bottom <= 900, `${what}: details inside the viewport ${JSON.stringify(t)}`);
    const c = await box(cell);
    assert.ok(t.top >= c.bottom - 2 || t.bottom <= c.top + 2, `${what}: details beside the cell, not over it`);
    assert.equal(await tip.locator('.tip-title').textContent(), await cell.evaluate(el => {
      const head = el.closest('table').tHead.rows[0].cells[el.cellIndex].querySelector('.name').textContent;
      return `${head} — Traffic mirroring`;
    }));
  };
  await page.keyboard.press('End');
  await check('End');
  await page.keyboard.press('ArrowLeft');
  await check('ArrowLeft');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await check('four more to the left');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await check('back from the start');
  await page.close();
});

test('the 2022 marks are explained once, with a link to the sheet; section 9 says what it holds', async () => {
  const page = await open();
  const legend = page.locator('#legend');
  assert.match(await legend.textContent(), /^2022: … under a cell is what the learnk8s service-mesh comparison sheet of May 2022 said, where it differs from today’s fact/);
  const text = await page.locator('#app').evaluate(el => el.textContent);
  assert.equal(text.split('learnk8s service-mesh comparison sheet of May 2022').length - 1, 1, 'said once');
  assert.ok(await page.locator('#matrix .was', { hasText: /^2022: / }).count() > 0, 'there are marks to explain');
  const link = legend.locator('a');
  assert.equal(await link.getAttribute('href'), SHEET_URL);
  await link.click();
  assert.deepEqual((await posted(page)).filter(m => m.type === 'openLink'), [{ type: 'openLink', url: SHEET_URL }]);
  assert.equal(page.url(), `${ORIGIN}/index.html`);
  const labels = await page.locator('#matrix .section-label').allTextContents();
  assert.equal(labels.at(-1), '9. Features not in the 2022 sheet');
  assert.ok(!labels.some(l => /Beyond/.test(l)));
  await page.close();
});

test('Consul has one name in the summary, the columns, the picker and the details', async () => {
  const page = await open({ init: { target: { mesh: 'consul' } } });
  assert.equal(await page.locator('.target-name').textContent(), 'Consul');
  assert.match(await page.locator('#matrix thead th.target').textContent(), /^Consul\s*Target/);
  const consul = page.locator('#summary .ratios li', { hasText: /^Consul / });
  assert.match(await consul.textContent(), /^Consul \d+\/\d+Target \(.*without Enterprise\)$/);
  assert.match(await page.locator('#summary > summary').textContent(), /Consul\s*\d+\/\d+/);
  const rate = page.locator('#matrix tr', { has: page.locator('th', { hasText: /^Rate limiting$/ }) });
  await rate.locator('td.target').focus();
  assert.match(await page.locator('#cell-tip').textContent(), /Without Enterprise/);
  const everything = await page.evaluate(() => document.body.textContent + [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label')).join(' '));
  assert.ok(!/Consul CE/.test(everything), 'never "Consul CE"');
  const names = new Set(await page.locator('#matrix thead th.mesh-col .name').allTextContents());
  for (const n of await page.locator('#summary .ratios .name').allTextContents()) assert.ok(names.has(n), `${n} is a column name`);
  await page.close();
});

test('screenshots narrow (300 px) and wide (1400 px)', async () => {
  fs.mkdirSync(path.join(results, 'browser'), { recursive: true });
  const wide = await open({ theme: 'light' });
  await wide.setViewportSize({ width: 1400, height: 700 });
  await post(wide, { type: 'reveal', feature: 'traffic_mirroring' });
  await wide.locator('#matrix tr.focus-feature').waitFor();
  await wide.screenshot({ path: path.join(results, 'browser', 'compare-wide.png') });
  await wide.close();
});

let passed = 0;
let failed = 0;
// ONLY=<words> runs the tests whose name contains them (while working on one).
for (const t of tests.filter(t => !process.env.ONLY || t.name.includes(process.env.ONLY))) {
  try {
    await t.fn();
    passed++;
    console.log(`  ✔ ${t.name}`);
  } catch (e) {
    failed++;
    console.log(`  ✖ ${t.name}\n${String(e?.stack ?? e).split('\n').map(l => `      ${l}`).join('\n')}`);
  }
}
await ctx.close();
fs.rmSync(profile, { recursive: true, force: true });
fs.rmSync(harnessDir, { recursive: true, force: true });
if (blocked.length) console.log(`  requests blocked: ${blocked.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
