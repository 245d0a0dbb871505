// Quick fixes on Mesh Lens diagnostics: pick another target, suppress here or in the file, open the comparison.
import * as vscode from 'vscode';
import { catalogView } from '../core/index';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c !== undefined ? String(c) : undefined;
}

export class MeshCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const seenFile = new Set<string>();
    for (const d of context.diagnostics) {
      const rule = ruleOf(d);
      if (!rule || rule === 'parse-error' || rule === 'settings' || rule === 'file-too-large') continue;
      const label = catalogView().features.get(rule)?.label ?? rule;

      const pick = new vscode.CodeAction('Change the target mesh…', vscode.CodeActionKind.QuickFix);
      pick.command = { command: 'meshLens.selectTargetMesh', title: 'Change the target mesh…', arguments: [doc.uri] };
      pick.diagnostics = [d];
      out.push(pick);

      const line = d.range.start.line;
      const indent = doc.lineAt(line).text.match(/^\s*/)![0];
      const here = new vscode.CodeAction(`Suppress "${label}" on this line`, vscode.CodeActionKind.QuickFix);
      here.edit = new vscode.WorkspaceEdit();
      here.edit.insert(doc.uri, new vscode.Position(line, 0), `${indent}# mesh-lens-disable-next-line ${rule}${eol(doc)}`);
      here.diagnostics = [d];
      out.push(here);

      if (!seenFile.has(rule)) {
        seenFile.add(rule);
        const file = new vscode.CodeAction(`Suppress "${label}" in this file`, vscode.CodeActionKind.QuickFix);
        file.edit = new vscode.WorkspaceEdit();
        file.edit.insert(doc.uri, new vscode.Position(0, 0), `# mesh-lens-disable-file ${rule}${eol(doc)}`);
        file.diagnostics = [d];
        out.push(file);
      }

      const compare = new vscode.CodeAction(`Show "${label}" in Compare meshes`, vscode.CodeActionKind.QuickFix);
      compare.command = { command: 'meshLens.compareMeshes', title: 'Compare meshes', arguments: [rule] };
      compare.diagnostics = [d];
      out.push(compare);
    }
    return out;
  }
}

function eol(doc: vscode.TextDocument): string {
  return doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}
