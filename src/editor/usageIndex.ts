// "Used here" in Compare meshes: the feature uses of the workspace's YAML files. Open documents count
// as the editor last analysed them; a closed file is read once and kept by URI with its modification
// time and size, and read again only after the file watcher reports it changed (and its mtime or size
// differs). A scan can be cancelled. Closed and open files follow the same rules: the team config's
// `ignore`, `files.exclude` (findFiles applies it) and `search.exclude` (applied here). Only
// vscode.workspace APIs (findFiles, fs), so it counts the same on a virtual file system in VS Code for
// the Web; a scan is bounded (FILE_LIMIT files, maxFileSizeKB each) and checks its token between files.
import * as vscode from 'vscode';
import { Analyzer, catalogView } from '../core/index';
import type { FeatureUse } from '../core/index';
import type { Usage } from '../core/compare/matrix';
import { CONFIG_FILE_NAME, globToRegExp } from '../core/config';
import { isMeshCandidate, type DiagnosticsController } from './diagnostics';
import { ignoredByTeam, whenTeamConfigRead, SECTION } from './settings';
import { whenCatalogRead } from './catalogFile';

const FILE_LIMIT = 5000;
const YAML_GLOB = '**/*.{yaml,yml}';

interface Entry { mtime: number; size: number; uses: FeatureUse[] }

/** What one scan did, for tests and the bench: files counted, files read from disk, milliseconds. */
export interface ScanStats { files: number; read: number; ms: number }

export class UsageIndex implements vscode.Disposable {
  private listing: Promise<vscode.Uri[]> | undefined;
  private readonly entries = new Map<string, Entry>();
  /** Closed files the watcher reported changed since they were read. */
  private readonly stale = new Set<string>();
  private analyzer: Analyzer | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires when files on disk (the URI) or the exclude settings (undefined) change what a scan would count. */
  readonly onDidChange = this.changed.event;
  lastScan: ScanStats | undefined;
  private readonly subs: vscode.Disposable[] = [this.changed];

  constructor(private readonly diagnostics: DiagnosticsController) {
    const watcher = vscode.workspace.createFileSystemWatcher(YAML_GLOB);
    const relist = (uri?: vscode.Uri) => { this.listing = undefined; this.changed.fire(uri); };
    this.subs.push(
      watcher,
      watcher.onDidCreate(uri => { this.stale.add(uri.toString()); relist(uri); }),
      watcher.onDidChange(uri => { this.stale.add(uri.toString()); this.changed.fire(uri); }),
      watcher.onDidDelete(uri => { this.entries.delete(uri.toString()); this.stale.delete(uri.toString()); relist(uri); }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => relist()),
      vscode.workspace.onDidSaveTextDocument(doc => void this.adopt(doc)),
    );
  }

  /** The extension's configuration listener calls this when `files.exclude` or `search.exclude` changed. */
  excludesChanged(): void {
    this.listing = undefined;
    this.changed.fire(undefined);
  }

  /** The uses of every open and workspace YAML file; undefined when the token cancelled the scan. */
  async collect(activeUri: string | undefined, token?: vscode.CancellationToken): Promise<Usage | undefined> {
    const started = performance.now();
    await whenCatalogRead();
    let read = 0;
    const files: Usage['files'] = [];
    const open = new Set<string>();
    for (const doc of vscode.workspace.textDocuments) {
      if (!isMeshCandidate(doc)) continue;
      open.add(doc.uri.toString());
      // Ignored and too-large files are analysed as skipped: no result, no uses, as on disk.
      const uses = this.diagnostics.analysis(doc)?.result?.uses ?? [];
      if (uses.length) files.push({ uri: doc.uri.toString(), path: vscode.workspace.asRelativePath(doc.uri), uses });
    }
    const found = await this.list();
    for (const uri of found) {
      if (token?.isCancellationRequested) return undefined;
      const k = uri.toString();
      if (open.has(k)) continue;
      const reading = whenTeamConfigRead(uri);
      if (reading) await reading;
      if (ignoredByTeam(uri)) continue;
      let entry = this.stale.has(k) ? undefined : this.entries.get(k);
      if (!entry) {
        try {
          const got = await this.load(uri);
          entry = got.entry;
          if (got.read) read++;
        } catch {
          continue; // unreadable or deleted meanwhile: nothing to count
        }
      }
      const limitKB = vscode.workspace.getConfiguration(SECTION, uri).get<number>('maxFileSizeKB') ?? 5120;
      if (entry.size > Math.max(1, limitKB) * 1024) continue;
      if (entry.uses.length) files.push({ uri: k, path: vscode.workspace.asRelativePath(uri), uses: entry.uses });
    }
    if (token?.isCancellationRequested) return undefined;
    files.sort((a, b) => a.path.localeCompare(b.path));
    this.lastScan = { files: files.length, read, ms: Math.round(performance.now() - started) };
    return { files, activeUri };
  }

