// Playwright helpers for UI (e2e) tests against the code-server workbench.
// Selectors are those of VS Code 1.139 (code-server 4.139.1); see /work/shared/HARNESS.md.
//
//   import { startServer, launchBrowser, workbenchUrl } from '../../scripts/harness-server.mjs';
//   import * as wb from '../harness/workbench.mjs';
//   const srv = await startServer({ workspace, installVsix: 'dist/mesh-lens.vsix', smokeTestDriver: false });
//   const { page, close } = await launchBrowser();
//   await wb.openWorkbench(page, workbenchUrl(srv));
//   await wb.openFile(page, 'istio/virtualservice.yaml');
//   await wb.waitForSquiggle(page, 'warning');
//   const text = await wb.hoverOver(page, 'VirtualService');
//   await wb.runCommand(page, 'Mesh Lens: Compare');
//   const view = wb.webviewFrame(page);           // FrameLocator inside the webview
//   await view.locator('table').waitFor();
//   await close(); await srv.stop();

/** Load the workbench and wait until the explorer shows the folder. */
export async function openWorkbench(page, url, { timeout = 60000 } = {}) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout });
}

/** Open a workspace file by relative path via Quick Open (works for nested files too). */
export async function openFile(page, relPath, { timeout = 30000 } = {}) {
  const base = relPath.split('/').pop();
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  await input.fill(relPath);
  // Wait for the matching row (the file search is asynchronous), then open it.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ timeout });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout });
}

/** Wait for a diagnostic squiggle in the visible editor: severity 'error' | 'warning' | 'info' | 'hint'. */
export async function waitForSquiggle(page, severity = 'warning', { timeout = 30000 } = {}) {
  const cls = severity === 'hint' ? '.squiggly-hint' : `.squiggly-${severity}`;
  await page.locator(`.monaco-editor ${cls}`).first().waitFor({ timeout });
}

/** Hover the first editor token containing `text`; returns the hover widget's text. */
export async function hoverOver(page, text, { expect, timeout = 15000 } = {}) {
  await page.mouse.move(5, 5); // leave any previous hover
  await page.locator('.monaco-editor .view-lines span span', { hasText: text }).first().hover();
  const hover = page.locator('.monaco-hover:visible', expect ? { hasText: expect } : {}).first();
  await hover.waitFor({ timeout });
  return hover.innerText();
}

/** Run a command by its palette title (as shown, e.g. 'Mesh Lens: Compare Meshes'). */
export async function runCommand(page, title, { timeout = 15000 } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
}

/** Text of the Problems panel (opens it with Ctrl+Shift+M). */
export async function problemsText(page, { expect, timeout = 15000 } = {}) {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel', expect ? { hasText: expect } : {});
  await panel.waitFor({ timeout });
  return panel.innerText();
}

/**
 * The content of the (active) webview: a webview is two nested iframes,
 * iframe.webview.ready (host, from the workbench origin) > #active-frame (your HTML).
 * `title` picks the webview whose editor tab is active when several are open.
 */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
}
