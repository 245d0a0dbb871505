// Hovers on mesh fields, kinds, apiVersions and annotations. The CRD field docs are read on the first hover.
import * as vscode from 'vscode';
import { catalogView, describeAt, hoverMarkdown, FieldDocIndex } from '../core/index';
import type { DiagnosticsController } from './diagnostics';
import { compareCommandLink, isMeshCandidate } from './diagnostics';
import { whenCatalogRead } from './catalogFile';

export class MeshHoverProvider implements vscode.HoverProvider {
  private docs: Promise<FieldDocIndex> | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly diagnostics: DiagnosticsController) {}

  private fieldDocs(): Promise<FieldDocIndex> {
    return (this.docs ??= (async () => {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'data', 'field-docs.json'));
        return new FieldDocIndex(JSON.parse(new TextDecoder().decode(bytes)));
      } catch (e) {
        console.error(`Mesh Lens: field documentation unavailable: ${(e as Error).message}`);
        return new FieldDocIndex({});
      }
    })());
  }

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!isMeshCandidate(doc)) return undefined;
    const text = doc.getText();
    // Cheap pre-check: no mesh API group or annotation anywhere means nothing to say.
    if (!/\.io\/|\.com\/|\.aws\/|\.us\/|^type:/m.test(text)) return undefined;
    await whenCatalogRead();
    if (token.isCancellationRequested) return undefined;
    const state = this.diagnostics.analysis(doc);
    if (state?.skipped) return undefined;
    const fieldDocs = await this.fieldDocs();
    if (token.isCancellationRequested) return undefined;
    const target = state?.result?.target ?? state?.settings.target ?? null;
    const d = describeAt(text, doc.offsetAt(position), catalogView(), fieldDocs, target);
    if (!d) return undefined;
    const md = new vscode.MarkdownString(hoverMarkdown(d, catalogView(), { compare: compareCommandLink, selectTarget: 'command:meshLens.selectTargetMesh' }));
    md.isTrusted = { enabledCommands: ['meshLens.compareMeshes', 'meshLens.selectTargetMesh'] };
    md.supportHtml = false;
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(d.span.start), doc.positionAt(d.span.end)));
  }
}
