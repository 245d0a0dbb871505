// The hover text, in the order a user needs it: the verdict for the target on the first line, then the
// field's documentation, then the row across meshes with the target's evidence.
import type { SupportLevel, Target } from '../model';
import { CatalogView, compareVersions } from '../catalog';
import { escapeMarkdown, markdownSources } from '../sources';
import { article } from '../analysis/readByTarget';
import type { Description, FeatureVerdict, SupportRow } from './describe';

export { escapeMarkdown };

const ICON: Record<SupportLevel, string> = { supported: '✔', partial: '◐', unsupported: '✖', unknown: '?', not_applicable: '–' };
const WORD: Record<SupportLevel, string> = { supported: 'supported', partial: 'partial', unsupported: 'not supported', unknown: 'unknown', not_applicable: 'n/a' };
/** The level as the verdict line says it. */
const VERDICT: Record<SupportLevel, string> = { supported: 'supported', partial: 'partly supported', unsupported: 'not supported', unknown: 'support unknown', not_applicable: 'not applicable' };

/** Links the hover may carry: the comparison at a feature, and the target picker. */
export interface HoverLinks {
  compare?: (feature: string) => string;
  selectTarget?: string;
}

/** A Markdown link title: quoted, with quotes and backslashes escaped, kept short. */
function linkTitle(s: string): string {
  const t = s.length > 300 ? s.slice(0, 299) + '…' : s;
  return `"${t.replace(/[\\"]/g, c => `\\${c}`).replace(/\s+/g, ' ')}"`;
}

