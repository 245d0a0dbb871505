// Quick fixes on Mesh Lens diagnostics: pick another target, suppress here or in the file, open the comparison.
// One entry per action for the whole request (the target picker once, not once per diagnostic), and only
// actions that do something: a rule that is not a feature has no row in Compare meshes.
import * as vscode from 'vscode';
import { catalogView } from '../core/index';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { MORE_FINDINGS_CODE } from './findingDiagnostics';

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c !== undefined ? String(c) : undefined;
}

/** Diagnostics about the file or the settings, which no suppression comment or target change fixes. */
const NOT_FIXABLE = new Set(['parse-error', 'settings', 'file-too-large', MORE_FINDINGS_CODE]);

export class MeshCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return [];
    const fixable = context.diagnostics.filter(d => { const rule = ruleOf(d); return !!rule && !NOT_FIXABLE.has(rule); });
    if (fixable.length === 0) return [];
    const view = catalogView();
    const out: vscode.CodeAction[] = [];
    const seenLine = new Set<string>(), seenFile = new Set<string>(), seenCompare = new Set<string>();
    for (const d of fixable) {
      const rule = ruleOf(d)!;
      const feature = view.features.get(rule);
      const label = feature?.label ?? rule;

      const line = d.range.start.line;
      if (!seenLine.has(`${line} ${rule}`)) {
        seenLine.add(`${line} ${rule}`);
        const indent = doc.lineAt(line).text.match(/^\s*/)![0];
        const here = new vscode.CodeAction(`Suppress "${label}" on this line`, vscode.CodeActionKind.QuickFix);
        here.edit = new vscode.WorkspaceEdit();
        here.edit.insert(doc.uri, new vscode.Position(line, 0), `${indent}# mesh-lens-disable-next-line ${rule}${eol(doc)}`);
        here.diagnostics = [d];
        out.push(here);
      }

      if (!seenFile.has(rule)) {
        seenFile.add(rule);
        const file = new vscode.CodeAction(`Suppress "${label}" in this file`, vscode.CodeActionKind.QuickFix);
        file.edit = new vscode.WorkspaceEdit();
        file.edit.insert(doc.uri, new vscode.Position(0, 0), `# mesh-lens-disable-file ${rule}${eol(doc)}`);
        file.diagnostics = [d];
        out.push(file);
      }

      if (feature && !seenCompare.has(rule)) {
        seenCompare.add(rule);
        const compare = new vscode.CodeAction(`Show "${label}" in Compare meshes`, vscode.CodeActionKind.QuickFix);
        compare.command = { command: 'meshLens.compareMeshes', title: 'Compare meshes', arguments: [rule] };
        compare.diagnostics = [d];
        out.push(compare);
      }
    }
    const pick = new vscode.CodeAction('Change the target mesh…', vscode.CodeActionKind.QuickFix);
    pick.command = { command: 'meshLens.selectTargetMesh', title: 'Change the target mesh…', arguments: [doc.uri] };
    pick.diagnostics = fixable;
    out.unshift(pick);
    return out;
  }
}

function eol(doc: vscode.TextDocument): string {
  return doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}
