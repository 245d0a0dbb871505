// "Select target mesh": a quick pick of the meshes and "None", with the current target focused and marked,
// and "Compare meshes" as its last entry (the status bar opens it directly). It says where the current
// target comes from, writes the choice at one settings scope — Enter: where the target is usually kept
// (the document's folder, else the workspace), the item's button: the user settings — and then says where
// it was saved. "None" is written as null, so it also hides a broader setting or the team config's target.
// The team's .meshlens.yaml is never written here.
import * as vscode from 'vscode';
import { catalogView, getCatalog } from '../core/index';
import type { TargetId } from '../core/index';
import type { DiagnosticsController } from './diagnostics';
import { defaultTargetScope, readSettings, writeTarget, type TargetSource } from './settings';
import { whenCatalogRead } from './catalogFile';

/** A mesh, "None" (null), or an action: the separator before it and "Compare meshes". */
export type TargetItem = vscode.QuickPickItem & { id: TargetId | null; action?: 'compare' | 'separator' };
/** The user's choice: a mesh (or null for None) and the scope to write it at, or "Compare meshes". */
export interface TargetChoice { id: TargetId | null; where: vscode.ConfigurationTarget; action?: 'compare' }
/** Shows the items under a title (where the current target comes from) and returns the choice (tests pass their own to read what the picker would show). */
export type TargetChooser = (items: TargetItem[], title: string, defaultScope: vscode.ConfigurationTarget) => Promise<TargetChoice | undefined>;

const SOURCE_TEXT: Record<Exclude<TargetSource, 'none'>, string> = {
  'folder setting': 'the folder settings',
  'workspace setting': 'the workspace settings',
  'user setting': 'your user settings',
  'team config': '',
};

/** The placeholder's hint: where Enter saves, and that the person button saves in the user settings. */
const ENTER_TEXT = new Map<vscode.ConfigurationTarget, string>([
  [vscode.ConfigurationTarget.WorkspaceFolder, 'Enter: the folder\'s settings · person icon: user settings'],
  [vscode.ConfigurationTarget.Workspace, 'Enter: this workspace\'s settings · person icon: user settings'],
  [vscode.ConfigurationTarget.Global, 'Enter: your user settings'],
]);

/** "Now: Linkerd, from your user settings." — where the target that applies to the document comes from. */
export function currentTargetText(diagnostics: DiagnosticsController, uri: vscode.Uri | undefined): string {
  const view = catalogView();
  const settings = readSettings(uri);
  const result = uri ? diagnostics.state(uri)?.result : undefined;
  const target = result?.target ?? settings.target;
  const name = target ? `${view.meshName(target.mesh)}${target.version ? ` ${target.version}` : ''}` : 'none';
  if (result?.targetFromFile) return `Now: ${name}, from this file's "# mesh-lens target:" comment.`;
  if (settings.targetSource === 'none') return 'Now: none (no setting and no team config names a target).';
  if (settings.targetSource === 'team config') return `Now: ${name}, from the team config ${settings.configPath ? vscode.workspace.asRelativePath(settings.configPath) : '.meshlens.yaml'}.`;
  if (!target) return `Now: none, set to None in ${SOURCE_TEXT[settings.targetSource]}.`;
  return `Now: ${name}, from ${SOURCE_TEXT[settings.targetSource]}.`;
}

/** What the picker said after each choice (tests read it; the user sees it as a notification). */
export const targetMessages: string[] = [];
const shown = new vscode.EventEmitter<void>();
/** Fires once the picker is shown with the current target focused (tests accept it like a user pressing Enter). */
export const onDidShowTargetPicker = shown.event;

