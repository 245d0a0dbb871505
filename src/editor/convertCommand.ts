// "Mesh Lens: Convert to target mesh…": the file beside its converted form in a diff, what was not
// converted listed with links to the source fields, the values the manifests do not hold asked in input
// boxes and written into the converted side, and nothing written until the user chooses to save a new
// file or replace this one (both through a WorkspaceEdit, so Undo works).
import * as vscode from 'vscode';
import { catalogView } from '../core/index';
import { CONVERT_TARGETS, parseConvertTarget } from '../core/convert/targets';
import { converter } from './converter';
import type { ConvertedFile } from '../core/convert/contract';
import type { AnswerableNeed, AnswerKind } from '../core/convert/answers';
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

/** One conversion on screen: the source, its converted text with the answers given so far, and the diff's right side. */
interface Conversion {
  document: vscode.TextDocument;
  target: ConvertTarget;
  file: ConvertedFile;
  text: string;
}

export class ConvertCommand {
  constructor(private readonly converted: ConvertedDocuments) {}

  /**
   * Converts a document (its current text, saved or not) and offers to save the result. `answers`
   * (value by need) are written into the converted text at once, as if typed in the input boxes.
   */
  async run(uri?: vscode.Uri, targetId?: string, choice?: 'new' | 'replace', answers?: Record<string, string>): Promise<ConvertedFile | undefined> {
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
    const conversion: Conversion = { document, target, file, text: answers ? converter().applyAnswers(file.output, answers) : file.output };
    const right = this.converted.put(document.uri, target, conversion.text);
    await vscode.commands.executeCommand('vscode.diff', document.uri, right, `${path.split('/').pop()} ↔ ${targetLabel(target)} (converted)`, { preview: false });
    // A caller that already knows the choice (a test, another command) skips the question.
    if (choice === 'new') await saveAsNewFile(document, target, conversion.text);
    else if (choice === 'replace') await replaceFile(document, conversion.text);
    else void this.offer(conversion);
    return { ...file, output: conversion.text, needs: converter().remainingNeeds(conversion.text, file.needs) };
  }

  private async offer(c: Conversion): Promise<void> {
    const { file, document, target } = c;
    const needs = converter().remainingNeeds(c.text, file.needs);
    const answerable = converter().answerableNeeds(needs);
    const parts = [`${file.resources.length} resource${file.resources.length === 1 ? '' : 's'}`];
    if (file.dropped.length) {
      const named = file.dropped.slice(0, 2).map(d => d.field).join(', ');
      parts.push(`not converted: ${named}${file.dropped.length > 2 ? ` and ${file.dropped.length - 2} more` : ''}`);
    }
    if (needs.length) parts.push(`${needs.length} value${needs.length === 1 ? '' : 's'} to set`);
    const saveNew = 'Save as New File', replace = 'Replace File', setValues = 'Set Values…', details = 'Show What Was Not Converted';
    const buttons = [saveNew, ...(document.isUntitled ? [] : [replace]), ...(answerable.length ? [setValues] : []), ...(file.dropped.length || needs.length ? [details] : [])];
    const choice = await vscode.window.showInformationMessage(`Converted to ${targetLabel(target)}: ${parts.join('; ')}. Nothing is saved until you choose.`, ...buttons);
    if (choice === saveNew) await saveAsNewFile(document, target, c.text);
    else if (choice === replace) await replaceFile(document, c.text);
    else if (choice === setValues) { await this.askValues(c, answerable); void this.offer(c); }
    else if (choice === details) {
      const toAnswer = await showLosses(c, needs, answerable);
      if (toAnswer.length) await this.askValues(c, toAnswer);
      void this.offer(c);
    }
  }

  /** One input box per need; the answers go into the converted text and the diff shows them. Escape skips a need. */
  private async askValues(c: Conversion, needs: AnswerableNeed[]): Promise<void> {
    const answers = new Map<string, string>();
    const name = c.document.uri.path.split('/').pop();
    for (const [i, need] of needs.entries()) {
      const where = `${need.lines.length === 1 ? 'line' : 'lines'} ${need.lines.join(', ')} of ${name}`;
      const value = await vscode.window.showInputBox({
        title: `Mesh Lens: value to set${needs.length > 1 ? ` (${i + 1} of ${needs.length})` : ''}`,
        prompt: `Set ${need.what} (from ${where}). Escape leaves it marked in the converted file.`,
        placeHolder: EXAMPLES[need.kind],
        ignoreFocusOut: true,
        validateInput: v => converter().answerProblem(need.kind, v),
      });
      if (value !== undefined) answers.set(need.what, value.trim());
    }
    if (!answers.size) return;
    c.text = converter().applyAnswers(c.text, answers);
    this.converted.put(c.document.uri, c.target, c.text);
  }
}

/** An example of each kind of value, shown in the empty input box. */
const EXAMPLES: Record<AnswerKind, string> = {
  'port': 'A port number, e.g. 8080',
  'port-or-name': 'A port number or name, e.g. 8080 or http',
  'namespace': 'A namespace, e.g. mesh-system',
  'name': 'A name, e.g. ratings',
  'zone': 'A zone name, e.g. east',
  'trust-domain': 'A trust domain, e.g. cluster.local',
  'labels': 'Pod labels, e.g. app=prometheus',
};

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

/**
 * A quick pick of every field not converted and every value to set. A need a value answers asks for it
 * (what is returned to ask); anything else reveals its source line.
 */
async function showLosses(c: Conversion, needs: ConvertedFile['needs'], answerable: AnswerableNeed[]): Promise<AnswerableNeed[]> {
  type Item = vscode.QuickPickItem & { line?: number; ask?: AnswerableNeed[] };
  const byWhat = new Map(answerable.map(a => [a.what, a]));
  const items: Item[] = [
    ...(answerable.length ? [{ label: '$(edit) Set Values…', description: `${answerable.length} value${answerable.length === 1 ? '' : 's'} to enter`, ask: answerable }] : []),
    ...c.file.dropped.map(d => ({ label: `$(circle-slash) ${d.field}`, description: `line ${d.line}`, detail: d.reason, line: d.line })),
    ...needs.map(n => {
      const ask = byWhat.get(n.what);
      return { label: `$(edit) Set ${n.what}`, description: `line ${n.line}${ask ? ' · enter it here' : ''}`, line: n.line, ...(ask ? { ask: [ask] } : {}) };
    }),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Not converted, or to set by hand', matchOnDetail: true });
  if (!pick) return [];
  if (pick.ask) return pick.ask;
  const document = c.document;
  const line = Math.max(0, (pick.line ?? 1) - 1);
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, viewColumn: vscode.ViewColumn.One });
  const range = document.lineAt(Math.min(line, document.lineCount - 1)).range;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  return [];
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
