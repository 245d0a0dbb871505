// The team's `.meshlens.yaml` (nearest one above a file), shared with the CLI through src/core/config.
// The user's own settings win over it; a broken file is reported on itself, never silently ignored.
// Files are read through vscode.workspace.fs, so a remote or virtual workspace has its team config too;
// the reads are asynchronous, so a document's folder chain is read first (`prepare`) and then resolved.
import * as vscode from 'vscode';
import { catalogView } from '../core/index';
import { CONFIG_FILE_NAME, ConfigResolver, joinPath, parentDir, type LoadedConfig } from '../core/config';

/** Untitled documents have no folder, so no team config. */
const NO_FOLDER_SCHEMES = new Set(['untitled']);

export class TeamConfig implements vscode.Disposable {
  /** One resolver per file system (scheme + authority), on URI paths; created on first use (activation parses nothing). */
  private resolvers = new Map<string, ConfigResolver>();
  /** The text of every `.meshlens.yaml` looked for, by URI; null where there is none. */
  private texts = new Map<string, string | null>();
  /** Folders whose chain of candidate files is read (or being read). */
  private reading = new Map<string, Promise<void>>();
  private readonly read = new Set<string>();
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly problems = vscode.languages.createDiagnosticCollection('mesh-lens-config');
  private readonly subs: vscode.Disposable[] = [this.changed, this.problems];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    const reset = () => {
      this.generation++;
      this.resolvers.clear(); this.texts.clear(); this.reading.clear(); this.read.clear();
      this.problems.clear();
      this.changed.fire();
    };
    this.subs.push(watcher, watcher.onDidCreate(reset), watcher.onDidChange(reset), watcher.onDidDelete(reset));
  }

  private folderKey(uri: vscode.Uri): string {
    return uri.with({ path: parentDir(uri.path), query: '', fragment: '' }).toString();
  }

  /** Undefined when the config for this document can be resolved now; else a promise that resolves when it can. */
  whenRead(uri: vscode.Uri): Promise<void> | undefined {
    if (NO_FOLDER_SCHEMES.has(uri.scheme)) return undefined;
    const key = this.folderKey(uri);
    if (this.read.has(key)) return undefined;
    let p = this.reading.get(key);
    if (!p) {
      const generation = this.generation;
      p = this.readChain(uri, generation).then(() => { if (generation === this.generation) this.read.add(key); });
      this.reading.set(key, p);
    }
    return p;
  }

  /** Reads `.meshlens.yaml` candidates from the document's folder up to the nearest one that exists. */
  private async readChain(uri: vscode.Uri, generation: number): Promise<void> {
    let dir = parentDir(uri.path);
    for (;;) {
      const candidate = uri.with({ path: joinPath(dir, CONFIG_FILE_NAME), query: '', fragment: '' });
      const key = candidate.toString();
      let text = this.texts.get(key);
      if (text === undefined) {
        try {
          text = new TextDecoder().decode(await vscode.workspace.fs.readFile(candidate));
        } catch {
          text = null; // not there (or unreadable): look further up
        }
        if (generation !== this.generation) return;
        this.texts.set(key, text);
      }
      if (text !== null) return;
      const up = parentDir(dir);
      if (up === dir) return;
      dir = up;
    }
  }

  private resolverFor(uri: vscode.Uri): ConfigResolver {
    const fsKey = `${uri.scheme}://${uri.authority}`;
    let r = this.resolvers.get(fsKey);
    if (!r) {
      r = new ConfigResolver(catalogView(), path => this.texts.get(uri.with({ path, query: '', fragment: '' }).toString()) ?? undefined);
      this.resolvers.set(fsKey, r);
    }
    return r;
  }

  /** The config that applies to a document (null until its folder chain is read), its errors published on the config file. */
  forDocument(uri: vscode.Uri): LoadedConfig | null {
    if (NO_FOLDER_SCHEMES.has(uri.scheme) || !this.read.has(this.folderKey(uri))) return null;
    const loaded = this.resolverFor(uri).forFile(uri.path);
    if (loaded?.errors) {
      const target = uri.with({ path: loaded.path, query: '', fragment: '' });
      if (!this.problems.has(target)) {
        this.problems.set(target, loaded.errors.map(e => {
          const d = new vscode.Diagnostic(new vscode.Range(e.line - 1, e.column - 1, e.line - 1, e.column), e.message, vscode.DiagnosticSeverity.Error);
          d.source = 'Mesh Lens';
          d.code = 'config';
          return d;
        }));
      }
    }
    return loaded;
  }

  ignores(loaded: LoadedConfig | null, uri: vscode.Uri): boolean {
    return !!loaded && this.resolverFor(uri).ignores(loaded, uri.path);
  }

  dispose(): void { for (const s of this.subs) s.dispose(); }
}