  /** Drops what the index knows: the next scan lists and reads every file again. */
  clear(): void {
    this.entries.clear();
    this.stale.clear();
    this.listing = undefined;
  }

  /** A saved document's analysis is what its file holds now: keep it, so closing the document reads nothing. */
  private async adopt(doc: vscode.TextDocument): Promise<void> {
    const state = this.diagnostics.state(doc.uri);
    if (!state?.result || state.version !== doc.version) return;
    const uses = state.result.uses;
    try {
      const stat = await vscode.workspace.fs.stat(doc.uri);
      this.entries.set(doc.uri.toString(), { mtime: stat.mtime, size: stat.size, uses });
    } catch {
      // gone again: the watcher will say so
    }
  }

  /** The entry of a closed file: kept when its mtime and size did not change, else read and inventoried. */
  private async load(uri: vscode.Uri): Promise<{ entry: Entry; read: boolean }> {
    const k = uri.toString();
    const stat = await vscode.workspace.fs.stat(uri);
    const known = this.entries.get(k);
    this.stale.delete(k);
    if (known && known.mtime === stat.mtime && known.size === stat.size) return { entry: known, read: false };
    const limitKB = vscode.workspace.getConfiguration(SECTION, uri).get<number>('maxFileSizeKB') ?? 5120;
    let uses: FeatureUse[] = [];
    // Over the limit: not read, so not counted (the limit is checked again when counting, it may change).
    if (stat.size <= Math.max(1, limitKB) * 1024) {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      uses = (this.analyzer ??= new Analyzer(catalogView())).inventory(text).uses;
    }
    const entry = { mtime: stat.mtime, size: stat.size, uses };
    this.entries.set(k, entry);
    return { entry, read: true };
  }

  /** The workspace's YAML files: findFiles with no exclude argument applies `files.exclude`; `search.exclude` is ours to apply. */
  private list(): Promise<vscode.Uri[]> {
    if (!vscode.workspace.workspaceFolders?.length) return Promise.resolve([]);
    if (!this.listing) {
      const listing = this.listing = Promise.resolve(vscode.workspace.findFiles(YAML_GLOB, undefined, FILE_LIMIT))
        .then(found => found.filter(uri => !uri.path.endsWith(`/${CONFIG_FILE_NAME}`) && !searchExcluded(uri)));
      // A failed listing is not kept: the next scan lists again.
      listing.catch(() => { if (this.listing === listing) this.listing = undefined; });
    }
    return this.listing.catch(() => []);
  }

  dispose(): void { for (const s of this.subs) s.dispose(); }
}

/** True when a `search.exclude` glob that is on (`true`) covers the file, relative to its workspace folder. */
function searchExcluded(uri: vscode.Uri): boolean {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return false;
  const globs = vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  const rel = uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
  return Object.entries(globs).some(([glob, on]) => on === true && expandBraces(glob).some(g => globToRegExp(g).test(rel)));
}

/** `**\/{a,b}/x` as `**\/a/x` and `**\/b/x` (one level of braces, which is what settings use). */
function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return m[1].split(',').flatMap(part => expandBraces(glob.slice(0, m.index) + part + glob.slice(m.index + m[0].length)));
}
