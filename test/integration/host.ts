// What the extension-host test files share: the activated extension's API, waiting for events (never
// sleeping), and opening fixtures of the temporary workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MeshLensApi } from '../../src/editor/extension';

const EXTENSION_ID = 'mesh-lens.mesh-lens';
export const ws = () => vscode.workspace.workspaceFolders![0].uri;
export const file = (name: string) => vscode.Uri.joinPath(ws(), name);
export const meshDiags = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter(d => d.source === 'Mesh Lens');
export const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
export const enc = (t: string) => new TextEncoder().encode(t);

export let api: MeshLensApi;

/** Sets the user-level target and activates the extension by opening a YAML file (once per run). */
export async function activated(): Promise<MeshLensApi> {
  const ext = vscode.extensions.getExtension<MeshLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  await setTarget('linkerd');
  await open('plain.yaml'); // activation on YAML
  api = ext.isActive ? ext.exports : await ext.activate();
  return api;
}

/** Resolves when `check` holds, re-checking on every analysis and diagnostics change (and on `also`); rejects after `ms`. */
export function waitFor<T>(check: () => T | undefined | false, what: string, ms = 20000, also: vscode.Event<unknown>[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const now = check();
    if (now) return resolve(now);
    const subs: vscode.Disposable[] = [];
    const done = (f: () => void) => { clearTimeout(timer); subs.forEach(s => s.dispose()); f(); };
    const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${what}`))), ms);
    const again = () => { const v = check(); if (v) done(() => resolve(v)); };
    for (const e of [vscode.languages.onDidChangeDiagnostics, api.diagnostics.onDidAnalyze, vscode.window.tabGroups.onDidChangeTabs, vscode.window.onDidChangeActiveTextEditor, ...also]) subs.push(e(again));
  });
}

/** Resolves at the next event of `event` that satisfies `test`. */
export function nextEvent<T>(event: vscode.Event<T>, what: string, test: (e: T) => boolean = () => true, ms = 20000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}`)); }, ms);
    const sub = event(e => { if (test(e)) { clearTimeout(timer); sub.dispose(); resolve(e); } });
  });
}

/** Waits until the document has been analysed at its current version with the current settings. */
export function analysed(doc: vscode.TextDocument, extra: () => boolean = () => true) {
  return waitFor(() => {
    const s = api.diagnostics.state(doc.uri);
    return !!s && s.version === doc.version && extra() && s;
  }, `analysis of ${path.basename(doc.uri.path)}`);
}

export async function setTarget(mesh: string | undefined, version?: string) {
  const c = vscode.workspace.getConfiguration('meshLens');
  await c.update('targetMesh', mesh, vscode.ConfigurationTarget.Global);
  await c.update('targetMeshVersion', version, vscode.ConfigurationTarget.Global);
}

export async function open(name: string | vscode.Uri) {
  const doc = await vscode.workspace.openTextDocument(typeof name === 'string' ? file(name) : name);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Writes files into the workspace (creating folders); returns their URIs. */
export async function writeFiles(files: Record<string, string>): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const [name, text] of Object.entries(files)) {
    const uri = file(name);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, enc(text));
    out.push(uri);
  }
  return out;
}

export const MIRROR = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - mirror:
      host: reviews-v2
    route:
    - destination: {host: reviews}
`;
