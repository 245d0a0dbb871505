// "Used here" and the team config beyond plain files: which workspace files count (the team config's
// `ignore`, files.exclude, search.exclude — the same for open and closed files), what a scan reads
// again (only files that changed), and a team config on a file system that is not the disk.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activated, api, codeOf, enc, file, meshDiags, MIRROR, nextEvent, open, setTarget, waitFor, writeFiles, ws } from './host';

const usedPaths = async () => (await api.collectUsage())!.files.map(f => f.path);

/** The used paths once `check` holds for them: files appear when the file watcher reports them, so scan again on each report. */
function eventuallyUsed(check: (paths: string[]) => boolean, what: string, ms = 30000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let last: string[] = [];
    let busy = false, again = false, finished = false;
    const finish = (f: () => void) => { if (!finished) { finished = true; clearTimeout(timer); sub.dispose(); f(); } };
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what}; last scan: ${JSON.stringify(last)}`))), ms);
    const scan = async () => {
      if (busy) { again = true; return; }
      busy = true;
      do {
        again = false;
        last = await usedPaths();
        if (check(last)) { finish(() => resolve(last)); break; }
      } while (again && !finished);
      busy = false;
    };
    const sub = api.usage.onDidChange(() => void scan());
    void scan();
  });
}

/** The smallest file system a virtual workspace could be: files in memory, under one authority. */
class MemoryFileSystem implements vscode.FileSystemProvider {
  readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private isDir(path: string) { return [...this.files.keys()].some(p => p.startsWith(path.endsWith('/') ? path : `${path}/`)); }
  watch() { return new vscode.Disposable(() => undefined); }
  stat(uri: vscode.Uri): vscode.FileStat {
    const f = this.files.get(uri.path);
    if (f) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: f.length };
    if (this.isDir(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(): [string, vscode.FileType][] { return []; }
  readFile(uri: vscode.Uri): Uint8Array {
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array) { this.files.set(uri.path, content); }
  createDirectory() { /* folders exist when files do */ }
  delete(uri: vscode.Uri) { this.files.delete(uri.path); }
  rename() { throw vscode.FileSystemError.NoPermissions('read-only'); }
}

describe('Mesh Lens "Used here" and the team config on any file system', function () {
  this.timeout(90000);
  before(async () => {
    await activated();
    // No compare panel: its refreshes would scan in the background, between the scans measured here.
    const panels = vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('meshLens.compare'));
    await vscode.window.tabGroups.close(panels);
    assert.strictEqual(api.comparePanel(), undefined);
  });
  after(async () => {
    const c = vscode.workspace.getConfiguration(undefined, ws());
    await c.update('files.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await c.update('search.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(file('usage'), { recursive: true });
    await setTarget(undefined);
  });

  it('counts closed and open files alike: the team config\'s ignore list, files.exclude and search.exclude all apply', async () => {
    const c = vscode.workspace.getConfiguration(undefined, ws());
    await c.update('files.exclude', { '**/hidden-by-files-exclude': true }, vscode.ConfigurationTarget.Workspace);
    await c.update('search.exclude', { '**/{hidden-by-search-exclude,other}': true }, vscode.ConfigurationTarget.Workspace);
    // The team config first: the manifests below are written once it exists.
    await writeFiles({ 'usage/.meshlens.yaml': 'ignore: [generated/**]\n' });
    await writeFiles({
      'usage/counted.yaml': MIRROR,
      'usage/generated/vs.yaml': MIRROR,
      'usage/hidden-by-files-exclude/vs.yaml': MIRROR,
      'usage/hidden-by-search-exclude/vs.yaml': MIRROR,
    });
    // The team config is read when its watcher reports it, so wait for the scan that applies it (a timeout fails the test).
    const paths = await eventuallyUsed(p => p.includes('usage/counted.yaml') && !p.includes('usage/generated/vs.yaml'), 'usage/counted.yaml listed and usage/generated/vs.yaml ignored');
    assert.deepStrictEqual(paths.filter(p => p.startsWith('usage/') && p !== 'usage/counted.yaml'), []);
    // Opening the ignored file changes nothing.
    const doc = await open('usage/generated/vs.yaml');
    await waitFor(() => api.diagnostics.state(doc.uri)?.skipped, 'the ignored file skipped');
    assert.deepStrictEqual(meshDiags(doc.uri), []);
    assert.deepStrictEqual((await usedPaths()).filter(p => p.startsWith('usage/')), ['usage/counted.yaml']);
  });

  it('a scan reads only the files that changed since the last one, and can be cancelled', async () => {
    // The 138 manifests of the corpus make the cold scan measurable (every refresh cost this before the index).
    const corpus = vscode.Uri.joinPath(vscode.extensions.getExtension('mesh-lens.mesh-lens')!.extensionUri, 'test', 'fixtures', 'corpus');
    // The CLI says which of them have feature uses: "Used here" must list the same files.
    const cli = JSON.parse(execFileSync(process.execPath, [vscode.Uri.joinPath(corpus, '..', '..', '..', 'dist', 'cli.js').fsPath, 'check', corpus.fsPath, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    const withUses = (cli.files as { path: string; uses: unknown[] }[]).filter(f => f.uses.length).map(f => `usage/corpus/${f.path.split('/').pop()}`).sort();
    assert.ok(withUses.length > 50, `${withUses.length} corpus files with uses`);
    await vscode.workspace.fs.copy(corpus, file('usage/corpus'), { overwrite: true });
    const listed = await eventuallyUsed(p => p.filter(x => x.startsWith('usage/corpus/')).length >= withUses.length, 'the corpus to be listed');
    assert.deepStrictEqual(listed.filter(x => x.startsWith('usage/corpus/')).sort(), withUses);
    api.usage.clear();
    await api.collectUsage();
    const cold = api.usage.lastScan!;
    assert.ok(cold.read >= 138, JSON.stringify(cold));
    await api.collectUsage();
    const warm = api.usage.lastScan!;
    console.log(`      "Used here" scan: ${cold.ms} ms reading ${cold.read} files, then ${warm.ms} ms reading ${warm.read} (${warm.files} files with uses)`);
    assert.strictEqual(warm.read, 0);
    assert.strictEqual(warm.files, cold.files);
    // An edit in an open document reads nothing from disk.
    const doc = await open('mirror.yaml');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
    await vscode.workspace.applyEdit(edit);
    await api.collectUsage();
    assert.strictEqual(api.usage.lastScan!.read, 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // A closed file changed on disk is read again, alone.
    const changed = nextEvent(api.usage.onDidChange, 'the watcher to report counted.yaml', uri => !!uri?.path.endsWith('/usage/counted.yaml'));
    await vscode.workspace.fs.writeFile(file('usage/counted.yaml'), enc('# now nothing to count\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'));
    await changed;
    const paths = await usedPaths();
    assert.strictEqual(api.usage.lastScan!.read, 1);
    assert.ok(!paths.includes('usage/counted.yaml'), JSON.stringify(paths));
    // A cancelled scan stops and returns nothing.
    const cancel = new vscode.CancellationTokenSource();
    cancel.cancel();
    assert.strictEqual(await api.usage.collect(undefined, cancel.token), undefined);
  });

  it('reads the team config through VS Code\'s file system: a virtual workspace gets the team\'s target', async () => {
    await setTarget(undefined);
    const memory = new MemoryFileSystem();
    memory.files.set('/repo/.meshlens.yaml', enc('target: osm\n'));
    memory.files.set('/repo/k8s/vs.yaml', enc(MIRROR));
    const registration = vscode.workspace.registerFileSystemProvider('vscode-vfs', memory, { isReadonly: true });
    try {
      const doc = await open(vscode.Uri.parse('vscode-vfs://github/repo/k8s/vs.yaml'));
      const d = await waitFor(() => meshDiags(doc.uri).find(x => codeOf(x) === 'traffic_mirroring'), 'the team target on a virtual file');
      assert.match(d.message, /^Traffic mirroring \(spec\.http\[0\]\.mirror\) is not supported by Open Service Mesh/);
      assert.strictEqual(api.statusText(), 'Mesh: Open Service Mesh');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      registration.dispose();
      await setTarget('linkerd');
    }
  });
});
