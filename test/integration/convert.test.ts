// Converting in the editor: the diff, the report of what was not converted, saving as a new file or
// replacing the file, and Undo.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activated, api, file, open, setTarget, waitFor } from './host';

const converted = (uri: vscode.Uri) => vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t =>
  t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === uri.toString() && t.input.modified.scheme === 'mesh-lens-converted');

describe('Convert to target mesh in a real VS Code', function () {
  this.timeout(60000);

  before(activated);
  after(async () => { await setTarget(undefined); });

  it('converts a VirtualService with a mirror to Linkerd: a diff, an HTTPRoute, and the mirror reported as not converted', async () => {
    const doc = await open('mirror.yaml');
    const report = await api.convert(doc.uri, 'linkerd');
    assert.ok(report, 'a report');
    const tab = await waitFor(() => converted(doc.uri), 'the diff of mirror.yaml and its Linkerd form');
    const right = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).modified);
    assert.match(right.getText(), /^kind: HTTPRoute$/m);
    assert.match(right.getText(), /# mesh-lens: not converted: spec\.http\[0\]\.mirror/);
    assert.ok(report!.resources.some(r => r.kind === 'HTTPRoute' && r.from.kind === 'VirtualService'), JSON.stringify(report!.resources));
    const mirror = report!.dropped.find(d => d.field.startsWith('spec.http[0].mirror'));
    assert.ok(mirror, JSON.stringify(report!.dropped));
    assert.strictEqual(mirror!.feature, 'traffic_mirroring');
    assert.strictEqual(mirror!.line, 15);
    assert.strictEqual(doc.getText(), new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri)), 'nothing written before the choice');
  });

  it('saves the conversion as a new file beside the original, through a workspace edit', async () => {
    const doc = await open('mirror.yaml');
    await api.convert(doc.uri, 'linkerd', 'new');
    const created = file('mirror.linkerd.yaml');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(created));
    assert.match(text, /^kind: HTTPRoute$/m);
    assert.match(text, /# mesh-lens: converted from VirtualService httpbin \(line 3\)/);
    await vscode.workspace.fs.delete(created);
  });

  it('replaces the file in the editor, and Undo brings the original back', async () => {
    const doc = await open('reviews-90-10.yaml');
    const before = doc.getText();
    await api.convert(doc.uri, 'gateway-api', 'replace');
    assert.match(doc.getText(), /^kind: HTTPRoute$/m);
    assert.ok(doc.isDirty, 'the replacement waits for the user to save');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === before, 'the original text after Undo');
  });

  it('says there is nothing to convert in a file without mesh resources', async () => {
    const doc = await open('plain.yaml');
    const report = await api.convert(doc.uri, 'kuma');
    assert.strictEqual(report?.output, '');
    assert.strictEqual(converted(doc.uri), undefined);
  });
});
