// "Mesh Lens: Convert to target mesh…": the file beside its converted form in a diff, what was not
// converted listed with links to the source fields, and nothing written until the user chooses to save
// a new file or replace this one (both through a WorkspaceEdit, so Undo works).
import * as vscode from 'vscode';
import { catalogView } from '../core/index';
import { CONVERT_TARGETS, parseConvertTarget } from '../core/convert/targets';
import { converter } from './converter';
import type { ConvertedFile } from '../core/convert/contract';
import type { ConvertTarget, ConvertTargetId } from '../core/convert/model';
import { readSettings } from './settings';

export const CONVERTED_SCHEME = 'mesh-lens-converted';

/** Read-only documents holding converted text, shown on the right of the diff. */
export class ConvertedDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** A URI for the converted form of `source` (same file name, so the diff title reads naturally). */
  put(source: vscode.Uri, target: ConvertTarget, text: string): vscode.Uri {
    const name = source.path.split('/').pop() ?? 'converted.yaml';
    const uri = vscode.Uri.from({ scheme: CONVERTED_SCHEME, path: `/${targetLabel(target)}/${name}`, query: source.toString() });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void { this.changed.dispose(); this.texts.clear(); }
}

export function targetLabel(target: ConvertTarget): string {
  const name = target.id === 'gateway-api' ? 'Gateway API' : catalogView().meshName(target.id);
  return target.version ? `${name} ${target.version}` : name;
}

/** The target to convert to: the file's or workspace's target when the converter can write it, else ask. */
async function chooseTarget(document: vscode.TextDocument, ask: boolean): Promise<ConvertTarget | undefined> {
  const current = readSettings(document.uri).target;
  const usable = current && (CONVERT_TARGETS as readonly string[]).includes(current.mesh) ? { id: current.mesh as ConvertTargetId, version: current.version } : undefined;
  if (usable && !ask) return usable;
  type Item = vscode.QuickPickItem & { id: ConvertTargetId };
  const items: Item[] = CONVERT_TARGETS.map(id => ({
    id,
    label: id === 'gateway-api' ? 'Gateway API' : catalogView().meshName(id),
    description: id === usable?.id ? 'current target' : id,
    picked: id === usable?.id,
  }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Mesh Lens: convert to…', placeHolder: 'The mesh the converted manifests are for' });
  if (!pick) return undefined;
  return { id: pick.id, ...(pick.id === usable?.id && usable.version ? { version: usable.version } : {}) };
}

export class ConvertCommand {
  constructor(private readonly converted: ConvertedDocuments) {}

  /** Converts a document (its current text, saved or not) and offers to save the result. */
  async run(uri?: vscode.Uri, targetId?: string, choice?: 'new' | 'replace'): Promise<ConvertedFile | undefined> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Open a YAML file with mesh resources to convert it.');
      return undefined;
    }
    const target = parseConvertTarget(targetId) ?? await chooseTarget(document, false);
    if (!target) return undefined;
    const path = vscode.workspace.asRelativePath(document.uri);
    let file: ConvertedFile;
    try {
      file = converter().convertFiles([{ path, text: document.getText() }], target, catalogView())[0];
    } catch (e) {
      void vscode.window.showErrorMessage(`Mesh Lens could not convert ${path}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    if (!file.output) {
      const why = file.errors.length ? ` ${file.errors[0].message}` : '';
      void vscode.window.showInformationMessage(`Nothing to convert in ${path}: it has no mesh resources Mesh Lens can convert to ${targetLabel(target)}.${why}`);
      return file;
    }
    const right = this.converted.put(document.uri, target, file.output);
    await vscode.commands.executeCommand('vscode.diff', document.uri, right, `${path.split('/').pop()} ↔ ${targetLabel(target)} (converted)`, { preview: false });
    // A caller that already knows the choice (a test, another command) skips the question.
    if (choice === 'new') await saveAsNewFile(document, target, file.output);
    else if (choice === 'replace') await replaceFile(document, file.output);
    else void this.offer(document, target, file);
    return file;
  }

  private async offer(document: vscode.TextDocument, target: ConvertTarget, file: ConvertedFile): Promise<void> {
    const parts = [`${file.resources.length} resource${file.resources.length === 1 ? '' : 's'}`];
    if (file.dropped.length) parts.push(`${file.dropped.length} field${file.dropped.length === 1 ? '' : 's'} not converted`);
    if (file.needs.length) parts.push(`${file.needs.length} value${file.needs.length === 1 ? '' : 's'} to set`);
    const saveNew = 'Save as New File', replace = 'Replace File', details = 'Show What Was Not Converted';
    const buttons = [saveNew, ...(document.isUntitled ? [] : [replace]), ...(file.dropped.length || file.needs.length ? [details] : [])];
    const choice = await vscode.window.showInformationMessage(`Converted to ${targetLabel(target)}: ${parts.join(', ')}. Nothing is saved until you choose.`, ...buttons);
    if (choice === saveNew) await saveAsNewFile(document, target, file.output);
    else if (choice === replace) await replaceFile(document, file.output);
    else if (choice === details) { await showLosses(document, file); void this.offer(document, target, file); }
  }
}

/** `<name>.<target>.yaml` beside the original, created through a WorkspaceEdit (Undo deletes it). */
export async function saveAsNewFile(document: vscode.TextDocument, target: ConvertTarget, text: string): Promise<vscode.Uri | undefined> {
  if (document.isUntitled) {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(doc);
    return doc.uri;
  }
  const base = document.uri.path.replace(/\.(ya?ml)$/i, '');
  const ext = /\.yml$/i.test(document.uri.path) ? 'yml' : 'yaml';
  let uri = document.uri.with({ path: `${base}.${target.id}.${ext}` });
  for (let n = 2; await exists(uri); n++) uri = document.uri.with({ path: `${base}.${target.id}-${n}.${ext}` });
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { contents: new TextEncoder().encode(text) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Mesh Lens could not create ${vscode.workspace.asRelativePath(uri)}.`);
    return undefined;
  }
  await vscode.window.showTextDocument(uri);
  return uri;
}

/** Replaces the whole text of the file in the editor (unsaved until the user saves; Undo restores it). */
export async function replaceFile(document: vscode.TextDocument, text: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) void vscode.window.showErrorMessage(`Mesh Lens could not replace ${vscode.workspace.asRelativePath(document.uri)}.`);
  else await vscode.window.showTextDocument(document);
  return ok;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try { await vscode.workspace.fs.stat(uri); return true; } catch { return false; }
}

