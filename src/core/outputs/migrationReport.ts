// The migration report: which features a set of manifests uses, and how a target mesh supports each one.
// Pure: analysis results in, Markdown or one self-contained HTML page out (the CLI walks the files).
import type { AnalysisResult, FeatureUse, Qualifier, Source, SupportLevel, Target } from '../model';
import type { CatalogView } from '../catalog';
import { formatTarget } from '../catalog';
import { DEFAULT_SEVERITIES, messageFor, verdictFor } from '../analysis/judge';
import { escapeHtml, htmlSource, markdownSources } from '../sources';
import { markdownCode } from '../hover/describe';
import type { FeatureConversion, PlaceConversion, ReportConversionInput, ReportConvertFile } from './reportConversion';
import { conversionCell, convertSteps, featureConversion, featureConversionSentence, placeConversion, placeConversionSentence, reviewSentence } from './reportConversion';

export type Verdict = 'supported' | 'partial' | 'unsupported' | 'unknown' | 'not_applicable';

export interface ReportPlace {
  path: string; line: number; column: number; kind: string; name: string | null; field: string; mesh: string;
  verdict: Verdict;
  /** The finding's message when the target does not plainly support this use. */
  message?: string;
  /** What converting to the target made of this use (convert targets only). */
  conversion?: PlaceConversion;
}
export interface ReportFeature {
  id: string; label: string; section: string;
  /** The worst verdict over its places. */
  verdict: Verdict;
  qualifiers: Qualifier[];
  /** How the target expresses the feature (its catalog cell's construct), the cell's summary and note. */
  construct?: string; summary?: string; note?: string; since?: string;
  /** The evidence for the target's cell. */
  sources?: Source[];
  places: ReportPlace[];
  /** The conversion of its places (convert targets only). */
  conversion?: FeatureConversion;
}
export interface ReportOther { path: string; line: number; column: number; rule: string; kind?: string; name?: string | null; message: string }
export interface MigrationReport {
  target: string; targetName: string; targetStatus?: string;
  tool: string;
  files: number; resources: number;
  counts: Record<Verdict, number>;
  features: ReportFeature[];
  other: ReportOther[];
  sources: { feature: string; label: string; sources: Source[] }[];
  /** ISO date the target's facts were checked. */
  checked?: string;
  /** Converting to the target (convert targets only): the `--to` value and each changed file's steps. */
  convert?: { target: string; files: ReportConvertFile[] };
}

const ORDER: Verdict[] = ['unsupported', 'unknown', 'partial', 'supported', 'not_applicable'];
const WORD: Record<Verdict, string> = { supported: 'supported', partial: 'partial', unsupported: 'unsupported', unknown: 'unknown', not_applicable: 'not applicable' };
const ICON: Record<Verdict, string> = { supported: '✅', partial: '⚠️', unsupported: '❌', unknown: '❔', not_applicable: '➖' };

export function verdictWord(v: Verdict): string { return WORD[v]; }
export function verdictIcon(v: Verdict): string { return ICON[v]; }

/**
 * Builds the report's data from each file's analysis (its uses and resource findings) and, for a target
 * the converter writes, the converter's results for the same files.
 */
