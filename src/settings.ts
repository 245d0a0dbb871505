// The user's choices, read per document (meshLens.* settings have resource scope).
import * as vscode from 'vscode';
import { catalogView, parseTarget } from './core/index';
import type { Severity, SeverityMap, Target, TargetId } from './core/index';

export const SECTION = 'meshLens';

export interface DocumentSettings {
  target: Target | null;
  /** Where the target came from, for the status bar tooltip. */
  targetSource: 'setting' | 'none';
  severities: SeverityMap;
  maxFileSizeKB: number;
  /** A problem with the settings themselves (e.g. an unknown version format). */
  problem?: string;
}

const SEVERITY_WORDS = new Set(['error', 'warning', 'information', 'hint', 'off']);

export function readSettings(scope: vscode.ConfigurationScope | undefined): DocumentSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const mesh = c.get<string | null>('targetMesh') ?? null;
  const version = (c.get<string>('targetMeshVersion') ?? '').trim();
  let target: Target | null = null;
  let problem: string | undefined;
  if (mesh) {
    target = parseTarget(catalogView(), version ? `${mesh}@${version}` : mesh) ?? null;
    if (!target) {
      const bare = parseTarget(catalogView(), mesh);
      problem = bare
        ? `meshLens.targetMeshVersion "${version}" is not a version (expected e.g. 2.14); judging against the latest ${catalogView().meshName(mesh)}`
        : `meshLens.targetMesh "${mesh}" is not a known mesh`;
      target = bare ?? null;
    }
  }
  const sev = (key: keyof SeverityMap, fallback: Severity | 'off'): Severity | 'off' => {
    const v = c.get<string>(`severity.${key}`);
    return v && SEVERITY_WORDS.has(v) ? (v as Severity | 'off') : fallback;
  };
  return {
    target, targetSource: target ? 'setting' : 'none',
    severities: { unsupported: sev('unsupported', 'warning'), partial: sev('partial', 'information'), unknown: sev('unknown', 'hint') },
    maxFileSizeKB: Math.max(1, c.get<number>('maxFileSizeKB') ?? 5120),
    problem,
  };
}

/** Writes the target where the user most likely means it: the document's folder, else the workspace, else user settings. */
export async function writeTarget(mesh: TargetId | null, version: string | undefined, scope: vscode.Uri | undefined): Promise<void> {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
  const where = folder ? vscode.ConfigurationTarget.WorkspaceFolder
    : vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const c = vscode.workspace.getConfiguration(SECTION, folder?.uri);
  await c.update('targetMesh', mesh ?? undefined, where);
  await c.update('targetMeshVersion', version || undefined, where);
}