/** A quick pick of every field not converted and every value to set; choosing one reveals it in the source. */
async function showLosses(document: vscode.TextDocument, file: ConvertedFile): Promise<void> {
  type Item = vscode.QuickPickItem & { line: number };
  const items: Item[] = [
    ...file.dropped.map(d => ({ label: `$(circle-slash) ${d.field}`, description: `line ${d.line}`, detail: d.reason, line: d.line })),
    ...file.needs.map(n => ({ label: `$(edit) Set ${n.what}`, description: `line ${n.line}`, line: n.line })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Not converted, or to set by hand', matchOnDetail: true });
  if (!pick) return;
  const line = Math.max(0, pick.line - 1);
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, viewColumn: vscode.ViewColumn.One });
  const range = document.lineAt(Math.min(line, document.lineCount - 1)).range;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
}

/** "Convert VirtualService reviews to Linkerd…" on the `kind:` line of every recognised mesh resource. */
export class ConvertCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.RefactorRewrite];

  constructor(private readonly resourcesAt: (document: vscode.TextDocument, line: number) => { kind: string; name?: string }[]) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.RefactorRewrite) && !vscode.CodeActionKind.RefactorRewrite.contains(context.only)) return [];
    const current = readSettings(document.uri).target;
    const usable = current && (CONVERT_TARGETS as readonly string[]).includes(current.mesh) ? current : undefined;
    const to = usable ? catalogView().meshName(usable.mesh) : 'another mesh';
    return this.resourcesAt(document, range.start.line + 1).map(r => {
      const action = new vscode.CodeAction(`Convert ${r.kind}${r.name ? ` ${r.name}` : ''} to ${to}…`, vscode.CodeActionKind.RefactorRewrite);
      action.command = { command: 'meshLens.convert', title: action.title, arguments: [document.uri] };
      return action;
    });
  }
}