export function buildMigrationReport(view: CatalogView, target: Target, files: { path: string; result: AnalysisResult }[], tool = 'Mesh Lens',
  conversion?: ReportConversionInput): MigrationReport {
  const converted = new Map((conversion?.files ?? []).map(f => [f.path, f]));
  const base = view.baseMesh(target.mesh);
  const groups = new Map<string, ReportFeature>();
  const other: ReportOther[] = [];
  let resources = 0;
  for (const { path, result } of files) {
    resources += result.resources.filter(r => !r.definition).length;
    const docStart = documentStarts(result);
    for (const use of result.uses) {
      const feature = view.features.get(use.feature);
      if (feature?.kind === 'info') continue;
      const { verdict, message } = judgeUse(view, use, target);
      let g = groups.get(use.feature);
      if (!g) {
        const cell = view.cell(base, use.feature);
        g = {
          id: use.feature, label: view.featureLabel(use.feature), section: feature?.section ?? '',
          verdict, qualifiers: cell?.qualifiers ?? [],
          ...(cell?.construct ? { construct: cell.construct } : {}), ...(cell?.summary ? { summary: cell.summary } : {}),
          ...(cell?.note ? { note: cell.note } : {}),
          ...(cell?.since ? { since: cell.since } : {}), ...(cell?.sources?.length ? { sources: cell.sources } : {}),
          places: [],
        };
        groups.set(use.feature, g);
      }
      if (ORDER.indexOf(verdict) < ORDER.indexOf(g.verdict)) g.verdict = verdict;
      g.places.push({
        path, line: use.range.line, column: use.range.column, kind: use.kind, name: use.name ?? null, field: use.field, mesh: use.owner,
        verdict, ...(message ? { message } : {}),
      });
      if (conversion) {
        const at = g.places[g.places.length - 1];
        const lines = { from: docStart.get(use.docIndex) ?? 0, to: [...docStart].find(([d]) => d > use.docIndex)?.[1] ?? Infinity };
        const c = placeConversion(converted.get(path), {
          feature: use.feature, field: use.field, line: use.range.line, kind: use.kind, name: use.name ?? null, resourceLines: lines, ownMesh: use.owner === base,
        }, g.construct);
        if (c) at.conversion = c;
      }
    }
    for (const f of result.findings) {
      if (f.feature) continue;
      other.push({ path, line: f.range.line, column: f.range.column, rule: f.rule, kind: f.kind, name: f.name ?? null, message: f.message });
    }
  }
  const features = [...groups.values()].sort((a, b) => ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict) || a.label.localeCompare(b.label));
  for (const g of features) {
    g.places.sort((a, b) => cmp(a.path, b.path) || a.line - b.line || a.column - b.column);
    const c = conversion && featureConversion(g.places.map(p => p.conversion));
    if (c) g.conversion = c;
  }
  other.sort((a, b) => cmp(a.path, b.path) || a.line - b.line || cmp(a.rule, b.rule));
  const counts = { supported: 0, partial: 0, unsupported: 0, unknown: 0, not_applicable: 0 } as Record<Verdict, number>;
  for (const g of features) counts[g.verdict]++;
  const mesh = view.meshes.get(base);
  const status = mesh && mesh.status.state !== 'active'
    ? `${mesh.name} is ${mesh.status.state === 'no-data' ? 'without verified data' : mesh.status.state}${mesh.status.date ? ` (${mesh.status.date})` : ''}${mesh.status.note ? `: ${mesh.status.note}` : ''}`
    : undefined;
  return {
    target: formatTarget(target), targetName: view.meshName(target.mesh) + (target.version ? ` ${target.version}` : ''),
    ...(status ? { targetStatus: status } : {}), ...(mesh?.checked ? { checked: mesh.checked } : {}),
    tool, files: files.length, resources, counts, features, other,
    sources: features.filter(g => g.sources?.length).map(g => ({ feature: g.id, label: g.label, sources: g.sources! })),
    ...(conversion ? { convert: { target: conversion.target, files: convertSteps(files.map(f => f.path), conversion) } } : {}),
  };
}

/** The first line of each document that holds a resource or a use, by document index, in order. */
function documentStarts(result: AnalysisResult): Map<number, number> {
  const starts = new Map<number, number>();
  for (const x of [...result.resources, ...result.uses]) {
    const line = x.range.line;
    if (!starts.has(x.docIndex) || line < starts.get(x.docIndex)!) starts.set(x.docIndex, line);
  }
  return new Map([...starts].sort((a, b) => a[0] - b[0]));
}

function cmp(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }

function judgeUse(view: CatalogView, use: FeatureUse, target: Target): { verdict: Verdict; message?: string } {
  const v = verdictFor(view, use, target, DEFAULT_SEVERITIES);
  if (!v) {
    const cell = view.cell(view.baseMesh(target.mesh), use.feature);
    return { verdict: cell?.level === 'not_applicable' && use.owner !== view.baseMesh(target.mesh) ? 'not_applicable' : 'supported' };
  }
  const level: SupportLevel = v.level;
  return { verdict: level, message: messageFor(view, use, target, v) };
}

// ---- Markdown ----

