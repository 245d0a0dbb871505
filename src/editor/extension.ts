// Mesh Lens in VS Code: thin glue over src/core. Activation parses nothing; documents are analysed
// when they open or change.
import * as vscode from 'vscode';
import { catalogLoaded, getCatalog } from '../core/index';
import type { Resource } from '../core/index';
import type { Usage } from '../core/compare/matrix';
import { DiagnosticsController, isMeshCandidate } from './diagnostics';
import { MeshHoverProvider } from './hover';
import { MeshCodeActionProvider } from './codeActions';
import { TargetStatusBar } from './statusBar';
import { FEATURE_DOC_SCHEME, FeatureDocProvider } from './featureDocs';
import { ComparePanel, registerCompareSerializer, type ComparePanelDeps } from './comparePanel';
import { readSettings, useTeamConfig, SECTION } from './settings';
import { onDidShowTargetPicker, selectTarget, targetMessages, type TargetChooser } from './targetPicker';
import { TeamConfig } from './teamConfig';
import { UsageIndex } from './usageIndex';
import { CONVERTED_SCHEME, ConvertCodeActionProvider, ConvertCommand, ConvertedDocuments } from './convertCommand';
import type { ConvertedFile } from '../core/convert/index';
import { isReadableKind } from '../core/convert/readableKinds';
import { useExtensionUri, whenCatalogRead } from './catalogFile';

const YAML_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }];

export interface MeshLensApi {
  diagnostics: DiagnosticsController;
  usage: UsageIndex;
  statusText(): string;
  /** The status bar item's tooltip ("" when it is hidden). */
  statusTooltip(): string;
  /** What the target picker said after each choice ("Target set to Linkerd in …"). */
  targetMessages: readonly string[];
  onDidShowTargetPicker: vscode.Event<void>;
  /** How long activate() took, and whether it loaded the catalog (it must not: documents load it when analysed). */
  activation: { ms: number; catalogLoaded: boolean };
  /** The target picker with another way of choosing (tests answer it themselves). */
  selectTarget(uri: vscode.Uri | undefined, choose: TargetChooser): Promise<unknown>;
  /** The "Used here" data the compare panel gets. */
  collectUsage(): Promise<Usage | undefined>;
  /** The open compare panel's messages to and from its page, and the failures shown to the user. */
  comparePanel(): { sent: readonly unknown[]; receive(message: unknown): Promise<void> } | undefined;
  onDidSendToPanel: vscode.Event<unknown>;
  failures: readonly string[];
  /** Converts a file (to `target`, or the file's target) and opens the diff; the report of what was converted.
   *  `answers` (value by need `what`) are written into the converted text instead of asking for them. */
  convert(uri: vscode.Uri, target?: string, choice?: 'new' | 'replace', answers?: Record<string, string>): Promise<ConvertedFile | undefined>;
}


/** The YAML editor the user worked in last (the compare panel takes focus, the editor stays the context). */
let lastYamlEditor: vscode.Uri | undefined;
function currentYamlDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isMeshCandidate(active)) return active;
  return lastYamlEditor ? vscode.workspace.textDocuments.find(d => d.uri.toString() === lastYamlEditor!.toString()) : undefined;
}

