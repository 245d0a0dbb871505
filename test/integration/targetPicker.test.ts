// The target picker: says where the current target comes from, and "None" clears a target that a
// broader scope (the user settings) or the team's .meshlens.yaml sets. The test answers the picker itself.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activated, api, codeOf, meshDiags, MIRROR, open, setTarget, waitFor, writeFiles } from './host';
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
    assert.strictEqual(shown.placeholder, 'Now: Kuma, from the "# mesh-lens target:" comment in this file (it wins over any setting).');
  });
});