export async function selectTarget(diagnostics: DiagnosticsController, uri: vscode.Uri | undefined, choose: TargetChooser = showTargetPicker): Promise<TargetId | null | undefined> {
  await whenCatalogRead();
  const view = catalogView();
  const settings = readSettings(uri);
  const current = (uri ? diagnostics.state(uri)?.result?.target : undefined) ?? settings.target;
  const mark = (isCurrent: boolean, rest: string[]) => [isCurrent ? 'current' : undefined, ...rest].filter(Boolean).join(' · ');
  const items: TargetItem[] = [
    { id: null, label: 'None', description: mark(!current, []), detail: 'Check each resource against its own mesh.', picked: !current },
    ...getCatalog().targets.map(t => {
      const isCurrent = current?.mesh === t.id;
      return { id: t.id, label: t.name, description: mark(isCurrent, [isCurrent && current?.version ? current.version : t.id]), detail: t.description, picked: isCurrent };
    }),
    { id: null, action: 'separator', label: '', kind: vscode.QuickPickItemKind.Separator },
    { id: null, action: 'compare', label: '$(table) Compare meshes', detail: 'Every feature by mesh, with this file\'s uses.' },
  ];
  const where = defaultTargetScope(uri);
  const choice = await choose(items, currentTargetText(diagnostics, uri), where);
  if (!choice) return undefined;
  if (choice.action === 'compare') { await vscode.commands.executeCommand('meshLens.compareMeshes'); return undefined; }
  await writeTarget(choice.id, choice.id && settings.target?.mesh === choice.id ? settings.target.version : undefined, uri, choice.where);
  const message = savedMessage(view.meshName(choice.id ?? 'none'), choice, uri, diagnostics);
  targetMessages.push(message);
  void vscode.window.showInformationMessage(message);
  return choice.id;
}

/** "Target set to Linkerd in this workspace's settings (.vscode/settings.json)." and, when something else still wins here, what. */
function savedMessage(name: string, choice: TargetChoice, uri: vscode.Uri | undefined, diagnostics: DiagnosticsController): string {
  const what = choice.id ? `Target set to ${name}` : 'Target set to None (each resource is checked against its own mesh)';
  const out = [`${what} in ${scopeText(choice.where, uri)}.`];
  const now = readSettings(uri);
  if (uri && diagnostics.state(uri)?.result?.targetFromFile) out.push('This file\'s "# mesh-lens target:" comment still wins for it.');
  else if ((now.target?.mesh ?? null) !== choice.id) {
    out.push(`Here ${SOURCE_TEXT[now.targetSource as Exclude<TargetSource, 'none'>] || 'another setting'} still ${now.target ? `set ${catalogView().meshName(now.target.mesh)}` : 'set None'}, which wins.`);
  }
  return out.join(' ');
}

/** Where a scope's settings live, named the way the user finds them. */
function scopeText(where: vscode.ConfigurationTarget, uri: vscode.Uri | undefined): string {
  if (where === vscode.ConfigurationTarget.Global) return 'your user settings';
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : vscode.workspace.workspaceFolders?.[0];
  const multiRoot = !!vscode.workspace.workspaceFile;
  if (where === vscode.ConfigurationTarget.Workspace && multiRoot) {
    return `the workspace settings (${vscode.workspace.workspaceFile!.path.split('/').pop()})`;
  }
  if (where === vscode.ConfigurationTarget.WorkspaceFolder && multiRoot && folder) return `the settings of the folder ${folder.name} (${folder.name}/.vscode/settings.json)`;
  return 'this workspace\'s settings (.vscode/settings.json)';
}

const USER_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('account'), tooltip: 'Set in your user settings' };

async function showTargetPicker(items: TargetItem[], title: string, defaultScope: vscode.ConfigurationTarget): Promise<TargetChoice | undefined> {
  const pick = vscode.window.createQuickPick<TargetItem>();
  // Title and placeholder are one line each in a 1400 px window: the current target, then where Enter saves.
  pick.title = title;
  pick.placeholder = ENTER_TEXT.get(defaultScope);
  pick.matchOnDescription = true;
  pick.items = defaultScope === vscode.ConfigurationTarget.Global ? items : items.map(i => (i.action ? i : { ...i, buttons: [USER_BUTTON] }));
  const active = pick.items.find(i => i.picked);
  if (active) pick.activeItems = [active];
  return new Promise<TargetChoice | undefined>(resolve => {
    let done = false;
    const finish = (c: TargetChoice | undefined) => { if (!done) { done = true; resolve(c); pick.hide(); } };
    pick.onDidAccept(() => {
      const i = pick.selectedItems[0] ?? pick.activeItems[0];
      finish(i ? { id: i.id, where: defaultScope, ...(i.action === 'compare' ? { action: 'compare' as const } : {}) } : undefined);
    });
    pick.onDidTriggerItemButton(e => finish({ id: e.item.id, where: vscode.ConfigurationTarget.Global }));
    pick.onDidHide(() => { finish(undefined); pick.dispose(); });
    pick.show();
    // Focus the current target once the list is shown: items set before show() would otherwise focus the first.
    if (active) pick.activeItems = [active];
    shown.fire();
  });
}
