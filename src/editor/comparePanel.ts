// Host of the "Compare meshes" webview: one panel at a time, restored after a reload by a serializer.
// The page (src/webview/compare.ts -> dist/compare.js) renders; this side sends data and acts on requests.
import * as vscode from 'vscode';
import type { Catalog, Target } from '../core/model';
import {
  buildMatrix, compareCatalogOf, defaultPanelState, normalizeState, toCsv, toMarkdown,
  type ComparePanelState, type Usage,
} from '../core/compare/matrix';
import { COMPARE_VIEW_TYPE, compareHtml, isPageToHost, type HostToPage, type PageToHost } from '../core/compare/compareProtocol';
import { whenCatalogRead } from './catalogFile';

export interface ComparePanelDeps {
  catalog: Catalog;
  getTarget(): Target | null;
  /** The workspace's feature uses; undefined when the token cancelled the scan. */
  collectUsage(token?: vscode.CancellationToken): Promise<Usage | undefined>;
  /** The page's "Change target…" button; defaults to the command `meshLens.selectTargetMesh`. */
  pickTarget?(): Promise<unknown>;
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

/** Says what went wrong in a message the user sees (a rejected promise in a message handler is lost otherwise). */
function reportFailure(what: string, e: unknown): void {
  const reason = e instanceof Error ? e.message : String(e);
  ComparePanel.failures.push(`${what}: ${reason}`);
  if (ComparePanel.failures.length > 20) ComparePanel.failures.shift();
  void vscode.window.showErrorMessage(`Mesh Lens: ${what}: ${reason}`);
}

export class ComparePanel {
  static current: ComparePanel | undefined;
  /** Every failure shown to the user, latest last (tests read it: notifications cannot be read back). */
  static readonly failures: string[] = [];
  private static readonly sending = new vscode.EventEmitter<HostToPage>();
  /** Fires for every message sent to the page. */
  static readonly onDidSend = ComparePanel.sending.event;

  /** Opens the panel, or reveals the open one; `focusFeature` scrolls to that row and highlights it. */
  static show(context: vscode.ExtensionContext, deps: ComparePanelDeps, focusFeature?: string): ComparePanel {
    const existing = ComparePanel.current;
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (focusFeature) existing.reveal(focusFeature);
      return existing;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare meshes', column, ComparePanel.webviewOptions(context));
    return new ComparePanel(panel, context, deps, { ...defaultPanelState(), focusFeature }, focusFeature);
  }

  /** Re-sends target and usage to the open panel (call when the target or the workspace changes). */
  static refresh(): Promise<void> {
    return ComparePanel.current?.update().catch(e => reportFailure('could not refresh Compare meshes', e)) ?? Promise.resolve();
  }

