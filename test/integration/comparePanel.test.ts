// The Compare meshes panel as its page sees it: what the host sends (the page renders exactly that),
// and what happens when a request from the page fails.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activated, api, MIRROR, open, setTarget, waitFor, writeFiles } from './host';

type Sent = { type: string; focusFeature?: string; feature?: string; target?: { mesh: string } | null; usage?: { files: { path: string; uri: string; uses: { feature: string; range: { line: number } }[] }[] } };
const sent = () => (api.comparePanel()?.sent ?? []) as Sent[];
const panelTabs = () => vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.input instanceof vscode.TabInputWebview && (t.input as vscode.TabInputWebview).viewType.endsWith('meshLens.compare'));

describe('Mesh Lens Compare meshes panel', function () {
  this.timeout(60000);
  before(activated);
  after(async () => { await setTarget(undefined); });

  it('opens at the feature asked for, with the target and the workspace\'s uses; running it again reveals another row in the same panel', async () => {
    await open('mirror.yaml');
    assert.strictEqual(await vscode.commands.executeCommand('meshLens.compareMeshes', 'traffic_mirroring'), 'opened');
    await waitFor(() => panelTabs().length === 1 && true, 'the compare panel tab');
    assert.strictEqual(panelTabs()[0].label, 'Compare meshes');
    assert.ok(panelTabs()[0].isActive);
    const init = await waitFor(() => sent().find(m => m.type === 'init'), 'the page to ask for its data', 30000, [api.onDidSendToPanel]);
    assert.strictEqual(init.focusFeature, 'traffic_mirroring');
    assert.strictEqual(init.target?.mesh, 'linkerd');
    const mirror = init.usage!.files.find(f => f.path === 'mirror.yaml');
    assert.deepStrictEqual(mirror?.uses.map(u => [u.feature, u.range.line]), [['canary_releases', 10], ['traffic_mirroring', 15], ['retries_and_timeout', 20], ['timeout_per_retry', 22]]);
    await vscode.commands.executeCommand('meshLens.compareMeshes', 'rate_limiting');
    assert.deepStrictEqual(sent().at(-1), { type: 'reveal', feature: 'rate_limiting' });
    assert.strictEqual(panelTabs().length, 1);
  });

  it('a file deleted since the panel listed it: "open" says so in a message instead of failing silently', async () => {
    const [gone] = await writeFiles({ 'gone.yaml': MIRROR });
    const panel = api.comparePanel();
    assert.ok(panel, 'the panel is open');
    await vscode.commands.executeCommand('meshLens.compareMeshes');
    await waitFor(() => sent().some(m => m.usage?.files.some(f => f.path === 'gone.yaml')) && true, 'gone.yaml in "Used here"', 20000, [api.onDidSendToPanel]);
    await vscode.workspace.fs.delete(gone);
    const before = api.failures.at(-1);
    await panel!.receive({ type: 'openLocation', uri: gone.toString(), range: { line: 8, column: 5, endLine: 8, endColumn: 11 } });
    assert.notStrictEqual(api.failures.at(-1), before);
    assert.match(api.failures.at(-1)!, /^could not open gone\.yaml: /);
  });
});
