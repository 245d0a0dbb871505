// Diagnostics for open YAML documents: debounced while typing, cached per document version, and
// re-using the analysis of unchanged `---` documents (each open document keeps its own Analyzer).
import * as vscode from 'vscode';
import { Analyzer, catalogView, composeRegions, formatTarget } from '../core/index';
import type { ChangedRegion, FileAnalysis } from '../core/index';
import { readSettings, whenTeamConfigRead, DocumentSettings } from './settings';
import { whenCatalogRead } from './catalogFile';
import { DIAGNOSTIC_SOURCE, DiagnosticCache, moreFindingsDiagnostic, toRange } from './findingDiagnostics';

export { DIAGNOSTIC_SOURCE, toRange, toDiagnostic, compareCommandLink, compareCommandUri } from './findingDiagnostics';

const DEBOUNCE_MS = 200;

export interface DocumentState {
  version: number;
  key: string;
  result?: FileAnalysis;
  settings: DocumentSettings;
  skipped?: string;
}

/**
 * The URI schemes whose documents are the user's files: on disk, unsaved, in a remote workspace
 * (`vscode-remote`) or a virtual one such as a GitHub repository (`vscode-vfs`). Not `git:` or diff
 * views of older versions, output channels, or settings (`vscode-userdata` holds JSON, not manifests):
 * warnings there would duplicate the file's own or be about text nobody can fix.
 */
export const SERVED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);

export function isMeshCandidate(doc: vscode.TextDocument): boolean {
  return SERVED_SCHEMES.has(doc.uri.scheme) && (doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.path));
}

