// The target picker: says where the current target comes from, and "None" clears a target that a
// broader scope (the user settings) or the team's .meshlens.yaml sets. The test answers the picker itself.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activated, analysed, api, codeOf, meshDiags, MIRROR, nextEvent, open, setTarget, waitFor, writeFiles } from './host';
import type { TargetChoice, TargetItem } from '../../src/editor/targetPicker';

/** Picks the item with this id at the scope the picker offers by default; keeps what the picker showed. */
function answer(id: string | null, shown: { placeholder?: string; items?: TargetItem[] }) {
  return async (items: TargetItem[], placeholder: string, where: vscode.ConfigurationTarget): Promise<TargetChoice> => {
    shown.placeholder = placeholder;
    shown.items = items;
    return { id: id as TargetChoice['id'], where };
  };
}

async function clearWorkspaceTarget() {
  const c = vscode.workspace.getConfiguration('meshLens', vscode.workspace.workspaceFolders![0].uri);
  for (const key of ['targetMesh', 'targetMeshVersion']) {
    await c.update(key, undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await c.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

describe('Mesh Lens target picker', function () {
  this.timeout(60000);
  before(activated);
  afterEach(clearWorkspaceTarget);
  after(async () => { await setTarget(undefined); });

  it('"None" clears a target set in the user settings, for this workspace', async () => {
    const doc = await open('mirror.yaml');
    await waitFor(() => meshDiags(doc.uri).some(d => codeOf(d) === 'traffic_mirroring' && /by Linkerd/.test(d.message)), 'the Linkerd warning');
    const shown: { placeholder?: string; items?: TargetItem[] } = {};
    assert.strictEqual(await api.selectTarget(doc.uri, answer(null, shown)), null);
    assert.strictEqual(shown.placeholder, 'Now: Linkerd, from your user settings.');
    assert.deepStrictEqual(shown.items!.filter(i => i.picked).map(i => i.label), ['Linkerd']);
    await waitFor(() => !meshDiags(doc.uri).some(d => codeOf(d) === 'traffic_mirroring') && api.statusText() === 'Mesh: none', 'no target');
    const inspect = vscode.workspace.getConfiguration('meshLens', doc.uri).inspect('targetMesh')!;
    assert.strictEqual(inspect.globalValue, 'linkerd', 'the user setting is left alone');
    assert.strictEqual(inspect.workspaceFolderValue, null);
    // The picker now says where "none" comes from, and picking a mesh again replaces it.
    assert.strictEqual(await api.selectTarget(doc.uri, answer('osm', shown)), 'osm');
    assert.strictEqual(shown.placeholder, 'Now: none, set to None in the workspace settings.');
    await waitFor(() => meshDiags(doc.uri).some(d => /by Open Service Mesh/.test(d.message)) && api.statusText() === 'Mesh: Open Service Mesh', 'the OSM warning');
  });

  it('"None" clears the target of the team\'s .meshlens.yaml, and the picker names that file', async () => {
    await setTarget(undefined);
    const [, manifest] = await writeFiles({ 'picker/.meshlens.yaml': 'target: osm\n', 'picker/vs.yaml': MIRROR });
    try {
      const doc = await open(manifest);
      await waitFor(() => meshDiags(doc.uri).some(d => /by Open Service Mesh/.test(d.message)), 'the team target (OSM)');
      const shown: { placeholder?: string } = {};
      await api.selectTarget(doc.uri, answer(null, shown));
      assert.strictEqual(shown.placeholder, 'Now: Open Service Mesh, from the team config picker/.meshlens.yaml.');
      await waitFor(() => meshDiags(doc.uri).length === 0 && api.statusText() === 'Mesh: none', 'no target despite the team config');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(manifest, '..'), { recursive: true });
      await setTarget('linkerd');
    }
  });

  it('a `# mesh-lens target:` comment is named as the source', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: '# mesh-lens target: kuma\n' + MIRROR });
    await vscode.window.showTextDocument(doc);
    await waitFor(() => api.diagnostics.state(doc.uri)?.result?.targetFromFile, 'the file target');
    const shown: { placeholder?: string } = {};
    await api.selectTarget(doc.uri, async (_items, placeholder) => { shown.placeholder = placeholder; return undefined; });
    assert.strictEqual(shown.placeholder, 'Now: Kuma, from this file\'s "# mesh-lens target:" comment.');
  });

  it('the picker focuses and marks the current target, every line reads whole, and Compare meshes is its last entry', async () => {
    const doc = await open('mirror.yaml');
    await analysed(doc);
    const shown: { placeholder?: string; items?: TargetItem[] } = {};
    await api.selectTarget(doc.uri, async (items, title) => { shown.items = items; shown.placeholder = title; return undefined; });
    const linkerd = shown.items!.find(i => i.id === 'linkerd')!;
    assert.ok(linkerd.picked);
    assert.strictEqual(linkerd.description, 'current · linkerd');
    assert.strictEqual(shown.items!.find(i => i.label === 'None')!.description, '');
    // One line each in a 1400 px window: about 60 characters.
    const long = shown.items!.flatMap(i => [i.description ?? '', i.detail ?? '']).filter(t => t.length > 60);
    assert.deepStrictEqual(long, []);
    assert.deepStrictEqual(shown.items!.slice(-2).map(i => [i.kind, i.label]), [[vscode.QuickPickItemKind.Separator, ''], [undefined, '$(table) Compare meshes']]);

    // The real picker: Enter accepts the focused item, which is the current target.
    const opened = nextEvent(api.onDidShowTargetPicker, 'the target picker');
    const picking = vscode.commands.executeCommand('meshLens.selectTargetMesh', doc.uri);
    await opened;
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.strictEqual(await picking, 'linkerd');
    assert.strictEqual(api.targetMessages.at(-1), 'Target set to Linkerd in this workspace\'s settings (.vscode/settings.json).');
    assert.strictEqual(vscode.workspace.getConfiguration('meshLens', doc.uri).inspect('targetMesh')!.workspaceFolderValue, 'linkerd');
  });

  it('"Compare meshes" in the picker opens the comparison and leaves the target alone', async () => {
    const doc = await open('mirror.yaml');
    const before = api.targetMessages.length;
    assert.strictEqual(await api.selectTarget(doc.uri, async items => ({ id: null, where: vscode.ConfigurationTarget.WorkspaceFolder, action: items.at(-1)!.action as 'compare' })), undefined);
    await waitFor(() => api.comparePanel(), 'the Compare meshes panel');
    assert.strictEqual(api.targetMessages.length, before, 'no target was saved');
    assert.strictEqual(vscode.workspace.getConfiguration('meshLens', doc.uri).inspect('targetMesh')!.workspaceFolderValue, undefined);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('after choosing, the message names where the target was saved, and what still wins there', async () => {
    const doc = await open('mirror.yaml');
    const pick = (id: string | null, where: vscode.ConfigurationTarget) => api.selectTarget(doc.uri, async () => ({ id: id as TargetChoice['id'], where }));
    try {
      await pick('osm', vscode.ConfigurationTarget.WorkspaceFolder);
      assert.strictEqual(api.targetMessages.at(-1), 'Target set to Open Service Mesh in this workspace\'s settings (.vscode/settings.json).');
      await waitFor(() => api.statusText() === 'Mesh: Open Service Mesh', 'the status bar follows');
      // The person button writes the user settings; the workspace's Open Service Mesh still applies here.
      await pick('istio', vscode.ConfigurationTarget.Global);
      assert.strictEqual(api.targetMessages.at(-1), 'Target set to Istio in your user settings. Here the workspace settings still set Open Service Mesh, which wins.');
      await pick(null, vscode.ConfigurationTarget.WorkspaceFolder);
      assert.strictEqual(api.targetMessages.at(-1), 'Target set to None (each resource is checked against its own mesh) in this workspace\'s settings (.vscode/settings.json).');
    } finally {
      await setTarget('linkerd');
    }
  });
});

describe('Mesh Lens status bar', function () {
  this.timeout(60000);
  before(activated);

  const show = async (language: string, content: string) => {
    const doc = await vscode.workspace.openTextDocument({ language, content });
    await vscode.window.showTextDocument(doc);
    return doc;
  };

  it('on a docker-compose file: shown, with a tooltip saying it is not mesh YAML', async () => {
    const doc = await show('yaml', 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  db:\n    image: postgres:17\n');
    await analysed(doc);
    await waitFor(() => api.statusTooltip().includes('No findings'), 'the tooltip of a YAML file');
    assert.strictEqual(api.statusText(), 'Mesh: Linkerd');
    assert.match(api.statusTooltip(), /\n\nNo findings in this file: it is not mesh YAML \(no resource or annotation of a service mesh or Gateway API\)\.\n\n/);
  });

  it('on a Helm template: the tooltip says so; on mesh YAML with findings: no such line', async () => {
    const helm = await show('yaml', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  hosts: [{{ .Values.host }}]\n');
    await analysed(helm);
    await waitFor(() => /Helm template/.test(api.statusTooltip()), 'the Helm template reason');
    assert.match(api.statusTooltip(), /No findings in this file: it is a Helm template, which Mesh Lens does not judge until it is rendered\./);
    const mesh = await open('mirror.yaml');
    await analysed(mesh, () => meshDiags(mesh.uri).length > 0);
    await waitFor(() => api.statusTooltip() !== '' && !/No findings/.test(api.statusTooltip()), 'the tooltip of a file with findings');
  });

  it('hidden on other languages', async () => {
    await show('json', '{"apiVersion": "networking.istio.io/v1"}');
    await waitFor(() => api.statusText() === '', 'the status bar item hidden');
  });
});
