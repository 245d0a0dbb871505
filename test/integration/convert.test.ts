// Converting in the editor: the diff, the report of what was not converted, values to set, saving as a
// new file or replacing the file, and Undo.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activated, api, file, open, setTarget, waitFor, writeFiles } from './host';

const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const exists = (uri: vscode.Uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);

// An Istio deny by principal: Kuma writes it as a SPIFFE ID whose zone no manifest says.
const DENY_LEGACY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ratings-deny-legacy
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: ratings
  action: DENY
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/legacy/sa/old-client"]
`;
const ZONE = 'the zone name in the SPIFFE IDs (spiffe://<mesh>.<zone>.mesh.local/…); these permissions need MeshIdentity enabled in the mesh';
const PORT = 'the port of Service httpbin';

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

  it('Undo removes the file saved as new', async () => {
    const doc = await open('mirror.yaml');
    await api.convert(doc.uri, 'linkerd', 'new');
    const created = file('mirror.linkerd.yaml');
    assert.ok(await exists(created), 'the new file');
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === created.toString(), 'the new file in the editor');
    await vscode.commands.executeCommand('undo');
    for (let i = 0; i < 50 && await exists(created); i++) await new Promise(r => setTimeout(r, 100));
    assert.ok(!(await exists(created)), 'Undo deletes mirror.linkerd.yaml');
  });

  it('writes an answered value into the diff and the saved file, without its placeholder', async () => {
    const [uri] = await writeFiles({ 'policies/deny-legacy.yaml': DENY_LEGACY });
    const doc = await open(uri);
    const report = await api.convert(doc.uri, 'kuma', undefined, { [ZONE]: 'east' });
    assert.deepStrictEqual(report?.needs, [], 'no value left to set');
    const tab = await waitFor(() => converted(doc.uri), 'the diff of deny-legacy.yaml and its Kuma form');
    const right = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).modified);
    assert.match(right.getText(), /^ {10}value: spiffe:\/\/default\.east\.mesh\.local\/ns\/legacy\/sa\/old-client$/m);
    assert.strictEqual(doc.getText(), await read(doc.uri), 'nothing written before the choice');
    await api.convert(doc.uri, 'kuma', 'new', { [ZONE]: 'east' });
    const text = await read(file('policies/deny-legacy.kuma.yaml'));
    assert.match(text, /^kind: MeshTrafficPermission$/m);
    assert.match(text, /value: spiffe:\/\/default\.east\.mesh\.local\/ns\/legacy\/sa\/old-client$/m);
    assert.ok(!text.includes('mesh-lens: set') && !text.includes('<zone>'), text);
    await vscode.workspace.fs.delete(file('policies'), { recursive: true });
  });

  it('keeps an unanswered need as its marked placeholder beside an answered one', async () => {
    const doc = await open('mirror.yaml');
    const report = await api.convert(doc.uri, 'linkerd', 'new', { [PORT]: '8000' });
    const left = report?.needs.map(n => n.what) ?? [];
    assert.ok(left.some(w => w.startsWith('the Service httpbin-v1: ')) && !left.includes(PORT), JSON.stringify(left));
    const created = file('mirror.linkerd.yaml');
    const text = await read(created);
    assert.ok(text.includes([
      '    # mesh-lens: set the Service httpbin-v1: the pods of Service httpbin with the labels of subset v1, which no resource of the input declares',
      '    - name: httpbin-v1',
      '      port: 8000',
    ].join('\n')), text);
    assert.ok(!text.includes(`mesh-lens: set ${PORT}`), text);
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