/** A change that touched nothing: lets the engine re-judge a document without scanning it again. */
const UNCHANGED: ChangedRegion = { start: 0, oldEnd: 0, newEnd: 0 };

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mesh-lens');
  private readonly states = new Map<string, DocumentState>();
  private readonly analyzers = new Map<string, Analyzer>();
  /** Each document's diagnostics, re-used while its findings are unchanged (shared: keyed by the findings). */
  private readonly diagnosticCache = new DiagnosticCache();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** What changed since a document's last analysis (undefined: unknown, analyse it whole). */
  private readonly pending = new Map<string, ChangedRegion>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were (re)computed. */
  readonly onDidAnalyze = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      this.collection, this.changed,
      vscode.workspace.onDidOpenTextDocument(d => this.analyzeNow(d)),
      vscode.workspace.onDidChangeTextDocument(e => { this.noteChanges(e); this.schedule(e.document); }),
      vscode.workspace.onDidCloseTextDocument(d => this.forget(d.uri)),
    );
    // Activation itself parses nothing: documents already open are analysed right after it.
    setTimeout(() => { for (const d of vscode.workspace.textDocuments) this.analyzeNow(d); }, 0);
  }

  state(uri: vscode.Uri): DocumentState | undefined { return this.states.get(uri.toString()); }

  /** The latest analysis of an open document, computing it if needed (hover and quick fixes use this). */
  analysis(doc: vscode.TextDocument): DocumentState | undefined {
    if (!isMeshCandidate(doc)) return undefined;
    const s = this.states.get(doc.uri.toString());
    if (s && s.version === doc.version && s.key === settingsKey(readSettings(doc.uri))) return s;
    return this.analyzeNow(doc);
  }

  /** Re-judges the open documents whose settings changed (the extension calls it once per configuration change). */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.analyzeNow(d);
  }

  /** How often the engine scanned a document whole or re-used its previous documents (tests check re-judging does not re-scan). */
  runs(uri: vscode.Uri): { incremental: number; full: number } | undefined {
    const r = this.analyzers.get(uri.toString())?.runs;
    return r && { ...r };
  }

  private noteChanges(e: vscode.TextDocumentChangeEvent) {
    if (!isMeshCandidate(e.document) || e.contentChanges.length === 0) return;
    const k = e.document.uri.toString();
    if (!this.states.has(k)) return;
    // All changes of one event are in the coordinates of the text before it: cover them with one region.
    let start = Infinity, oldEnd = -Infinity, delta = 0;
    for (const c of e.contentChanges) {
      start = Math.min(start, c.rangeOffset);
      oldEnd = Math.max(oldEnd, c.rangeOffset + c.rangeLength);
      delta += c.text.length - c.rangeLength;
    }
    const ev: ChangedRegion = { start, oldEnd, newEnd: oldEnd + delta };
    const prev = this.pending.get(k);
    this.pending.set(k, prev ? composeRegions(prev, ev) : ev);
  }

  private schedule(doc: vscode.TextDocument) {
    if (!isMeshCandidate(doc)) return;
    const k = doc.uri.toString();
    clearTimeout(this.timers.get(k));
    this.timers.set(k, setTimeout(() => { this.timers.delete(k); this.analyzeNow(doc); }, DEBOUNCE_MS));
  }

  analyzeNow(doc: vscode.TextDocument, force = false): DocumentState | undefined {
    if (!isMeshCandidate(doc) || doc.isClosed) return undefined;
    const k = doc.uri.toString();
    const reading = whenTeamConfigRead(doc.uri) ?? whenCatalogRead();
    if (reading) {
      // The team config decides the target and whether the file is ignored, the catalog judges: once both are read.
      void reading.then(() => { if (!doc.isClosed) this.analyzeNow(doc, force); });
      return this.states.get(k);
    }
    const settings = readSettings(doc.uri);
    const key = settingsKey(settings);
    const prev = this.states.get(k);
    if (!force && prev && prev.version === doc.version && prev.key === key) return prev;
    const state: DocumentState = { version: doc.version, key, settings };
    if (settings.ignoredBy) {
      // The team's .meshlens.yaml ignores this file: no diagnostics, like the CLI.
      state.skipped = `ignored by ${settings.ignoredBy}`;
      this.states.set(k, state);
      this.collection.set(doc.uri, []);
      this.changed.fire(doc.uri);
      return state;
    }
    const text = doc.getText();
    if (text.length > settings.maxFileSizeKB * 1024) {
      state.skipped = `Mesh Lens skipped this file: ${(text.length / 1024 / 1024).toFixed(1)} MB is over meshLens.maxFileSizeKB (${settings.maxFileSizeKB} KB).`;
      this.states.set(k, state);
      this.collection.set(doc.uri, text.includes('apiVersion') ? [skippedDiagnostic(state.skipped)] : []);
      this.changed.fire(doc.uri);
      return state;
    }
    let analyzer = this.analyzers.get(k);
    if (!analyzer) { analyzer = new Analyzer(catalogView()); this.analyzers.set(k, analyzer); }
    // Same text, other settings (a new target): re-judge the documents the engine already has.
    const change = prev && prev.version === doc.version && prev.result ? UNCHANGED : this.pending.get(k);
    this.pending.delete(k);
    try {
      state.result = analyzer.analyze(text, { target: settings.target, severities: settings.severities, disabled: settings.disabled }, change);
    } catch (e) {
      // The engine is built not to throw; if it ever does, say so once instead of failing silently.
      state.result = undefined;
      this.collection.set(doc.uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Mesh Lens could not analyse this file: ${(e as Error).message}`, vscode.DiagnosticSeverity.Information)]);
      this.states.set(k, state);
      this.changed.fire(doc.uri);
      return state;
    }
    this.states.set(k, state);
    this.collection.set(doc.uri, toDiagnostics(state.result, settings, this.diagnosticCache));
    this.changed.fire(doc.uri);
    return state;
  }

  private forget(uri: vscode.Uri) {
    const k = uri.toString();
    clearTimeout(this.timers.get(k));
    this.timers.delete(k);
    this.states.delete(k);
    this.analyzers.delete(k);
    this.pending.delete(k);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}

function settingsKey(s: DocumentSettings): string {
  return JSON.stringify([formatTarget(s.target), s.severities, s.maxFileSizeKB, s.maxFindingsPerFile, s.disabled, s.ignoredBy ?? '', s.problem ?? '']);
}

function skippedDiagnostic(message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), message, vscode.DiagnosticSeverity.Information);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = 'file-too-large';
  return d;
}

export function toDiagnostics(r: FileAnalysis, settings: DocumentSettings, cache = new DiagnosticCache()): vscode.Diagnostic[] {
  // Past the cap, one summary at the top stands for the rest (0: no cap).
  const limit = settings.maxFindingsPerFile > 0 ? settings.maxFindingsPerFile : Infinity;
  const { shown, hidden } = cache.diagnostics(r, limit);
  const more = moreFindingsDiagnostic(hidden, limit, shown.length);
  const out = more ? [more, ...shown] : shown;
  const isMeshFile = r.hasMeshContent;
  for (const p of r.problems) {
    // A broken document in a file with no mesh content is the YAML extension's business, not ours.
    const fromComment = p.message.startsWith('Unknown target');
    if (!isMeshFile && !fromComment) continue;
    const d = new vscode.Diagnostic(toRange(p.range), fromComment ? p.message : `Mesh Lens could not read this document: ${p.message}`, vscode.DiagnosticSeverity.Warning);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = 'parse-error';
    out.push(d);
  }
  if (settings.problem && isMeshFile) {
    const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), settings.problem, vscode.DiagnosticSeverity.Warning);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = 'settings';
    out.push(d);
  }
  return out;
}
