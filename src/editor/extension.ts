// Mesh Lens in VS Code: thin glue over src/core. Activation parses nothing; documents are analysed
// when they open or change.
import * as vscode from 'vscode';
import { Analyzer, catalogView, getCatalog } from '../core/index';
import type { TargetId } from '../core/index';
import type { Usage } from '../core/compare/matrix';
import { DiagnosticsController, isMeshCandidate } from './diagnostics';
import { MeshHoverProvider } from './hover';
import { MeshCodeActionProvider } from './codeActions';
import { TargetStatusBar } from './statusBar';
import { FEATURE_DOC_SCHEME, FeatureDocProvider } from './featureDocs';
import { ComparePanel, registerCompareSerializer, type ComparePanelDeps } from './comparePanel';
import { readSettings, useTeamConfig, writeTarget } from './settings';
import { TeamConfig } from './teamConfig';

const YAML_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }];
const USAGE_FILE_LIMIT = 5000;

export interface MeshLensApi {
  diagnostics: DiagnosticsController;
  statusText(): string;
}

/** The YAML editor the user worked in last (the compare panel takes focus, the editor stays the context). */
let lastYamlEditor: vscode.Uri | undefined;
function currentYamlDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isMeshCandidate(active)) return active;
  return lastYamlEditor ? vscode.workspace.textDocuments.find(d => d.uri.toString() === lastYamlEditor!.toString()) : undefined;
}

export function activate(context: vscode.ExtensionContext): MeshLensApi {
  const team = new TeamConfig();
  useTeamConfig(team);
  const diagnostics = new DiagnosticsController();
  const statusBar = new TargetStatusBar(diagnostics);
  const compareDeps: ComparePanelDeps = {
    get catalog() { return getCatalog(); },
    getTarget: () => {
      const doc = currentYamlDocument();
      const fromDoc = doc ? diagnostics.state(doc.uri)?.result?.target : undefined;
      return fromDoc ?? readSettings(doc?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri).target;
    },
    collectUsage: () => collectUsage(diagnostics),
    pickTarget: async () => vscode.commands.executeCommand('meshLens.selectTargetMesh'),
  };

  context.subscriptions.push(
    team, diagnostics, statusBar,
    team.onDidChange(() => { diagnostics.refreshAll(); statusBar.update(); void ComparePanel.refresh(); }),
    vscode.languages.registerHoverProvider(YAML_SELECTOR, new MeshHoverProvider(context.extensionUri, diagnostics)),
    vscode.languages.registerCodeActionsProvider(YAML_SELECTOR, new MeshCodeActionProvider(), { providedCodeActionKinds: MeshCodeActionProvider.kinds }),
    vscode.workspace.registerTextDocumentContentProvider(FEATURE_DOC_SCHEME, new FeatureDocProvider()),
    registerCompareSerializer(context, compareDeps),
    vscode.commands.registerCommand('meshLens.selectTargetMesh', (uri?: vscode.Uri) => selectTarget(uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri)),
    vscode.commands.registerCommand('meshLens.compareMeshes', (feature?: unknown) => {
      ComparePanel.show(context, compareDeps, typeof feature === 'string' ? feature : undefined);
      return 'opened';
    }),
    vscode.commands.registerCommand('meshLens.showMenu', showMenu),
    vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('meshLens')) void ComparePanel.refresh(); }),
    diagnostics.onDidAnalyze(() => scheduleCompareRefresh()),
    vscode.window.onDidChangeActiveTextEditor(e => {
      if (!e || !isMeshCandidate(e.document) || e.document.uri.scheme === FEATURE_DOC_SCHEME) return;
      if (lastYamlEditor?.toString() === e.document.uri.toString()) return;
      lastYamlEditor = e.document.uri;
      scheduleCompareRefresh();
    }),
  );
  // Files created, changed or deleted on disk change the workspace's "Used here" counts.
  const yamlFiles = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  context.subscriptions.push(yamlFiles, yamlFiles.onDidCreate(scheduleCompareRefresh), yamlFiles.onDidChange(scheduleCompareRefresh), yamlFiles.onDidDelete(scheduleCompareRefresh));
  const first = vscode.window.activeTextEditor?.document;
  if (first && isMeshCandidate(first)) lastYamlEditor = first.uri;
  return { diagnostics, statusText: () => statusBar.text };
}

export function deactivate(): void { /* disposables do the work */ }

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleCompareRefresh() {
  if (!ComparePanel.current) return;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void ComparePanel.refresh(), 300);
}

async function showMenu(): Promise<void> {
  const pick = await vscode.window.showQuickPick([
    { label: '$(type-hierarchy) Select target mesh…', command: 'meshLens.selectTargetMesh' },
    { label: '$(table) Compare meshes', command: 'meshLens.compareMeshes' },
  ], { title: 'Mesh Lens' });
  if (pick) await vscode.commands.executeCommand(pick.command);
}

async function selectTarget(uri: vscode.Uri | undefined): Promise<TargetId | null | undefined> {
  const view = catalogView();
  const current = readSettings(uri).target;
  type Item = vscode.QuickPickItem & { id: TargetId | null };
  const items: Item[] = [
    { id: null, label: 'None', description: 'check each resource against its own mesh', picked: !current },
    ...getCatalog().targets.map(t => {
      const status = view.meshes.get(t.base ?? t.id)?.status;
      const state = status && status.state !== 'active' ? `${status.state}${status.date ? ` ${status.date}` : ''}` : undefined;
      return { id: t.id, label: t.name, description: [t.id, state].filter(Boolean).join(' · '), detail: t.description, picked: current?.mesh === t.id };
    }),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Mesh Lens: target mesh', placeHolder: current ? `Now: ${view.meshName(current.mesh)}` : 'No target set', matchOnDescription: true });
  if (!pick) return undefined;
  await writeTarget(pick.id, pick.id && current?.mesh === pick.id ? current.version : undefined, uri);
  return pick.id;
}

/** Feature uses of the active file and the workspace's YAML files, for the compare panel's "Used here". */
async function collectUsage(diagnostics: DiagnosticsController): Promise<Usage> {
  const analyzer = new Analyzer(catalogView());
  const files: Usage['files'] = [];
  const seen = new Set<string>();
  for (const doc of vscode.workspace.textDocuments) {
    if (!isMeshCandidate(doc) || doc.uri.scheme === FEATURE_DOC_SCHEME) continue;
    const uses = diagnostics.analysis(doc)?.result?.uses ?? [];
    seen.add(doc.uri.toString());
    if (uses.length) files.push({ uri: doc.uri.toString(), path: vscode.workspace.asRelativePath(doc.uri), uses });
  }
  const found = vscode.workspace.workspaceFolders?.length
    ? await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**', USAGE_FILE_LIMIT)
    : [];
  for (const uri of found) {
    if (seen.has(uri.toString())) continue;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > readSettings(uri).maxFileSizeKB * 1024) continue;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const uses = analyzer.inventory(text).uses;
      if (uses.length) files.push({ uri: uri.toString(), path: vscode.workspace.asRelativePath(uri), uses });
    } catch {
      // unreadable file: nothing to count
    }
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { files, activeUri: currentYamlDocument()?.uri.toString() };
}
