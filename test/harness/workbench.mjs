// Playwright helpers for UI (e2e) tests against the code-server workbench.
// Selectors are those of VS Code 1.139 (code-server 4.139.1), the version scripts/harness-install.sh installs.
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
  await page.goto(url, { timeout }); // a loaded machine can take more than the page's default timeout
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
  await acceptQuickInput(page, relPath, page.locator('.tabs-container .tab.active', { hasText: base }), timeout);
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout });
}

/**
 * Enter in the quick input showing `value`, until `done` shows. On a busy machine an Enter pressed while
 * the list is still being replaced by later results is lost and the quick input stays open: press again.
 */
async function acceptQuickInput(page, value, done, timeout) {
  const input = page.locator('.quick-input-widget input');
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('Enter');
    try {
      await done.waitFor({ timeout: Math.min(8000, Math.max(1, deadline - Date.now())) });
      return;
    } catch (e) {
      const stillOpen = await input.isVisible() && (await input.inputValue()) === value;
      if (!stillOpen || Date.now() >= deadline) throw e;
    }
  }
}

/** Wait for a diagnostic squiggle in the visible editor: severity 'error' | 'warning' | 'info' | 'hint'. */
export async function waitForSquiggle(page, severity = 'warning', { timeout = 30000 } = {}) {
  const cls = severity === 'hint' ? '.squiggly-hint' : `.squiggly-${severity}`;
  await page.locator(`.monaco-editor ${cls}`).first().waitFor({ timeout });
}

/** Hover the first editor token containing `text`; returns the hover widget's text. */
export async function hoverOver(page, text, { expect, timeout = 15000 } = {}) {
  await page.mouse.move(5, 5); // leave any previous hover
  // .view-line: not the (possibly hidden) hover widget, whose rendered Markdown has span spans too.
  await page.locator('.monaco-editor .view-lines .view-line span span', { hasText: text }).first().hover();
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
  // Done once the palette no longer shows this command (it closed, or the command asks something next).
  await acceptQuickInput(page, `>${title}`, { waitFor: o => waitForValueChange(input, `>${title}`, o) }, timeout);
}

/** Resolves when the quick input is hidden or holds something other than `value`; rejects after `timeout`. */
async function waitForValueChange(input, value, { timeout }) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (!(await input.isVisible()) || (await input.inputValue().catch(() => '')) !== value) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`the quick input still shows ${JSON.stringify(value)} after ${timeout} ms`);
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

/** The rendered editor line (`.view-line`) of the active editor group that contains `text`. */
export function editorLine(page, text) {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line', { hasText: text }).first();
}

/**
 * Squiggles of `severity` in the active editor group whose vertical middle lies on the rendered line
 * containing `lineText` (decorations live in a separate overlay layer, so match by geometry).
 */
export async function squigglesOnLine(page, lineText, severity = 'warning') {
  const line = await editorLine(page, lineText).boundingBox();
  if (!line) return 0;
  const boxes = await page.locator(`.editor-group-container.active .monaco-editor .squiggly-${severity}`).evaluateAll(els =>
    els.map(e => { const r = e.getBoundingClientRect(); return { y: r.y, height: r.height, width: r.width }; }));
  return boxes.filter(b => b.width > 0 && b.y + b.height / 2 >= line.y && b.y + b.height / 2 <= line.y + line.height).length;
}

/**
 * Click the middle of what `locator` shows with the real mouse, as a user would. Unlike
 * locator.click() it skips Playwright's actionability retries: in an editor the text cursor or a
 * widget is often "on top" of the token, and those retries call scrollIntoView on Monaco's
 * virtualised lines, which scrolls the editor away (seen: sticky-scroll lines only, click times out).
 */
export async function clickAt(page, locator, { timeout = 15000, xOffset } = {}) {
  await locator.waitFor({ state: 'visible', timeout });
  const box = await locator.boundingBox();
  if (!box) throw new Error('clickAt: element has no box');
  await page.mouse.click(box.x + (xOffset ?? box.width / 2), box.y + box.height / 2);
}

/** Put the cursor inside the first token `token` of the active editor (click in its middle). */
export async function placeCursorOn(page, token, opts) {
  await clickAt(page, page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line span span', { hasText: token }).first(), opts);
}

/** Ctrl+. on the cursor and choose the quick fix whose title contains `title`. */
export async function applyQuickFix(page, title, { timeout = 15000 } = {}) {
  await page.keyboard.press('Control+.');
  const row = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout });
  await row.click();
  await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout }).catch(() => {});
}

/** A status bar entry by (part of) its text. */
export function statusBarItem(page, text) {
  return page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
}

/** Pick the quick-pick row whose label is exactly `label` (waits for the list to show it). */
export async function pickQuickInput(page, label, { filter = label, timeout = 15000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  if (filter) await input.fill(filter);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) }).first();
  await row.waitFor({ timeout });
  await row.click();
}

/** Close the editor tab whose title contains `title`. */
export async function closeTab(page, title, { timeout = 10000 } = {}) {
  const tab = page.locator('.tabs-container .tab', { hasText: title }).first();
  await activateTab(page, title, { timeout });
  await tab.locator('.tab-actions .action-label').first().click();
  await tab.waitFor({ state: 'detached', timeout });
}

/** Hide the bottom panel (Problems, Output, ...) if it is open. */
export async function closePanel(page, { timeout = 10000 } = {}) {
  const panel = page.locator('.part.panel');
  if (!(await panel.isVisible())) return;
  await page.keyboard.press('Control+J'); // View: Toggle Panel Visibility
  await panel.waitFor({ state: 'hidden', timeout });
}

/** Make the editor tab whose title contains `title` active (click it, then move the mouse off its tooltip). */
export async function activateTab(page, title, { timeout = 10000 } = {}) {
  const tab = page.locator('.tabs-container .tab', { hasText: title }).first();
  await clickAt(page, tab, { timeout });
  await tab.and(page.locator('.tab.active')).waitFor({ timeout });
  await page.mouse.move(5, 5);
}

/** The visible notification toast whose text contains `text`. */
export function notification(page, text) {
  return page.locator('.notifications-toasts .notification-toast:visible', { hasText: text }).first();
}

/** Click the button `label` of the visible notification containing `text`. */
export async function clickNotificationButton(page, text, label, { timeout = 15000 } = {}) {
  const toast = notification(page, text);
  await toast.waitFor({ timeout });
  await toast.locator('.monaco-button', { hasText: label }).first().click();
}

/**
 * Text of the modified (right) side of the diff editor in the active group, spaces as typed. Only the
 * editor's own lines: deleted lines shown inline are view zones with `.view-lines` of their own.
 */
export async function diffModifiedText(page, { timeout = 15000 } = {}) {
  const lines = page.locator('.editor-group-container.active .monaco-diff-editor .editor.modified .lines-content > .view-lines');
  await lines.first().waitFor({ timeout });
  const texts = await lines.evaluateAll(els => els.filter(e => e.offsetParent !== null).map(e => e.innerText));
  return texts.join('\n').replace(/\u00a0/g, ' ');
}

/** The message under the quick input (an input box's validation message), '' when none shows. */
export async function quickInputMessage(page) {
  const message = page.locator('.quick-input-widget .quick-input-message');
  return (await message.isVisible()) ? (await message.innerText()).trim() : '';
}
