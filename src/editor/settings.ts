// The user's choices, read per document (meshLens.* settings have resource scope).
import * as vscode from 'vscode';
import { catalogView, parseTarget } from '../core/index';
import type { Severity, SeverityMap, Target, TargetId } from '../core/index';
import { formatConfigError } from '../core/config';
import type { TeamConfig } from './teamConfig';

export const SECTION = 'meshLens';

export interface DocumentSettings {
  target: Target | null;
  /** Where the target (or an explicit "None") came from, for the status bar and the target picker. */
  targetSource: TargetSource;
  severities: SeverityMap;
  /** Feature / rule ids the team config turns off. */
  disabled: string[];
  /** Set when the team config's `ignore` covers the file: its path. */
  ignoredBy?: string;
  /** The `.meshlens.yaml` that applies, if any. */
  configPath?: string;
  maxFileSizeKB: number;
  /** Findings shown per file before one summary stands for the rest; 0: all. */
  maxFindingsPerFile: number;
  /** A problem with the settings or the team config (e.g. an unknown target). */
  problem?: string;
}

export type TargetSource = 'folder setting' | 'workspace setting' | 'user setting' | 'team config' | 'none';

let team: TeamConfig | undefined;
/** The extension hands its TeamConfig here once, at activation. */
export function useTeamConfig(t: TeamConfig): void { team = t; }

/** Undefined when the team config of a document is known; else a promise that resolves once it is read. */
export function whenTeamConfigRead(uri: vscode.Uri): Promise<void> | undefined {
  return team?.whenRead(uri);
}

/** The `.meshlens.yaml` whose `ignore` list covers the file, if any (call after whenTeamConfigRead). */
export function ignoredByTeam(uri: vscode.Uri): string | undefined {
  const loaded = team?.forDocument(uri) ?? null;
  return loaded && team!.ignores(loaded, uri) ? loaded.path : undefined;
}

/**
 * Which settings scope decides meshLens.targetMesh for a resource, and its value there: `null` is an
 * explicit "None" (it hides a team config's target and any broader scope's); undefined: nobody set it.
 */
function targetMeshSetting(c: vscode.WorkspaceConfiguration): { value: string | null; source: TargetSource } | undefined {
  const i = c.inspect<string | null>('targetMesh');
  if (!i) return undefined;
  const multiRoot = !!vscode.workspace.workspaceFile;
  const scopes: [unknown, TargetSource][] = [
    [i.workspaceFolderValue, multiRoot ? 'folder setting' : 'workspace setting'],
    [i.workspaceValue, 'workspace setting'],
    [i.globalValue, 'user setting'],
  ];
  for (const [v, source] of scopes) {
    if (v === null || (typeof v === 'string' && v !== '')) return { value: v as string | null, source };
  }
  return undefined;
}

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
  const setting = targetMeshSetting(c);
  const mesh = setting?.value ?? null;
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
  let targetSource: TargetSource = setting?.source ?? 'none';
  // A user's explicit "None" (null) wins over the team config like any other value the user set.
  if (!setting && cfg?.target) { target = cfg.target; targetSource = 'team config'; }
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
    severities: { unsupported: sev('unsupported', 'warning'), partial: sev('partial', 'information'), unknown: sev('unknown', 'hint'), notRead: sev('notRead', 'information') },
    disabled: cfg?.disable ?? [],
    ignoredBy: loaded && team && scope instanceof vscode.Uri && team.ignores(loaded, scope) ? loaded.path : undefined,
    configPath: loaded?.path,
    maxFileSizeKB: Math.max(1, c.get<number>('maxFileSizeKB') ?? 5120),
    maxFindingsPerFile: Math.max(0, Math.floor(c.get<number>('maxFindingsPerFile') ?? 500)),
    problem,
  };
}

/** Where the target picker writes by default: the document's folder, else the workspace, else user settings. */
export function defaultTargetScope(scope: vscode.Uri | undefined): vscode.ConfigurationTarget {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
  return folder ? vscode.ConfigurationTarget.WorkspaceFolder
    : vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/**
 * Writes the target at one settings scope. `null` ("None") is written as a value, not removed: removing
 * would let a broader scope or the team config's target apply again.
 */
export async function writeTarget(mesh: TargetId | null, version: string | undefined, scope: vscode.Uri | undefined, where = defaultTargetScope(scope)): Promise<void> {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
  const c = vscode.workspace.getConfiguration(SECTION, folder?.uri ?? scope);
  await c.update('targetMesh', mesh, where);
  // A version set at a broader scope must not stick to a different mesh chosen here: write "" (latest) over it.
  const i = c.inspect<string>('targetMeshVersion');
  const broader = where === vscode.ConfigurationTarget.Global ? [] : where === vscode.ConfigurationTarget.Workspace ? [i?.globalValue] : [i?.globalValue, i?.workspaceValue];
  const value = mesh && version ? version : broader.some(v => !!v) ? '' : undefined;
  await c.update('targetMeshVersion', value, where);
}
