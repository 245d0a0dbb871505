// "Mesh: Linkerd" in the status bar for YAML editors; click for the Mesh Lens menu.
import * as vscode from 'vscode';
import { catalogLoaded, catalogView, formatTarget } from '../core/index';
import type { DiagnosticsController } from './diagnostics';
import { isMeshCandidate } from './diagnostics';
import { readSettings } from './settings';
import { whenCatalogRead } from './catalogFile';

export class TargetStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('meshLens.target', vscode.StatusBarAlignment.Right, 100);
  private readonly subs: vscode.Disposable[] = [];
  private readonly initial: ReturnType<typeof setTimeout>;

  constructor(private readonly diagnostics: DiagnosticsController) {
    this.item.name = 'Mesh Lens target mesh';
    this.item.command = 'meshLens.showMenu';
    this.subs.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      diagnostics.onDidAnalyze(uri => { if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update(); }),
    );
    // Not now: reading the settings may load the catalog, and activation parses nothing.
    this.initial = setTimeout(() => this.update(), 0);
  }

  /** The text shown, for tests and the menu: "Mesh: Linkerd", "Mesh: Linkerd 2.14", "Mesh: none". */
  get text(): string { return this.item.text.replace(/^\$\([a-z-]+\)\s*/, ''); }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isMeshCandidate(editor.document)) { this.item.hide(); return; }
    // Mesh names come from the catalog: show the item once it is read.
    if (!catalogLoaded()) { void whenCatalogRead()?.then(() => this.update()); return; }
    const state = this.diagnostics.state(editor.document.uri);
    const settings = readSettings(editor.document.uri);
    const target = state?.result?.target ?? settings.target;
    const fromFile = state?.result?.targetFromFile ?? false;
    const view = catalogView();
    const name = target ? `${view.meshName(target.mesh)}${target.version ? ` ${target.version}` : ''}` : 'none';
    this.item.text = `$(type-hierarchy) Mesh: ${name}`;
    const how = fromFile ? 'set by a `# mesh-lens target:` comment in this file'
      : settings.targetSource === 'team config' ? `from ${settings.configPath ?? '.meshlens.yaml'}`
      : settings.targetSource === 'none' ? 'no target: each resource is checked against its own mesh'
      : `${target ? 'from' : 'set to None in'} the meshLens.targetMesh ${settings.targetSource}`;
    const tip = new vscode.MarkdownString(`**Mesh Lens** — target mesh: ${target ? formatTarget(target) : 'none'} (${how}).\n\nClick to change the target or compare meshes.`);
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: `Mesh Lens target mesh: ${name}`, role: 'button' };
    this.item.show();
  }

  dispose(): void { clearTimeout(this.initial); for (const s of this.subs) s.dispose(); }
}