  static webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media'), vscode.Uri.joinPath(context.extensionUri, 'dist')],
    };
  }

  private state: ComparePanelState;
  private pendingFocus: string | undefined;
  private ready = false;
  private updating: Promise<void> | undefined;
  private updateAgain = false;
  private scan: vscode.CancellationTokenSource | undefined;
  private disposed = false;
  /** The messages sent to the page, latest last (tests check what the page was given to show). */
  readonly sent: HostToPage[] = [];
  private usage: Usage = { files: [] };
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly deps: ComparePanelDeps,
    state: ComparePanelState,
    focusFeature?: string,
  ) {
    ComparePanel.current = this;
    this.state = state;
    this.pendingFocus = focusFeature;
    panel.webview.options = ComparePanel.webviewOptions(context);
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage(m => this.receive(m), null, this.disposables);
  }

  /** Restores a panel VS Code kept across a window reload. */
  static restore(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, deps: ComparePanelDeps, state: unknown): ComparePanel {
    ComparePanel.current?.panel.dispose();
    return new ComparePanel(panel, context, deps, normalizeState(state));
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...p)).toString();
    return compareHtml({
      cspSource: webview.cspSource,
      nonce: nonce(),
      scriptUri: media('dist', 'compare.js'),
      styleUri: media('media', 'compare.css'),
    });
  }

  private post(message: HostToPage): Thenable<boolean> {
    this.sent.push(message);
    if (this.sent.length > 20) this.sent.shift();
    ComparePanel.sending.fire(message);
    return this.panel.webview.postMessage(message);
  }

  /** Usage of the workspace; a newer request cancels the scan still running. */
  private async collectUsage(): Promise<Usage | undefined> {
    this.scan?.cancel();
    const scan = this.scan = new vscode.CancellationTokenSource();
    try {
      return await this.deps.collectUsage(scan.token);
    } finally {
      scan.dispose();
      if (this.scan === scan) this.scan = undefined;
    }
  }

  reveal(feature: string): void {
    this.state = { ...this.state, focusFeature: feature };
    if (this.ready) void this.post({ type: 'reveal', feature });
    else this.pendingFocus = feature;
  }

  /** Sends the current target and workspace usage; overlapping calls collapse into one more run. */
  update(): Promise<void> {
    if (this.updating) {
      // The running scan's result is already out of date: stop it and scan once more.
      this.updateAgain = true;
      this.scan?.cancel();
      return this.updating;
    }
    this.updating = (async () => {
      do {
        this.updateAgain = false;
        const usage = await this.collectUsage();
        if (!usage) continue;
        this.usage = usage;
        if (this.ready) await this.post({ type: 'update', usage: this.usage, target: this.deps.getTarget() });
      } while (this.updateAgain);
    })().finally(() => { this.updating = undefined; });
    return this.updating;
  }

  private async sendInit(): Promise<void> {
    let usage: Usage | undefined;
    while (!(usage = await this.collectUsage())) {
      if (this.disposed) return; // cancelled because the panel closed; else by a newer request: scan again
    }
    this.usage = usage;
    const focusFeature = this.pendingFocus;
    this.pendingFocus = undefined;
    await this.post({
      type: 'init',
      catalog: compareCatalogOf(this.deps.catalog),
      usage: this.usage,
      state: this.state,
      target: this.deps.getTarget(),
      focusFeature,
    });
  }

  /** Handles a message from the page; failures become a message to the user, never an unhandled rejection. */
  async receive(raw: unknown): Promise<void> {
    try {
      await this.onMessage(raw);
    } catch (e) {
      const m = isPageToHost(raw) ? raw : undefined;
      reportFailure(m?.type === 'openLocation' ? `could not open ${vscode.workspace.asRelativePath(vscode.Uri.parse(m.uri))}`
        : m?.type === 'export' ? 'could not export the comparison' : 'could not update Compare meshes', e);
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isPageToHost(raw)) return;
    const message: PageToHost = raw;
    switch (message.type) {
      case 'ready':
        // Also after the page reloads (hidden and shown again): it asks for everything anew.
        this.ready = true;
        await this.sendInit();
        break;
      case 'stateChanged':
        this.state = normalizeState(message.state);
        break;
      case 'openLocation':
        await this.openLocation(message.uri, message.range);
        break;
      case 'export':
        await this.export(message.format, message.state ? normalizeState(message.state) : this.state);
        break;
      case 'openLink':
        await this.openLink(message.url);
        break;
      case 'pickTarget':
        await (this.deps.pickTarget ? this.deps.pickTarget() : vscode.commands.executeCommand('meshLens.selectTargetMesh'));
        await this.update();
        break;
    }
  }

  private async openLocation(uri: string, range: { line: number; column: number; endLine: number; endColumn: number }): Promise<void> {
    // Only places the panel was given: the page cannot make the host open anything else.
    if (!this.usage.files.some(f => f.uri === uri)) return;
    const selection = new vscode.Range(range.line - 1, range.column - 1, range.endLine - 1, range.endColumn - 1);
    const viewColumn = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.parse(uri, true), { selection, viewColumn, preview: true });
  }

  /** Opens an evidence link in the browser; only a URL the catalog holds, so the page cannot open anything else. */
  private async openLink(url: string): Promise<void> {
    const catalog = this.deps.catalog;
    const known = Object.values(catalog.cells).some(cells => Object.values(cells).some(c => c.sources?.some(s => s.url === url)))
      || catalog.meshes.some(m => m.status.sources?.some(s => s.url === url));
    if (known) await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  private async export(format: 'markdown' | 'csv', state: ComparePanelState): Promise<void> {
    const view = buildMatrix(this.deps.catalog, state, this.usage, this.deps.getTarget());
    const text = format === 'markdown' ? toMarkdown(view) : toCsv(view);
    const name = format === 'markdown' ? 'mesh-comparison.md' : 'mesh-comparison.csv';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'markdown' ? { Markdown: ['md'] } : { CSV: ['csv'] },
      saveLabel: format === 'markdown' ? 'Export Markdown' : 'Export CSV',
      title: 'Export the comparison as shown',
    });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const open = await vscode.window.showInformationMessage(`Exported ${view.shownRows} rows × ${view.columns.length} meshes to ${vscode.workspace.asRelativePath(uri)}.`, 'Open');
    if (open) await vscode.window.showTextDocument(uri);
  }

  private dispose(): void {
    this.disposed = true;
    this.scan?.cancel();
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** Call from activate() and add the result to its subscriptions; package.json needs the activation event `onWebviewPanel:meshLens.compare`. */
export function registerCompareSerializer(context: vscode.ExtensionContext, deps: ComparePanelDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      await whenCatalogRead();
      ComparePanel.restore(panel, context, deps, state);
    },
  });
}
