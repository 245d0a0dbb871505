// The team's `.meshlens.yaml` (nearest one above a file), shared with the CLI through src/core/config.
// The user's own settings win over it; a broken file is reported on itself, never silently ignored.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { catalogView } from '../core/index';
import { CONFIG_FILE_NAME, ConfigResolver, type LoadedConfig } from '../core/config';

export class TeamConfig implements vscode.Disposable {
  private resolver = this.newResolver();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly problems = vscode.languages.createDiagnosticCollection('mesh-lens-config');
  private readonly subs: vscode.Disposable[] = [this.changed, this.problems];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    const reset = () => { this.resolver = this.newResolver(); this.problems.clear(); this.changed.fire(); };
    this.subs.push(watcher, watcher.onDidCreate(reset), watcher.onDidChange(reset), watcher.onDidDelete(reset));
  }

  private newResolver(): ConfigResolver {
    return new ConfigResolver(catalogView(), path => {
      try { return fs.readFileSync(path, 'utf8'); } catch { return undefined; }
    });
  }

  /** The config that applies to a document (file: URIs only), its errors published on the config file. */
  forDocument(uri: vscode.Uri): LoadedConfig | null {
    if (uri.scheme !== 'file') return null;
    const loaded = this.resolver.forFile(uri.fsPath);
    if (loaded?.errors) {
      const target = vscode.Uri.file(loaded.path);
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
    return uri.scheme === 'file' && this.resolver.ignores(loaded, uri.fsPath);
  }

  dispose(): void { for (const s of this.subs) s.dispose(); }
}
