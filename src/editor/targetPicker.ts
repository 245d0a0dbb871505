// "Select target mesh": a quick pick of the meshes and "None". It says where the current target comes
// from, and writes the choice at one settings scope: Enter writes where the target is usually kept (the
// document's folder, else the workspace), the item's button writes to the user settings. "None" is
// written as null, so it also hides a broader setting or the team config's target.
import * as vscode from 'vscode';
import { catalogView, getCatalog } from '../core/index';
import type { TargetId } from '../core/index';
import type { DiagnosticsController } from './diagnostics';
import { defaultTargetScope, readSettings, writeTarget, type TargetSource } from './settings';
import { whenCatalogRead } from './catalogFile';

export type TargetItem = vscode.QuickPickItem & { id: TargetId | null };
/** The user's choice: a mesh (or null for None) and the scope to write it at. */
export interface TargetChoice { id: TargetId | null; where: vscode.ConfigurationTarget }
/** Shows the items and returns the choice (tests pass their own to read what the picker would show). */
export type TargetChooser = (items: TargetItem[], placeholder: string, defaultScope: vscode.ConfigurationTarget) => Promise<TargetChoice | undefined>;

const SOURCE_TEXT: Record<Exclude<TargetSource, 'none'>, string> = {
  'folder setting': 'the folder settings',
  'workspace setting': 'the workspace settings',
  'user setting': 'your user settings',
  'team config': '',
};

const SCOPE_TEXT = new Map<vscode.ConfigurationTarget, string>([
  [vscode.ConfigurationTarget.WorkspaceFolder, 'the folder settings'],
  [vscode.ConfigurationTarget.Workspace, 'the workspace settings'],
  [vscode.ConfigurationTarget.Global, 'your user settings'],
]);

/** "Now: Linkerd, from your user settings." — where the target that applies to the document comes from. */
export function currentTargetText(diagnostics: DiagnosticsController, uri: vscode.Uri | undefined): string {
  const view = catalogView();
  const settings = readSettings(uri);
  const result = uri ? diagnostics.state(uri)?.result : undefined;
  const target = result?.target ?? settings.target;
  const name = target ? `${view.meshName(target.mesh)}${target.version ? ` ${target.version}` : ''}` : 'none';
  if (result?.targetFromFile) return `Now: ${name}, from the "# mesh-lens target:" comment in this file (it wins over any setting).`;
  if (settings.targetSource === 'none') return 'Now: none (no setting and no team config names a target).';
  if (settings.targetSource === 'team config') return `Now: ${name}, from the team config ${settings.configPath ? vscode.workspace.asRelativePath(settings.configPath) : '.meshlens.yaml'}.`;
  if (!target) return `Now: none, set to None in ${SOURCE_TEXT[settings.targetSource]}.`;
  return `Now: ${name}, from ${SOURCE_TEXT[settings.targetSource]}.`;
}

export async function selectTarget(diagnostics: DiagnosticsController, uri: vscode.Uri | undefined, choose: TargetChooser = showTargetPicker): Promise<TargetId | null | undefined> {
  await whenCatalogRead();
  const view = catalogView();
  const current = readSettings(uri).target;
  const items: TargetItem[] = [
    { id: null, label: 'None', description: 'check each resource against its own mesh', picked: !current },
    ...getCatalog().targets.map(t => {
      const status = view.meshes.get(t.base ?? t.id)?.status;
      const state = status && status.state !== 'active' ? `${status.state}${status.date ? ` ${status.date}` : ''}` : undefined;
      return { id: t.id, label: t.name, description: [t.id, state].filter(Boolean).join(' · '), detail: t.description, picked: current?.mesh === t.id };
    }),
  ];
  const where = defaultTargetScope(uri);
  const choice = await choose(items, currentTargetText(diagnostics, uri), where);
  if (!choice) return undefined;
  await writeTarget(choice.id, choice.id && current?.mesh === choice.id ? current.version : undefined, uri, choice.where);
  return choice.id;
}

const USER_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('account'), tooltip: 'Set in your user settings' };

async function showTargetPicker(items: TargetItem[], placeholder: string, defaultScope: vscode.ConfigurationTarget): Promise<TargetChoice | undefined> {
  const pick = vscode.window.createQuickPick<TargetItem>();
  pick.title = 'Mesh Lens: target mesh';
  pick.placeholder = `${placeholder} Enter sets it in ${SCOPE_TEXT.get(defaultScope)}${defaultScope === vscode.ConfigurationTarget.Global ? '' : '; the person button, in your user settings'}.`;
  pick.matchOnDescription = true;
  pick.items = defaultScope === vscode.ConfigurationTarget.Global ? items : items.map(i => ({ ...i, buttons: [USER_BUTTON] }));
  const active = pick.items.find(i => i.picked);
  if (active) pick.activeItems = [active];
  return new Promise<TargetChoice | undefined>(resolve => {
    let done = false;
    const finish = (c: TargetChoice | undefined) => { if (!done) { done = true; resolve(c); pick.hide(); } };
    pick.onDidAccept(() => { const i = pick.selectedItems[0] ?? pick.activeItems[0]; finish(i ? { id: i.id, where: defaultScope } : undefined); });
    pick.onDidTriggerItemButton(e => finish({ id: e.item.id, where: vscode.ConfigurationTarget.Global }));
    pick.onDidHide(() => { finish(undefined); pick.dispose(); });
    pick.show();
  });
}
