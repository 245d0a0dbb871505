// "Mesh: Linkerd" in the status bar for YAML editors; click it to pick the target (Compare meshes is an
// entry of the picker). The tooltip says where the target comes from and, when the file has no
// findings, why: not mesh YAML, a Helm template, too large, or ignored by the team's `.meshlens.yaml`.
import * as vscode from 'vscode';
import { catalogLoaded, catalogView, formatTarget } from '../core/index';
import { looksLikeTemplate, splitDocuments } from '../core/parsing/yamlTree';
import type { DiagnosticsController, DocumentState } from './diagnostics';
import { isMeshCandidate } from './diagnostics';
import { readSettings } from './settings';
import { whenCatalogRead } from './catalogFile';

export class TargetStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('meshLens.target', vscode.StatusBarAlignment.Right, 100);
  private readonly subs: vscode.Disposable[] = [];
  private readonly initial: ReturnType<typeof setTimeout>;

  constructor(private readonly diagnostics: DiagnosticsController) {
    this.item.name = 'Mesh Lens target mesh';
    this.item.command = 'meshLens.selectTargetMesh';
    this.subs.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      diagnostics.onDidAnalyze(uri => { if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update(); }),
    );
    // Not now: reading the settings may load the catalog, and activation parses nothing.
    this.initial = setTimeout(() => this.update(), 0);
  }

  /** The text shown, for tests: "Mesh: Linkerd", "Mesh: Linkerd 2.14", "Mesh: none"; "" when hidden. */
  get text(): string { return this.visible ? this.item.text.replace(/^\$\([a-z-]+\)\s*/, '') : ''; }

  /** The tooltip's text, for tests. */
  get tooltip(): string { return this.visible ? (this.item.tooltip as vscode.MarkdownString | undefined)?.value ?? '' : ''; }

  private visible = false;

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isMeshCandidate(editor.document)) { this.visible = false; this.item.hide(); return; }
    // Mesh names come from the catalog: show the item once it is read.
    if (!catalogLoaded()) { void whenCatalogRead()?.then(() => this.update()); return; }
    const doc = editor.document;
    const state = this.diagnostics.state(doc.uri);
    const settings = readSettings(doc.uri);
    const target = state?.result?.target ?? settings.target;
    const fromFile = state?.result?.targetFromFile ?? false;
    const view = catalogView();
    const name = target ? `${view.meshName(target.mesh)}${target.version ? ` ${target.version}` : ''}` : 'none';
    this.item.text = `$(type-hierarchy) Mesh: ${name}`;
    const how = fromFile ? 'set by a `# mesh-lens target:` comment in this file'
      : settings.targetSource === 'team config' ? `from ${settings.configPath ? vscode.workspace.asRelativePath(settings.configPath) : '.meshlens.yaml'}`
      : settings.targetSource === 'none' ? 'no target: each resource is checked against its own mesh'
      : `${target ? 'from' : 'set to None in'} the meshLens.targetMesh ${settings.targetSource}`;
    const why = whyNoFindings(doc, state, name, this.diagnostics.collection.get(doc.uri)?.length ?? 0);
    const lines = [`**Mesh Lens** — target mesh: ${target ? formatTarget(target) : 'none'} (${how}).`];
    if (why) lines.push(`No findings in this file: ${why}.`);
    lines.push('Click to change the target or compare meshes.');
    this.item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    this.item.accessibilityInformation = { label: `Mesh Lens target mesh: ${name}${why ? `. No findings in this file: ${why}` : ''}`, role: 'button' };
    this.visible = true;
    this.item.show();
  }

  dispose(): void { clearTimeout(this.initial); for (const s of this.subs) s.dispose(); }
}

/** Why an analysed file has no findings, in words a user can act on; undefined when it has some (or is not analysed yet). */
/** Why a file shows no findings; `published`: how many diagnostics it has (reading them costs nothing, unlike
 * listing every finding or resource of a big file after each keystroke). */
export function whyNoFindings(doc: vscode.TextDocument, state: DocumentState | undefined, targetName: string, published: number): string | undefined {
  if (!state) return undefined;
  if (state.skipped) {
    const ignored = /^ignored by (.+)$/.exec(state.skipped);
    if (ignored) return `it is ignored by the \`ignore\` list of ${vscode.workspace.asRelativePath(ignored[1])}`;
    // The size message is a sentence of its own ("Mesh Lens skipped this file: … KB).").
    return state.skipped.replace(/^Mesh Lens skipped this file: /, 'it was skipped: ').replace(/\.$/, '');
  }
  const r = state.result;
  if (!r || published > 0) return undefined;
  if (!r.hasMeshContent) {
    const text = doc.getText();
    const template = text.includes('{{') && splitDocuments(text).some(d => looksLikeTemplate(text, d.start, d.end));
    return template ? 'it is a Helm template, which Mesh Lens does not judge until it is rendered'
      : 'it is not mesh YAML (no resource or annotation of a service mesh or Gateway API)';
  }
  return targetName === 'none' ? 'no target mesh is set, and nothing is wrong for each resource\'s own mesh'
    : `nothing in it is unsupported by ${targetName}`;
}