/** A Markdown code span that survives backticks in its text. */
export function markdownCode(s: string): string {
  const ticks = (s.match(/`+/g) ?? []).reduce((m, t) => Math.max(m, t.length), 0);
  const fence = '`'.repeat(ticks + 1);
  return ticks ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

/** The hover text. `links.compare` opens the comparison at a feature; a function alone is taken as that. */
export function hoverMarkdown(d: Description, view: CatalogView, links?: HoverLinks | ((feature: string) => string)): string {
  const l: HoverLinks = typeof links === 'function' ? { compare: links } : links ?? {};
  const out: string[] = [firstLine(d, view, l)];
  const meshName = view.meshName(d.owner);
  const onResource = d.on === 'kind' || d.on === 'apiVersion';
  const subject = d.on === 'annotation' ? `annotation ${markdownCode(d.annotation!.key)}`
    : onResource ? `${escapeMarkdown(d.kind)} (${escapeMarkdown(d.apiVersion || d.group)})`
    : `${escapeMarkdown(d.kind)} ${markdownCode(d.field)}`;
  out.push(`**${escapeMarkdown(meshName)}** · ${subject}`);
  const status = view.meshes.get(d.owner)?.status;
  if (status && (status.state === 'archived' || status.state === 'discontinued' || status.state === 'dormant')) {
    out.push(`_${escapeMarkdown(meshName)} is ${status.state}${status.date ? ` (${status.date})` : ''}._`);
  }
  if (d.on === 'kind') out.push(...kindBody(d));
  else if (d.on === 'apiVersion') out.push(...apiVersionBody(d));
  else out.push(...fieldBody(d));

  const features: FeatureVerdict[] = d.feature
    ? [{ id: d.feature.id, label: d.feature.label, description: d.feature.description, support: d.support ?? [], targetLevel: d.targetLevel, targetSummary: d.targetSummary, targetConstruct: d.targetConstruct, targetNote: d.targetNote }]
    : d.under ?? [];
  // One feature: its verdict is the first line already; under a parent field each feature says its own,
  // and a parent of many (`http`) shows each feature's row only: the first line has every verdict.
  const compact = features.length > 3;
  for (const f of features) out.push(...featureSection(f, d.target, view, l, !d.feature, compact));
  if (features.length && l.compare) out.push(`[Compare meshes…](${l.compare(features[0].id)})`);
  return out.join('\n\n');
}

function targetName(view: CatalogView, t: Target): string {
  return escapeMarkdown(`${view.meshName(t.mesh)}${t.version ? ` ${t.version}` : ''}`);
}

/** What the target makes of what is hovered, in one line (or, with no target, how to set one). */
function firstLine(d: Description, view: CatalogView, l: HoverLinks): string {
  if (d.on === 'apiVersion') return versionLine(d, view);
  if (!d.target) {
    const how = l.selectTarget ? `[choose one](${l.selectTarget} "Select target mesh")` : 'set one with the meshLens.targetMesh setting or the Mesh status bar item';
    return `_No target mesh: ${how} to see how it supports this._`;
  }
  const name = targetName(view, d.target);
  if (d.on === 'kind') return readsLine(d, view, name);
  if (d.feature) return verdictLine(name, d.targetLevel ?? 'unknown', d.targetSummary, d.targetConstruct);
  if (d.under?.length) return `**${name}:** ${d.under.map(f => `${escapeMarkdown(f.label)} ${ICON[f.targetLevel ?? 'unknown']} ${VERDICT[f.targetLevel ?? 'unknown']}`).join(' · ')}`;
  if (d.readByTarget === false) return readsLine(d, view, name);
  return `**${name}:** nothing to judge here — this field expresses no feature of the comparison.`;
}

/** "**Linkerd: ✖ not supported** — why. Equivalent: construct." */
function verdictLine(name: string, level: SupportLevel, why: string | undefined, equivalent: string | undefined): string {
  const parts = [why && escapeMarkdown(why), equivalent && `Equivalent: ${escapeMarkdown(equivalent.replace(/\.$/, ''))}.`].filter(Boolean);
  return `**${name}: ${ICON[level]} ${VERDICT[level]}**${parts.length ? ` — ${parts.join(' ')}` : ''}`;
}

/** Whether the target reads resources of this kind at all. */
function readsLine(d: Description, view: CatalogView, name: string): string {
  const owner = view.meshName(d.owner);
  const kind = escapeMarkdown(d.kind);
  const whose = `${article(owner)} ${escapeMarkdown(owner)} resource`;
  if (d.readByTarget === false) {
    const equivalent = d.resource?.equivalent ? `; its equivalent is ${escapeMarkdown(d.resource.equivalent)}` : '';
    return `**${name}: ✖ does not read ${kind}** — it is ${whose}${equivalent}.`;
  }
  if (d.readByTarget === true) {
    const same = view.baseMesh(d.target!.mesh) === d.owner;
    return `**${name}: ✔ reads ${kind}** — ${same ? `it is ${whose}` : `${name} reads ${escapeMarkdown(owner)} resources`}.`;
  }
  return `**${name}:** which resources it reads is not recorded; ${kind} is ${whose}.`;
}

/** Served, deprecated or not served: what `api-version-not-served` and `deprecated-construct` judge. */
function versionLine(d: Description, view: CatalogView): string {
  const v = d.versions;
  const api = escapeMarkdown(d.apiVersion);
  const owner = view.meshName(d.owner);
  const crd = d.kindDoc?.versions ?? [];
  const version = d.apiVersion.slice(d.apiVersion.lastIndexOf('/') + 1);
  const listed = (v?.all ?? []).map(a => a.version);
  switch (v?.status) {
    case 'served':
      return `**${api}: served** by ${escapeMarkdown(`${owner}${v.rule?.since ? ` since ${v.rule.since}` : ''}`)}.`;
    case 'deprecated': {
      const newer = v.all.find(a => !a.deprecated && !a.removedIn && a.version !== version);
      return `**${api}: deprecated** in ${escapeMarkdown(`${owner}${v.rule?.removedIn ? `, removed in ${v.rule.removedIn}` : ''}${newer ? ` — use ${newer.group}/${newer.version}` : ''}`)}.`;
    }
    case 'not-served': {
      const why = v.rule?.since && v.judgedVersion && compareVersions(v.judgedVersion, v.rule.since) < 0 ? `served since ${v.rule.since}` : `removed in ${v.rule?.removedIn ?? ''}`;
      return `**${api}: not served** by ${escapeMarkdown(`${owner} ${v.judgedVersion ?? ''} — ${why}`)}.`;
    }
    case 'unlisted':
      return `**${api}: not served** — ${escapeMarkdown(`${owner} serves ${d.kind} as ${[...new Set(listed)].join(', ') || 'other versions'}`)}.`;
    default:
      if (!crd.length) return `**${api}** — ${escapeMarkdown(`no version facts are recorded for ${d.kind}`)}.`;
      return `**${api}: ${crd.includes(version) ? 'served' : 'not served'}** — ${escapeMarkdown(`the ${owner} CRD serves ${crd.join(', ')}`)}.`;
  }
}

function kindBody(d: Description): string[] {
  const out: string[] = [];
  if (d.kindDoc?.description) out.push(escapeMarkdown(d.kindDoc.description));
  const features = d.resource?.features ?? [];
  if (features.length) out.push(`**Its fields can express:** ${features.map(escapeMarkdown).join(', ')}.`);
  return out;
}

function apiVersionBody(d: Description): string[] {
  const out: string[] = [];
  const all = d.versions?.all ?? [];
  if (all.length) {
    const items = all.map(a => {
      const facts = [a.since && `since ${a.since}`, a.deprecated && 'deprecated', a.removedIn && `removed in ${a.removedIn}`].filter(Boolean).join(', ');
      return `${markdownCode(a.version)}${facts ? ` ${escapeMarkdown(facts)}` : ''}`;
    });
    out.push(`**Versions of ${escapeMarkdown(d.kind)}:** ${items.join(' · ')}`);
  }
  const facts: string[] = [];
  if (d.kindDoc?.versions?.length) facts.push(`The CRD serves ${d.kindDoc.versions.map(markdownCode).join(', ')}${d.kindDoc.storageVersion ? ` (stored as ${markdownCode(d.kindDoc.storageVersion)})` : ''}`);
  if (d.kindDoc?.deprecatedVersions?.length) facts.push(`deprecated in the CRD: ${d.kindDoc.deprecatedVersions.map(markdownCode).join(', ')}`);
  if (d.kindDoc?.experimentalVersions?.length) facts.push(`Gateway API experimental channel only: ${d.kindDoc.experimentalVersions.map(markdownCode).join(', ')}`);
  if (facts.length) out.push(facts.join(' · '));
  const links = d.versions?.rule ? markdownSources(d.versions.rule.sources) : '';
  if (links) out.push(`_Evidence:_ ${links}`);
  return out;
}

function fieldBody(d: Description): string[] {
  const out: string[] = [];
  if (d.fieldDoc?.description) out.push(escapeMarkdown(d.fieldDoc.description));
  const facts: string[] = [];
  if (d.fieldDoc?.type) facts.push(`type ${markdownCode(d.fieldDoc.type)}`);
  if (d.fieldDoc?.enum?.length) facts.push(`one of ${d.fieldDoc.enum.map(markdownCode).join(', ')}${d.fieldDoc.enumMore ? ` (+${d.fieldDoc.enumMore} more)` : ''}`);
  if (d.fieldDoc?.experimental) facts.push('Gateway API experimental channel only');
  if (facts.length) out.push(facts.join(' · '));
  return out;
}

/** The feature, its row across meshes (each mesh links to the comparison) and the target's evidence. */
function featureSection(f: FeatureVerdict, target: Target | null, view: CatalogView, l: HoverLinks, sayVerdict: boolean, compact: boolean): string[] {
  const out: string[] = [`**Feature:** ${escapeMarkdown(f.label)}${f.description && !compact ? ` — ${escapeMarkdown(f.description)}` : ''}`];
  const link = l.compare?.(f.id);
  if (f.support.length) out.push(f.support.map(r => rowItem(r, link)).join(' · '));
  if (!target || compact) return out;
  const level = f.targetLevel ?? 'unknown';
  const row = f.support.find(r => r.isTarget);
  const checked = row?.checked ? `, facts checked ${row.checked}` : '';
  const construct = sayVerdict && f.targetConstruct ? `: ${escapeMarkdown(f.targetConstruct)}` : '';
  out.push(`**In ${targetName(view, target)}** (${WORD[level]}${checked})${construct}`);
  const story = [sayVerdict ? f.targetSummary : undefined, f.targetNote && f.targetNote !== f.targetSummary ? f.targetNote : undefined].filter(Boolean) as string[];
  if (story.length) out.push(story.map(escapeMarkdown).join(' '));
  if (row) {
    const links = markdownSources(row.sources);
    out.push(`_Evidence (${row.confidence}):_ ${links || 'no source recorded'}${row.was2022 ? ` · _the 2022 sheet said ${escapeMarkdown(row.was2022)}_` : ''}`);
  }
  return out;
}

/** One mesh of the row: its tooltip says the level, the source and the 2022 value. */
function rowItem(r: SupportRow, link: string | undefined): string {
  const label = `${escapeMarkdown(r.name)} ${ICON[r.level]}${r.qualifiers.includes('enterprise_only') ? ' (Enterprise)' : ''}`;
  const tip = `${WORD[r.level]}${r.qualifiers.length ? ` (${r.qualifiers.join(', ').replace(/_/g, ' ')})` : ''} — ${r.sources[0]?.title ?? 'no source recorded'}${r.sources.length > 1 ? ` (+${r.sources.length - 1} more)` : ''} (${r.confidence})${r.checked ? `; facts checked ${r.checked}` : ''}${r.was2022 ? `; 2022 sheet: ${r.was2022}` : ''}`;
  const item = link ? `[${label}](${link} ${linkTitle(tip)})` : label;
  return r.isTarget ? `**${item}**` : item;
}