function md(s: string): string {
  return s.replace(/[\\`*_[\]<>|~#]/g, c => `\\${c}`).replace(/\r?\n/g, ' ');
}
function subject(p: { kind?: string; name?: string | null }): string {
  return p.kind ? `${p.kind}${p.name ? ` ${p.name}` : ''}` : '';
}

export function renderMarkdown(r: MigrationReport): string {
  const out: string[] = [];
  out.push(`# Migration report: ${md(r.targetName)}`, '');
  out.push(`${r.features.length} feature${r.features.length === 1 ? '' : 's'} used in ${r.files} file${r.files === 1 ? '' : 's'} (${r.resources} mesh resource${r.resources === 1 ? '' : 's'}), judged against ${md(r.targetName)} (\`--target ${r.target}\`).`, '');
  if (r.targetStatus) out.push(`> ${md(r.targetStatus)}`, '');
  out.push('| Features used | ✅ Supported | ⚠️ Partial | ❌ Unsupported | ❔ Unknown |', '|---:|---:|---:|---:|---:|');
  out.push(`| ${r.features.length} | ${r.counts.supported} | ${r.counts.partial} | ${r.counts.unsupported} | ${r.counts.unknown} |`, '');
  if (r.counts.not_applicable) out.push(`${r.counts.not_applicable} feature(s) do not apply to ${md(r.targetName)}.`, '');
  if (r.features.length && r.convert) {
    out.push(`| Feature | Verdict | Places | Convert to ${md(r.targetName)} |`, '|---|---|---:|---|');
    for (const g of r.features) out.push(`| ${md(g.label)} | ${ICON[g.verdict]} ${WORD[g.verdict]} | ${g.places.length} | ${md(conversionCell(g.conversion))} |`);
    out.push('');
  } else if (r.features.length) {
    out.push('| Feature | Verdict | Places |', '|---|---|---:|');
    for (const g of r.features) out.push(`| ${md(g.label)} | ${ICON[g.verdict]} ${WORD[g.verdict]} | ${g.places.length} |`);
    out.push('');
  } else {
    out.push('No service-mesh feature was found in these files.', '');
  }
  for (const g of r.features) {
    out.push(`## ${ICON[g.verdict]} ${md(g.label)}: ${WORD[g.verdict]}`, '');
    // One paragraph each (a single line break would run them together in rendered Markdown).
    out.push(`Feature id ${markdownCode(g.id)}.`, '');
    if (g.construct) out.push(`${g.verdict === 'unsupported' ? 'Instead' : md(r.targetName)}: ${md(g.construct)}`, '');
    if (g.summary) out.push(md(g.summary), '');
    if (g.note && g.note !== g.summary) out.push(`Note: ${md(g.note)}`, '');
    if (g.sources?.length) out.push(`Evidence: ${markdownSources(g.sources)}`, '');
    if (g.conversion) out.push(md(featureConversionSentence(g.conversion, r.targetName)), '');
    for (const p of g.places) {
      const differs = p.verdict !== g.verdict ? ` ${ICON[p.verdict]} ${WORD[p.verdict]}` : '';
      const converted = p.conversion ? ` → ${md(placeConversionSentence(p.conversion))}` : '';
      out.push(`- ${markdownCode(`${p.path}:${p.line}`)} ${md(subject(p))} ${markdownCode(p.field)}${differs}${p.message ? ` — ${md(p.message)}` : ''}${converted}`);
    }
    out.push('');
  }
  if (r.other.length) {
    out.push('## Other findings', '');
    for (const o of r.other) out.push(`- ${markdownCode(`${o.path}:${o.line}`)} ${md(subject(o))} [${o.rule}] ${md(o.message)}`);
    out.push('');
  }
  if (r.convert) out.push(...markdownConvertSection(r, r.convert));
  out.push('## Sources', '');
  out.push(`The verdicts come from the ${md(r.tool)} catalog: each feature's support cell for ${md(r.targetName)}, with the evidence it was checked against${r.checked ? ` (facts checked ${r.checked})` : ''}.`, '');
  for (const s of r.sources) out.push(`- ${md(s.label)}: ${markdownSources(s.sources)}`);
  out.push('', `Generated by ${md(r.tool)}.`, '');
  return out.join('\n');
}

// ---- HTML (one self-contained file: inline CSS, no scripts, no external resources) ----

export { escapeHtml };

const CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--bad:#cf222e;--warn:#9a6700;--ok:#1a7f37;--unk:#6e7781}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#3d444d;--bad:#f85149;--warn:#d29922;--ok:#3fb950;--unk:#9198a1}}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);max-width:980px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-top:1px solid var(--line);padding-top:1rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid var(--line);padding:.3rem .7rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.muted{color:var(--muted)}.v-unsupported{color:var(--bad)}.v-partial{color:var(--warn)}.v-supported{color:var(--ok)}.v-unknown,.v-not_applicable{color:var(--unk)}
ul.places{padding-left:1.2rem}ul.places li{margin:.15rem 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.status{border-left:4px solid var(--warn);padding:.3rem .8rem}.c-yes{color:var(--ok)}.c-no{color:var(--bad)}ol.steps li{margin:.3rem 0}
@media print{body{max-width:none}h2{break-after:avoid}}
`;

export function renderHtml(r: MigrationReport): string {
  const e = escapeHtml;
  const v = (x: Verdict) => `<span class="v-${x}">${ICON[x]} ${e(WORD[x])}</span>`;
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Migration report: ${e(r.targetName)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  out.push(`<h1>Migration report: ${e(r.targetName)}</h1>`);
  out.push(`<p class="muted">${r.features.length} feature${r.features.length === 1 ? '' : 's'} used in ${r.files} file${r.files === 1 ? '' : 's'} (${r.resources} mesh resource${r.resources === 1 ? '' : 's'}), judged against ${e(r.targetName)} (<code>--target ${e(r.target)}</code>).</p>`);
  if (r.targetStatus) out.push(`<p class="status">${e(r.targetStatus)}</p>`);
  out.push('<table><thead><tr><th class="n">Features used</th><th class="n">✅ Supported</th><th class="n">⚠️ Partial</th><th class="n">❌ Unsupported</th><th class="n">❔ Unknown</th></tr></thead>');
  out.push(`<tbody><tr><td class="n">${r.features.length}</td><td class="n">${r.counts.supported}</td><td class="n">${r.counts.partial}</td><td class="n">${r.counts.unsupported}</td><td class="n">${r.counts.unknown}</td></tr></tbody></table>`);
  if (r.counts.not_applicable) out.push(`<p>${r.counts.not_applicable} feature(s) do not apply to ${e(r.targetName)}.</p>`);
  if (r.features.length) {
    const convertHead = r.convert ? `<th>Convert to ${e(r.targetName)}</th>` : '';
    out.push(`<table><thead><tr><th>Feature</th><th>Verdict</th><th class="n">Places</th>${convertHead}</tr></thead><tbody>`);
    for (const g of r.features) {
      const convertCell = r.convert ? `<td>${e(conversionCell(g.conversion))}</td>` : '';
      out.push(`<tr><td><a href="#f-${e(g.id)}">${e(g.label)}</a></td><td>${v(g.verdict)}</td><td class="n">${g.places.length}</td>${convertCell}</tr>`);
    }
    out.push('</tbody></table>');
  } else {
    out.push('<p>No service-mesh feature was found in these files.</p>');
  }
  for (const g of r.features) {
    out.push(`<section id="f-${e(g.id)}">`, `<h2>${e(g.label)}: ${v(g.verdict)}</h2>`, '<dl>');
    out.push(`<dt>Feature id</dt><dd><code>${e(g.id)}</code></dd>`);
    if (g.construct) out.push(`<dt>${g.verdict === 'unsupported' ? 'Instead' : e(r.targetName)}</dt><dd>${e(g.construct)}</dd>`);
    if (g.summary) out.push(`<dt>In short</dt><dd>${e(g.summary)}</dd>`);
    if (g.note && g.note !== g.summary) out.push(`<dt>Note</dt><dd>${e(g.note)}</dd>`);
    if (g.sources?.length) out.push(`<dt>Evidence</dt><dd>${g.sources.map(htmlSource).join('<br>')}</dd>`);
    if (g.conversion) out.push(`<dt>Convert</dt><dd>${e(featureConversionSentence(g.conversion, r.targetName).replace(/^Convert to [^:]*: /, ''))}</dd>`);
    out.push('</dl>', '<ul class="places">');
    for (const p of g.places) {
      const differs = p.verdict !== g.verdict ? ` ${v(p.verdict)}` : '';
      const converted = p.conversion ? ` <span class="c-${p.conversion.converted ? 'yes' : 'no'}">→ ${e(placeConversionSentence(p.conversion))}</span>` : '';
      out.push(`<li><code>${e(`${p.path}:${p.line}`)}</code> ${e(subject(p))} <code>${e(p.field)}</code>${differs}${p.message ? ` <span class="muted">— ${e(p.message)}</span>` : ''}${converted}</li>`);
    }
    out.push('</ul>', '</section>');
  }
  if (r.other.length) {
    out.push('<h2>Other findings</h2>', '<ul class="places">');
    for (const o of r.other) out.push(`<li><code>${e(`${o.path}:${o.line}`)}</code> ${e(subject(o))} <code>${e(o.rule)}</code> ${e(o.message)}</li>`);
    out.push('</ul>');
  }
  if (r.convert) out.push(...htmlConvertSection(r, r.convert));
  out.push('<h2>Sources</h2>', `<p>The verdicts come from the ${e(r.tool)} catalog: each feature's support cell for ${e(r.targetName)}, with the evidence it was checked against${r.checked ? ` (facts checked ${e(r.checked)})` : ''}.</p>`, '<ul>');
  for (const s of r.sources) out.push(`<li><strong>${e(s.label)}</strong>: ${s.sources.map(htmlSource).join('; ')}</li>`);
  out.push('</ul>', `<p class="muted">Generated by ${e(r.tool)}.</p>`, '</body>', '</html>', '');
  return out.join('\n');
}

// ---- Convert instructions (convert targets only) ----

const CONVERT_INTRO = 'Convert each file with its command, or open it in VS Code and run Mesh Lens: Convert to target mesh… (command palette, editor title or context menu): the converted file opens beside the original, and nothing is written until you choose Save as New File or Replace File.';
const EDITOR_COMMAND = 'Mesh Lens: Convert to target mesh…';

function markdownConvertSection(r: MigrationReport, c: NonNullable<MigrationReport['convert']>): string[] {
  const out = [`## Convert to ${md(r.targetName)}`, ''];
  if (!c.files.length) return [...out, `No file changes when converted to ${md(r.targetName)}.`, ''];
  out.push(md(CONVERT_INTRO).replace(md(EDITOR_COMMAND), `**${md(EDITOR_COMMAND)}**`), '');
  for (const f of c.files) {
    out.push(`### ${markdownCode(f.path)}`, '');
    // Each step is a numbered item; a Fix, Set or Check step lists its items under it. A file that
    // converting does not change (only errors) is fixed first.
    const errors = f.errors.map(x => `   - ${md(x.message)} (line ${x.line})`);
    const steps: string[][] = f.changed ? [] : [['**Fix** what Mesh Lens could not read or convert:', ...errors]];
    steps.push([`**Convert**: ${markdownCode(f.command)}, or **${md(EDITOR_COMMAND)}** in the editor.`]);
    const review = reviewSentence(f);
    if (review) steps.push([`**Review** ${md(review)}`]);
    if (f.needs.length) steps.push(['**Set** what the manifests do not hold:', ...f.needs.map(x => `   - ${md(x.what)} (line ${x.line})`)]);
    if (f.changed && errors.length) steps.push(['**Check** what Mesh Lens could not convert:', ...errors]);
    steps.forEach(([head, ...items], i) => out.push(`${i + 1}. ${head}`, ...items));
    out.push('');
  }
  return out;
}

function htmlConvertSection(r: MigrationReport, c: NonNullable<MigrationReport['convert']>): string[] {
  const e = escapeHtml;
  const out = ['<section id="convert">', `<h2>Convert to ${e(r.targetName)}</h2>`];
  if (!c.files.length) return [...out, `<p>No file changes when converted to ${e(r.targetName)}.</p>`, '</section>'];
  out.push(`<p>${e(CONVERT_INTRO).replace(e(EDITOR_COMMAND), `<strong>${e(EDITOR_COMMAND)}</strong>`)}</p>`);
  for (const f of c.files) {
    out.push(`<h3><code>${e(f.path)}</code></h3>`, '<ol class="steps">');
    const errors = `<ul>${f.errors.map(x => `<li>${e(x.message)} (line ${x.line})</li>`).join('')}</ul>`;
    if (!f.changed) out.push(`<li><strong>Fix</strong> what Mesh Lens could not read or convert:${errors}</li>`);
    out.push(`<li><strong>Convert</strong>: <code>${e(f.command)}</code>, or <strong>${e(EDITOR_COMMAND)}</strong> in the editor.</li>`);
    const review = reviewSentence(f);
    if (review) out.push(`<li><strong>Review</strong> ${e(review)}</li>`);
    if (f.needs.length) out.push(`<li><strong>Set</strong> what the manifests do not hold:<ul>${f.needs.map(x => `<li>${e(x.what)} (line ${x.line})</li>`).join('')}</ul></li>`);
    if (f.changed && f.errors.length) out.push(`<li><strong>Check</strong> what Mesh Lens could not convert:${errors}</li>`);
    out.push('</ol>');
  }
  out.push('</section>');
  return out;
}
