// A file with many findings: the first meshLens.maxFindingsPerFile are published, and one summary at the
// top stands for the rest (VS Code would otherwise flood Problems and then cut the list).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activated, codeOf, file, meshDiags, open, waitFor, writeFiles } from './host';

/** 300 VirtualServices, each with a mirror and a delay: 900 findings with Linkerd as the target. */
const BIG = Array.from({ length: 300 }, (_, i) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews-${i}
spec:
  hosts: [reviews]
  http:
  - mirror:
      host: reviews-v2
    fault:
      delay:
        percentage: {value: 0.1}
        fixedDelay: 5s
    route:
    - destination: {host: reviews}
`).join('---\n');

describe('big files: meshLens.maxFindingsPerFile', function () {
  this.timeout(120000);
  const setting = (v: number | undefined) => vscode.workspace.getConfiguration('meshLens').update('maxFindingsPerFile', v, vscode.ConfigurationTarget.Global);

  before(activated);
  after(async () => {
    await setting(undefined);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(file('big'), { recursive: true });
  });

  it('shows the first findings and one summary first, linked to Compare meshes; the setting changes the count', async () => {
    await writeFiles({ 'big/virtualservices.yaml': BIG });
    const doc = await open('big/virtualservices.yaml');
    const count = (n: number) => waitFor(() => { const d = meshDiags(doc.uri); return d.length === n && d; }, `${n} diagnostics`);

    const capped = await count(501);
    assert.strictEqual(codeOf(capped[0]), 'more-findings');
    assert.strictEqual(capped[0].message, '400 more findings are not shown: this file has 900, more than meshLens.maxFindingsPerFile (500). '
      + 'The features found most among them are Fault injection: delay (134) and Traffic mirroring (133). Open Compare meshes or run `mesh-lens report` to see them all.');
    assert.deepStrictEqual([capped[0].range.start.line, capped[0].range.start.character], [0, 0]);
    const target = (capped[0].code as { target: vscode.Uri }).target;
    assert.strictEqual(`${target.scheme}:${target.path}?${decodeURIComponent(target.query)}`, 'command:meshLens.compareMeshes?["delay_injection"]');
    // The shown ones are the file's first 500, in order: the last is in the 167th VirtualService.
    assert.strictEqual(capped.slice(1).every((d, i, all) => i === 0 || all[i - 1].range.start.line <= d.range.start.line), true);
    assert.strictEqual(capped[500].range.start.line, 166 * 16 + 7);

    await setting(20);
    const fewer = await count(21);
    assert.strictEqual(fewer[0].message, '880 more findings are not shown: this file has 900, more than meshLens.maxFindingsPerFile (20). '
      + 'The features found most among them are Fault injection: delay (294) and Traffic mirroring (293). Open Compare meshes or run `mesh-lens report` to see them all.');

    await setting(0);
    const all = await count(900);
    assert.ok(all.every(d => codeOf(d) !== 'more-findings'));
  });
});
