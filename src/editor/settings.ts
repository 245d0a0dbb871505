// The user's choices, read per document (meshLens.* settings have resource scope).
import * as vscode from 'vscode';
import { catalogView, parseTarget } from '../core/index';
import type { Severity, SeverityMap, Target, TargetId } from '../core/index';
import { formatConfigError } from '../core/config';
import type { TeamConfig } from './teamConfig';

export const SECTION = 'meshLens';

export interface DocumentSettings {
  target: Target | null;
  /** Where the target came from, for the status bar tooltip. */
  targetSource: 'setting' | 'team config' | 'none';
  severities: SeverityMap;
  /** Feature / rule ids the team config turns off. */
  disabled: string[];
  /** Set when the team config's `ignore` covers the file: its path. */
  ignoredBy?: string;
  /** The `.meshlens.yaml` that applies, if any. */
  configPath?: string;
  maxFileSizeKB: number;
  /** A problem with the settings or the team config (e.g. an unknown target). */
  problem?: string;
}

let team: TeamConfig | undefined;
/** The extension hands its TeamConfig here once, at activation. */
export function useTeamConfig(t: TeamConfig): void { team = t; }

/** Whether the user set a value anywhere (so it wins over the team's `.meshlens.yaml`). */
function userSet(c: vscode.WorkspaceConfiguration, key: string): boolean {
  const i = c.inspect(key);
  return !!i && [i.globalValue, i.workspaceValue, i.workspaceFolderValue, i.globalLanguageValue, i.workspaceLanguageValue, i.workspaceFolderLanguageValue].some(v => v !== undefined && v !== null && v !== '');
}

const SEVERITY_WORDS = new Set(['error', 'warning', 'information', 'hint', 'off']);

export function readSettings(scope: vscode.ConfigurationScope | undefined): DocumentSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const loaded = team && scope instanceof vscode.Uri ? team.forDocument(scope) : null;
  const cfg = loaded?.config;
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
  let targetSource: DocumentSettings['targetSource'] = target ? 'setting' : 'none';
  if (!target && cfg?.target) { target = cfg.target; targetSource = 'team config'; }
  const sev = (key: keyof SeverityMap, fallback: Severity | 'off'): Severity | 'off' => {
    if (!userSet(c, `severity.${key}`) && cfg?.severity?.[key]) return cfg.severity[key]!;
    const v = c.get<string>(`severity.${key}`);
    return v && SEVERITY_WORDS.has(v) ? (v as Severity | 'off') : fallback;
  };
  if (loaded?.errors?.length) {
    problem = `${formatConfigError(loaded.path, loaded.errors[0])}${loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more)` : ''} — Mesh Lens ignores that file until it is fixed`;
  }
  return {
    target, targetSource,
    severities: { unsupported: sev('unsupported', 'warning'), partial: sev('partial', 'information'), unknown: sev('unknown', 'hint') },
    disabled: cfg?.disable ?? [],
    ignoredBy: loaded && team && scope instanceof vscode.Uri && team.ignores(loaded, scope) ? loaded.path : undefined,
    configPath: loaded?.path,
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
