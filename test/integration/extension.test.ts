// Runs inside a real VS Code extension host (code-server here, @vscode/test-electron elsewhere).
// Waits for events, never sleeps.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activated, analysed, api, codeOf, meshDiags, open, setTarget, waitFor, ws } from './host';

async function hoverText(doc: vscode.TextDocument, needle: string, delta = 1): Promise<string> {
  const pos = doc.positionAt(doc.getText().indexOf(needle) + delta);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
}

describe('Mesh Lens in a real VS Code', function () {
  this.timeout(60000);

  before(activated);

  after(async () => { await setTarget(undefined); });

  it('activation parses nothing: the catalog is read by the first analysis, not by activate()', () => {
    console.log(`      activate() took ${api.activation.ms} ms`);
    assert.strictEqual(api.activation.catalogLoaded, false);
  });

  it('a mirror in a VirtualService warns on the exact key when the target is Linkerd', async () => {
    const doc = await open('mirror.yaml');
    const diags = await waitFor(() => { const d = meshDiags(doc.uri); return d.length > 0 && d; }, 'diagnostics on mirror.yaml');
    const mirror = diags.find(d => codeOf(d) === 'traffic_mirroring');
    assert.ok(mirror, JSON.stringify(diags.map(d => d.message)));
    assert.deepStrictEqual([mirror!.range.start.line, mirror!.range.start.character, mirror!.range.end.line, mirror!.range.end.character], [14, 4, 14, 10]);
    assert.strictEqual(mirror!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(mirror!.message, /^Traffic mirroring \(spec\.http\[0\]\.mirror\) is not supported by Linkerd(?: — .+)?$/);
    const code = mirror!.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.target.scheme, 'command');
    assert.strictEqual(code.target.path, 'meshLens.compareMeshes');
  });

  it('hovering `mirror` explains the field, the feature and who supports it', async () => {
    const doc = await open('mirror.yaml');
    const text = await hoverText(doc, '    mirror:', 6);
    // The first line is the verdict for the target: level and why, before the field's documentation.
    assert.match(text.split('\n\n')[0], /^\*\*Linkerd: ✖ not supported\*\* — Linkerd [^\n]+\.$/);
    assert.match(text.split('\n\n')[1], /^\*\*Istio\*\* · VirtualService `spec\.http\[0\]\.mirror`$/);
    assert.match(text, /\*\*Feature:\*\* Traffic mirroring/);
    assert.match(text, /\*\*\[Linkerd ✖\]\(command:meshLens\.compareMeshes/);
    assert.match(text, /\[Istio ✔\]\([^ ]+ "supported — istio\/api /);
    assert.match(text, /\[Open Service Mesh ✖\]\([^ ]+ "not supported — /);
    assert.match(text, /_Evidence \(certain\):_ \[linkerd\/linkerd2 /);
    // The evidence is a link to the upstream file at its commit, and the facts say when they were checked.
    assert.match(text, /_Evidence \(certain\):_ \[linkerd\/linkerd2 [^\]]*\]\(https:\/\/github\.com\/linkerd\/linkerd2\/blob\/[0-9a-f]{40}\/[^)\s]+#L\d+\)/);
    assert.match(text, /\*\*In Linkerd\*\* \(not supported, facts checked \d{4}-\d{2}-\d{2}\)/);
    assert.match(text, /Compare meshes…/);
  });

  it('with no target, the hover\'s first line says so and links to the target picker', async () => {
    const doc = await open('mirror.yaml');
    await setTarget(undefined);
    try {
      await waitFor(() => api.statusText() === 'Mesh: none', 'no target');
      const text = await hoverText(doc, '    mirror:', 6);
      assert.strictEqual(text.split('\n\n')[0], '_No target mesh: [choose one](command:meshLens.selectTargetMesh "Select target mesh") to see how it supports this._');
    } finally {
      await setTarget('linkerd');
    }
  });

  it('hover on kind describes the resource and whether the target reads it; on apiVersion, which versions are served', async () => {
    const doc = await open('mirror.yaml');
    const kind = await hoverText(doc, 'kind: VirtualService', 8);
    const apiVersion = await hoverText(doc, 'apiVersion:', 2);
    assert.match(kind.split('\n\n')[0], /^\*\*Linkerd: ✖ does not read VirtualService\*\* — it is an Istio resource/);
    assert.match(kind, /\*\*Its fields can express:\*\* .*Traffic mirroring/);
    assert.match(apiVersion.split('\n\n')[0], /^\*\*networking\.istio\.io\/v1: served\*\* by Istio since \d+\.\d+\.$/);
    assert.match(apiVersion, /\*\*Versions of VirtualService:\*\* `v1`/);
    assert.notStrictEqual(kind, apiVersion);
  });

  it('changing meshLens.targetMesh re-judges the open document at once', async () => {
    const doc = await open('mirror.yaml');
    await setTarget('istio');
    await waitFor(() => !meshDiags(doc.uri).some(d => codeOf(d) === 'traffic_mirroring') && api.statusText() === 'Mesh: Istio', 'mirror warning gone for Istio');
    await setTarget('osm');
    const diags = await waitFor(() => { const d = meshDiags(doc.uri).filter(x => codeOf(x) === 'traffic_mirroring'); return d.length > 0 && d; }, 'OSM warning');
    assert.match(diags[0].message, /^Traffic mirroring \(spec\.http\[0\]\.mirror\) is not supported by Open Service Mesh/);
    assert.strictEqual(api.statusText(), 'Mesh: Open Service Mesh');
    await setTarget('linkerd');
    await waitFor(() => meshDiags(doc.uri).some(d => /by Linkerd/.test(d.message)), 'back to Linkerd');
  });

  it('a target version judges what that version lacks (rate limiting before Linkerd 2.17)', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'apiVersion: policy.linkerd.io/v1alpha1\nkind: HTTPLocalRateLimitPolicy\nmetadata: {name: web}\nspec:\n  targetRef: {group: policy.linkerd.io, kind: Server, name: web}\n  total:\n    requestsPerSecond: 100\n',
    });
    await vscode.window.showTextDocument(doc);
    await analysed(doc);
    assert.deepStrictEqual(meshDiags(doc.uri), []);
    await setTarget('linkerd', '2.14');
    const d = await waitFor(() => meshDiags(doc.uri).find(x => codeOf(x) === 'rate_limiting'), 'rate limiting on 2.14');
    assert.match(d.message, /^Rate limiting \(spec\.total\) is not supported by Linkerd 2\.14 — .*2\.17/);
    await setTarget('linkerd');
    await waitFor(() => !meshDiags(doc.uri).some(x => codeOf(x) === 'rate_limiting'), 'gone again on the latest Linkerd');
  });

  it('quick fixes are offered and suppressing on the line removes the warning', async () => {
    const src = await open('mirror.yaml');
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: src.getText() });
    await vscode.window.showTextDocument(doc);
    const diag = await waitFor(() => meshDiags(doc.uri).find(d => codeOf(d) === 'traffic_mirroring'), 'mirror warning on the copy');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    assert.deepStrictEqual(actions.map(a => a.title), ['Change the target mesh…', 'Suppress "Traffic mirroring" on this line', 'Suppress "Traffic mirroring" in this file', 'Show "Traffic mirroring" in Compare meshes']);
    const here = actions.find(a => a.title === 'Suppress "Traffic mirroring" on this line')!;
    assert.ok(await vscode.workspace.applyEdit(here.edit!));
    assert.strictEqual(doc.lineAt(diag.range.start.line).text, '    # mesh-lens-disable-next-line traffic_mirroring');
    await waitFor(() => !meshDiags(doc.uri).some(d => codeOf(d) === 'traffic_mirroring'), 'suppressed');
    assert.ok(meshDiags(doc.uri).length === 0 || meshDiags(doc.uri).every(d => codeOf(d) !== 'traffic_mirroring'));
  });

  it('a `# mesh-lens target:` comment overrides the setting for its file', async () => {
    const src = await open('mirror.yaml');
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: '# mesh-lens target: istio\n' + src.getText() });
    await vscode.window.showTextDocument(doc);
    await analysed(doc);
    assert.ok(!meshDiags(doc.uri).some(d => codeOf(d) === 'traffic_mirroring'));
    await waitFor(() => api.statusText() === 'Mesh: Istio' && true, 'status bar shows the file target');
  });

  it('non-mesh YAML gets nothing: plain Kubernetes and a CI workflow', async () => {
    for (const name of ['plain.yaml', 'workflow.yml']) {
      const doc = await open(name);
      await analysed(doc);
      assert.deepStrictEqual(meshDiags(doc.uri), [], name);
      assert.strictEqual(await hoverText(doc, 'name'), '', `no hover in ${name}`);
    }
  });

  it('a broken document in a mesh file is reported once, the other documents are still checked', async () => {
    const src = await open('mirror.yaml');
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: networking.istio.io/v1\nkind: [broken\n---\n' + src.getText() });
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(() => { const d = meshDiags(doc.uri); return d.some(x => codeOf(x) === 'traffic_mirroring') && d; }, 'diagnostics');
    const parse = diags.filter(d => codeOf(d) === 'parse-error');
    assert.strictEqual(parse.length, 1);
    assert.match(parse[0].message, /^Mesh Lens could not read this document: /);
  });

  it('files over the size limit are skipped with a clear message', async () => {
    await vscode.workspace.getConfiguration('meshLens').update('maxFileSizeKB', 1, vscode.ConfigurationTarget.Global);
    try {
      const src = await open('mirror.yaml');
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: src.getText() + '\n# padding\n'.repeat(200) });
      await vscode.window.showTextDocument(doc);
      const d = await waitFor(() => meshDiags(doc.uri).find(x => codeOf(x) === 'file-too-large'), 'skip message');
      assert.match(d.message, /^Mesh Lens skipped this file: .* is over meshLens\.maxFileSizeKB \(1 KB\)\.$/);
    } finally {
      await vscode.workspace.getConfiguration('meshLens').update('maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a team .meshlens.yaml sets the target; the user setting wins; a broken one is an error on its line', async () => {
    const dir = vscode.Uri.joinPath(ws(), 'team');
    const config = vscode.Uri.joinPath(dir, '.meshlens.yaml');
    const enc = (t: string) => new TextEncoder().encode(t);
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(config, enc('target: osm\n'));
    const src = await open('mirror.yaml');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'vs.yaml'), enc(src.getText()));
    await setTarget(undefined);
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(dir, 'vs.yaml'));
      await vscode.window.showTextDocument(doc);
      await waitFor(() => meshDiags(doc.uri).some(d => codeOf(d) === 'traffic_mirroring' && /by Open Service Mesh/.test(d.message)), 'the team target (OSM)');
      await setTarget('linkerd');
      await waitFor(() => meshDiags(doc.uri).some(d => codeOf(d) === 'traffic_mirroring' && /by Linkerd/.test(d.message)), 'the user setting wins');
      await setTarget(undefined);
      await vscode.workspace.fs.writeFile(config, enc('target: osm\nseverity:\n  unsupported: loud\n'));
      const bad = await waitFor(() => vscode.languages.getDiagnostics(config).find(d => d.source === 'Mesh Lens'), 'an error on .meshlens.yaml');
      assert.strictEqual(bad.severity, vscode.DiagnosticSeverity.Error);
      assert.strictEqual(bad.range.start.line, 2);
      assert.match(bad.message, /loud/);
      const warn = await waitFor(() => meshDiags(doc.uri).find(d => codeOf(d) === 'settings'), 'a warning in the manifest naming the config');
      assert.match(warn.message, /\.meshlens\.yaml:3:\d+: .*loud.* — Mesh Lens ignores that file until it is fixed/);
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
      await setTarget('linkerd');
    }
  });

  it('a partly supported feature points at the target\'s equivalent, which opens the feature across meshes', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      localityLbSetting: {enabled: true}\n',
    });
    await vscode.window.showTextDocument(doc);
    const d = await waitFor(() => meshDiags(doc.uri).find(x => codeOf(x) === 'locality_load_balancing'), 'locality finding');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Information);
    assert.match(d.message, /^Locality load balancing \(spec\.trafficPolicy\.loadBalancer\.localityLbSetting\) is only partly supported by Linkerd/);
    assert.strictEqual(d.relatedInformation?.length, 1);
    assert.match(d.relatedInformation![0].message, /^In Linkerd: /);
    const page = await vscode.workspace.openTextDocument(d.relatedInformation![0].location.uri);
    assert.match(page.getText(), /^# Locality load balancing/);
    assert.match(page.getText(), /## Linkerd \(target\): partly supported/);
  });

  it('documents of other URI schemes (a git or diff view, output) are not analysed', async () => {
    const text = (await open('mirror.yaml')).getText();
    const provider = vscode.workspace.registerTextDocumentContentProvider('mesh-lens-test-git', { provideTextDocumentContent: () => text });
    try {
      const old = await vscode.workspace.openTextDocument(vscode.Uri.parse('mesh-lens-test-git:/mirror.yaml'));
      await vscode.window.showTextDocument(old);
      assert.strictEqual(old.languageId, 'yaml');
      // An untitled copy opened after it is analysed; by then the other one would have been too.
      const copy = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
      await waitFor(() => meshDiags(copy.uri).some(d => codeOf(d) === 'traffic_mirroring'), 'the untitled copy analysed');
      assert.deepStrictEqual(meshDiags(old.uri), []);
      assert.strictEqual(api.diagnostics.state(old.uri), undefined);
      assert.deepStrictEqual(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', old.uri, new vscode.Position(14, 6)).then(h => h.length), 0);
    } finally {
      provider.dispose();
    }
  });

  it('one quick fix per action: one "Change the target mesh…", no Compare link for rules that are not features', async () => {
    // An archived project's resource with an apiVersion it never served, which Linkerd does not read: three findings on the `kind` line.
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: policy.openservicemesh.io/v1alpha9\nkind: Egress\nmetadata: {name: e}\nspec:\n  sources: []\n' });
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(() => { const d = meshDiags(doc.uri); return d.length === 3 && d; }, 'three findings on Egress');
    assert.deepStrictEqual(diags.map(d => [d.code, d.range.start.line]).sort(), [['api-version-not-served', 1], ['not-read-by-target', 1], ['project-archived', 1]]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diags[0].range, vscode.CodeActionKind.QuickFix.value);
    assert.deepStrictEqual(actions.map(a => a.title).sort(), [
      'Change the target mesh…',
      'Suppress "api-version-not-served" in this file', 'Suppress "api-version-not-served" on this line',
      'Suppress "not-read-by-target" in this file', 'Suppress "not-read-by-target" on this line',
      'Suppress "project-archived" in this file', 'Suppress "project-archived" on this line',
    ]);
    assert.deepStrictEqual(await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diags[0].range, vscode.CodeActionKind.Refactor.value), []);
  });

  it('one change of the target re-judges each open document once, without scanning its text again', async () => {
    const doc = await open('mirror.yaml');
    await analysed(doc, () => meshDiags(doc.uri).some(d => /by Linkerd/.test(d.message)));
    const before = api.diagnostics.runs(doc.uri)!;
    let analyses = 0;
    const counting = api.diagnostics.onDidAnalyze(uri => { if (uri.toString() === doc.uri.toString()) analyses++; });
    try {
      await vscode.workspace.getConfiguration('meshLens').update('targetMesh', 'istio', vscode.ConfigurationTarget.Global);
      await waitFor(() => !meshDiags(doc.uri).some(d => codeOf(d) === 'traffic_mirroring') && api.statusText() === 'Mesh: Istio', 'the Istio verdict');
      assert.strictEqual(analyses, 1);
      assert.strictEqual(api.diagnostics.runs(doc.uri)!.full, before.full, 'the text was scanned again');
    } finally {
      counting.dispose();
      await setTarget('linkerd');
    }
  });
});