export function activate(context: vscode.ExtensionContext): MeshLensApi {
  const started = performance.now();
  useExtensionUri(context.extensionUri);
  const team = new TeamConfig();
  useTeamConfig(team);
  const diagnostics = new DiagnosticsController();
  const statusBar = new TargetStatusBar(diagnostics);
  const usage = new UsageIndex(diagnostics);
  const collectUsage = (token?: vscode.CancellationToken) => usage.collect(currentYamlDocument()?.uri.toString(), token);
  const compareDeps: ComparePanelDeps = {
    get catalog() { return getCatalog(); },
    getTarget: () => {
      const doc = currentYamlDocument();
      const fromDoc = doc ? diagnostics.state(doc.uri)?.result?.target : undefined;
      return fromDoc ?? readSettings(doc?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri).target;
    },
    collectUsage,
    pickTarget: async () => vscode.commands.executeCommand('meshLens.selectTargetMesh'),
  };
  const converted = new ConvertedDocuments();
  const convert = new ConvertCommand(converted);
  const convertActions = new ConvertCodeActionProvider((doc, line) => convertibleAt(doc, line));
  const isConvertible = (r: Resource) => !r.definition && r.via === 'apiVersion' && isReadableKind(r.owner, r.kind);
  const convertibleAt = (doc: vscode.TextDocument, line?: number) =>
    (diagnostics.state(doc.uri)?.result?.resources ?? []).filter(r => isConvertible(r) && (line === undefined || r.range.line === line));
  // The Convert button shows on mesh YAML only, not on every YAML file.
  const updateConvertible = () => {
    const doc = vscode.window.activeTextEditor?.document;
    // The first convertible resource settles it: the whole list is not built after every analysis.
    const result = doc && isMeshCandidate(doc) ? diagnostics.state(doc.uri)?.result : undefined;
    void vscode.commands.executeCommand('setContext', 'meshLens.convertible', !!result?.findResource(isConvertible));
  };

  context.subscriptions.push(
    team, diagnostics, statusBar, usage,
    team.onDidChange(() => { diagnostics.refreshAll(); statusBar.update(); scheduleCompareRefresh(); }),
    vscode.languages.registerHoverProvider(YAML_SELECTOR, new MeshHoverProvider(context.extensionUri, diagnostics)),
    vscode.languages.registerCodeActionsProvider(YAML_SELECTOR, new MeshCodeActionProvider(), { providedCodeActionKinds: MeshCodeActionProvider.kinds }),
    vscode.workspace.registerTextDocumentContentProvider(FEATURE_DOC_SCHEME, new FeatureDocProvider()),
    registerCompareSerializer(context, compareDeps),
    vscode.commands.registerCommand('meshLens.selectTargetMesh', (uri?: vscode.Uri) => selectTarget(diagnostics, uri instanceof vscode.Uri ? uri : currentYamlDocument()?.uri)),
    vscode.commands.registerCommand('meshLens.compareMeshes', async (feature?: unknown) => {
      await whenCatalogRead();
      ComparePanel.show(context, compareDeps, typeof feature === 'string' ? feature : undefined);
      return 'opened';
    }),
    converted,
    vscode.workspace.registerTextDocumentContentProvider(CONVERTED_SCHEME, converted),
    vscode.commands.registerCommand('meshLens.convert', async (uri?: unknown, target?: unknown) => {
      await whenCatalogRead();
      await convert.run(uri instanceof vscode.Uri ? uri : undefined, typeof target === 'string' ? target : undefined);
    }),
    // Before the catalog is read no document was analysed, so there is nothing to convert yet.
    vscode.languages.registerCodeActionsProvider(YAML_SELECTOR, { provideCodeActions: (doc, range, ctx) => catalogLoaded() ? convertActions.provideCodeActions(doc, range, ctx) : [] }, { providedCodeActionKinds: ConvertCodeActionProvider.kinds }),
    diagnostics.onDidAnalyze(updateConvertible),
    vscode.window.onDidChangeActiveTextEditor(updateConvertible),
    // The one configuration listener: each open document is re-judged once, then the views follow.
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) usage.excludesChanged();
      if (!e.affectsConfiguration(SECTION)) return;
      diagnostics.refreshAll();
      statusBar.update();
      scheduleCompareRefresh();
    }),
    diagnostics.onDidAnalyze(() => scheduleCompareRefresh()),
    usage.onDidChange(() => scheduleCompareRefresh()),
    vscode.window.onDidChangeActiveTextEditor(e => {
      if (!e || !isMeshCandidate(e.document)) return;
      if (lastYamlEditor?.toString() === e.document.uri.toString()) return;
      lastYamlEditor = e.document.uri;
      scheduleCompareRefresh();
    }),
  );
  const first = vscode.window.activeTextEditor?.document;
  if (first && isMeshCandidate(first)) lastYamlEditor = first.uri;
  const activation = { ms: Math.round((performance.now() - started) * 100) / 100, catalogLoaded: catalogLoaded() };
  return {
    diagnostics, usage, activation,
    statusText: () => statusBar.text,
    statusTooltip: () => statusBar.tooltip,
    targetMessages,
    onDidShowTargetPicker,
    selectTarget: (uri, choose) => selectTarget(diagnostics, uri, choose),
    collectUsage: () => collectUsage(),
    comparePanel: () => ComparePanel.current && { sent: ComparePanel.current.sent, receive: (m: unknown) => ComparePanel.current!.receive(m) },
    failures: ComparePanel.failures,
    onDidSendToPanel: ComparePanel.onDidSend,
    convert: async (uri, target, choice, answers) => { await whenCatalogRead(); return convert.run(uri, target, choice, answers); },
  };
}

export function deactivate(): void { /* disposables do the work */ }

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleCompareRefresh() {
  if (!ComparePanel.current) return;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void ComparePanel.refresh(), 300);
}
