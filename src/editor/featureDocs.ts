// Read-only documents `mesh-lens:/feature/<id>.md?target=<mesh>`: one feature across every mesh, with
// the construct and the source of each fact. Diagnostics point their related information here.
import * as vscode from 'vscode';
import { catalogView, formatTarget, parseTarget, supportRow } from '../core/index';
import type { Target } from '../core/index';
import { markdownSources } from '../core/sources';
import { whenCatalogRead } from './catalogFile';

export const FEATURE_DOC_SCHEME = 'mesh-lens';

export function featureDocUri(feature: string, target: Target | null): vscode.Uri {
  return vscode.Uri.from({ scheme: FEATURE_DOC_SCHEME, path: `/feature/${feature}.md`, query: target ? `target=${formatTarget(target)}` : '' });
}

const WORD = { supported: 'supported', partial: 'partly supported', unsupported: 'not supported', unknown: 'unknown', not_applicable: 'not applicable' } as const;

export function featureDocText(uri: vscode.Uri): string {
  const view = catalogView();
  const id = /^\/feature\/([A-Za-z0-9_-]+)\.md$/.exec(uri.path)?.[1];
  const feature = id ? view.features.get(id) : undefined;
  if (!id || !feature) return `# Unknown feature\n\nMesh Lens has no feature "${uri.path}".\n`;
  const target = parseTarget(view, new URLSearchParams(uri.query).get('target') ?? undefined) ?? null;
  const lines = [`# ${feature.label}`, ''];
  if (feature.description) lines.push(feature.description, '');
  for (const row of supportRow(view, id, target)) {
    const cell = view.cell(row.mesh, id)!;
    lines.push(`## ${row.name}${row.isTarget ? ' (target)' : ''}: ${WORD[row.level]}${row.qualifiers.length ? ` [${row.qualifiers.join(', ')}]` : ''}`);
    if (cell.construct) lines.push(`- How: ${cell.construct}`);
    if (cell.since) lines.push(`- Since: ${cell.since}${cell.sinceNote ? ` (${cell.sinceNote})` : ''}`);
    else if (cell.sinceNote) lines.push(`- Versions: ${cell.sinceNote}`);
    if (cell.removedIn) lines.push(`- Removed in: ${cell.removedIn}`);
    if (cell.removedNote) lines.push(`- Removal: ${cell.removedNote}`);
    if (cell.note && cell.note !== cell.summary) lines.push(`- Note: ${cell.note}`);
    if (cell.summary) lines.push(`- In short: ${cell.summary}`);
    lines.push(`- Evidence (${cell.confidence}): ${markdownSources(cell.sources) || 'no source recorded'}`);
    if (cell.seed && cell.seed.value !== undefined) lines.push(`- 2022 sheet: ${cell.seed.value ?? '(blank)'}`);
    lines.push('');
  }
  return lines.join('\n');
}

export class FeatureDocProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    await whenCatalogRead();
    return featureDocText(uri);
  }
}
