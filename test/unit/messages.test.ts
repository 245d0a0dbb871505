// Every sentence Mesh Lens can say about a support cell, built from the data: the diagnostic of every
// target × feature × level (and every version-dependent variant), the hover of every cell, and every
// message `check` prints over the detector fixtures and the samples with every target. Each must be a
// finished sentence about the product, short enough for a diagnostic, and never point at research notes.
import * as assert from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, catalogView, compareVersions, hoverMarkdown, supportRow } from '../../src/core/index';
import type { Description, FeatureUse, OwnerId, SupportCell, Target, TargetId } from '../../src/core/index';
import { DEFAULT_SEVERITIES, MAX_MESSAGE_LENGTH, messageFor, verdictFor } from '../../src/core/analysis/judge';
import { FIXTURES, REPO } from './fixtures';

const view = catalogView();
const targets = view.data.targets.map(t => t.id as TargetId);
const judged = [...view.features.values()].filter(f => f.kind === 'feature');

/** Research notes and internal words a user must never read. `.md` only outside a link to an upstream file. */
const INTERNAL = /FACT-CHECK|ALIGNMENT|DECISIONS|shared\/|FIELD_PATHS|[Pp]roduct decision/;
const MD_FILE = /\.md\b/;
/** A clause left open: a trailing separator, an ellipsis, or a connective word. */
const OPEN_END = /([;:,]|…|\.\.\.|\b(and|or|but|the|a|an|with|of|to|for|by|in|on|via|than|as))\s*$/i;

/** What is wrong with a piece of user-visible text (empty when nothing). */
function problems(text: string, opts: { sentence?: boolean } = {}): string[] {
  const out: string[] = [];
  if (OPEN_END.test(text)) out.push('ends mid-clause');
  if (opts.sentence && !/[.!?]["'”’)\]]?$/.test(text.trim())) out.push('is not a finished sentence');
  for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}'], ['“', '”']]) {
    let depth = 0;
    for (const ch of text) {
      if (ch === open) depth++;
      else if (ch === close && --depth < 0) break;
    }
    if (depth !== 0) out.push(`unbalanced ${open}${close}`);
  }
  if ((text.match(/"/g) ?? []).length % 2) out.push('unbalanced "');
  if ((text.match(/`/g) ?? []).length % 2) out.push('unbalanced `');
  const hit = INTERNAL.exec(text) ?? MD_FILE.exec(text);
  if (hit) out.push(`names "${hit[0]}"`);
  return out;
}

/** A concrete field path for a feature, as a detector of it would report (the longest, to be safe on length). */
function fieldFor(feature: string): string {
  return longestField(view.data.detectors.filter(d => d.feature === feature));
}

/** The longest concrete field path the given detectors report (`[]` → `[0]`, `{}` → `.key`, `*` → `name`). */
function longestField(detectors: typeof view.data.detectors): string {
  const paths = detectors.flatMap(d => d.paths ?? (d.annotation ? [`metadata.annotations["${d.annotation.replace(/\*$/, 'x')}"]`] : []));
  const concrete = paths.map(p => p.replace(/\[\]/g, '[0]').replace(/\{\}/g, '.key').replace(/\*/g, 'name'));
  return concrete.sort((a, b) => b.length - a.length)[0] ?? 'spec.rules[0].filters[0].type';
}

function useOf(feature: string, owner: OwnerId, extra: Partial<FeatureUse> = {}): FeatureUse {
  return {
    feature, owner, kind: 'Resource', name: 'example', docIndex: 0, field: fieldFor(feature),
    range: { line: 1, column: 1, endLine: 1, endColumn: 2 }, detector: 'test', ...extra,
  };
}

/** A version just below `v` (2.17 → 2.16, 1.2.0 → 1.1.0, 1.0 → 0.9). */
function below(v: string): string {
  const parts = v.split('.').map(Number);
  for (let i = Math.min(parts.length - 1, 1); i >= 0; i--) {
    if (parts[i] > 0) { parts[i]--; return parts.slice(0, i + 1).concat(parts.slice(i + 1).map(() => 0)).join('.'); }
  }
  return '0.0';
}

/** Cells whose finding says why after the dash: unsupported and partial cells of a mesh, and Enterprise-only ones. */
function needsSummary(cell: SupportCell): boolean {
  return cell.level === 'unsupported' || cell.level === 'partial' || cell.qualifiers.includes('enterprise_only');
}

/** Cells whose finding carries the summary after the dash: those above, and supported ones that are deprecated or experimental. */
function carriesSummary(cell: SupportCell): boolean {
  return needsSummary(cell) || (cell.level === 'supported' && (cell.qualifiers.includes('deprecated') || cell.qualifiers.includes('experimental')));
}

/** `summary`: the sentence the message must carry after the dash (when it fits). */
interface Built { id: string; message: string; summary?: string }

function buildAll(): Built[] {
  const out: Built[] = [];
  const add = (id: string, use: FeatureUse, target: Target, summary?: string) => {
    const v = verdictFor(view, use, target, DEFAULT_SEVERITIES);
    if (!v || !v.severity || v.severity === 'off') return;
    out.push({ id, message: messageFor(view, use, target, v), summary });
  };
  for (const target of targets) {
    const base = view.baseMesh(target);
    const other: OwnerId = base === 'istio' ? 'linkerd' : 'istio';
    for (const f of judged) {
      const cell = view.cell(base, f.id);
      const id = `${target} ${f.id} (${cell?.level ?? 'no cell'})`;
      add(id, useOf(f.id, other), { mesh: target }, cell && carriesSummary(cell) ? cell.summary : undefined);
      // Version-dependent variants: before `since`, at `removedIn`; for the mesh's own resources too.
      for (const owner of [other, base as OwnerId]) {
        if (cell?.since) add(`${id} @${below(cell.since)} on ${owner}`, useOf(f.id, owner), { mesh: target, version: below(cell.since) });
        if (cell?.removedIn) add(`${id} @${cell.removedIn} on ${owner}`, useOf(f.id, owner), { mesh: target, version: cell.removedIn });
        if (cell?.since) add(`${id} @${cell.since} on ${owner}`, useOf(f.id, owner), { mesh: target, version: cell.since });
      }
    }
    // Gateway API routes are judged by the conformance features the target implements.
    for (const [name, impl] of Object.entries(view.data.gatewayImplementations[base]?.features ?? {})) {
      // The field path a use of this conformance feature reports: its own detectors' paths.
      const detectors = view.data.detectors.filter(d => d.conformanceFeature === name);
      const feature = detectors[0]?.feature ?? 'traffic_mirroring';
      const field = detectors.length ? longestField(detectors) : fieldFor(feature);
      add(`${target} Gateway API ${name} (${impl.level})`, useOf(feature, 'gateway-api', { conformanceFeature: name, field }), { mesh: target }, impl.summary);
    }
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

describe('every message and hover a user can read', () => {
  const built = buildAll();
  const distinct = new Set(built.map(b => b.message));

  it(`diagnostics: finished, balanced, ≤ ${MAX_MESSAGE_LENGTH} characters, no research notes (${built.length} built, ${distinct.size} distinct)`, () => {
    console.log(`      messages: ${built.length} built for ${targets.length} targets × ${judged.length} features, ${distinct.size} distinct`);
    const bad: string[] = [];
    for (const b of built) {
      const p = problems(b.message);
      if (b.message.length > MAX_MESSAGE_LENGTH) p.push(`${b.message.length} characters`);
      if (p.length) bad.push(`${b.id}: ${p.join(', ')}: ${b.message}`);
    }
    assert.deepStrictEqual(bad, [], `${bad.length} message(s):\n${bad.slice(0, 60).join('\n')}`);
  });

  it('every unsupported, partial or Enterprise-only cell of a target has a summary: one finished sentence of at most 140 characters, shown after the dash', () => {
    const bad: string[] = [];
    for (const target of targets) {
      const base = view.baseMesh(target);
      for (const f of judged) {
        const cell = view.cell(base, f.id);
        if (!cell || !needsSummary(cell)) continue;
        const id = `${base} ${f.id} (${cell.level}${cell.qualifiers.length ? `, ${cell.qualifiers.join(', ')}` : ''})`;
        if (!cell.summary) { bad.push(`${id}: no summary`); continue; }
        const p = problems(cell.summary, { sentence: true });
        if (cell.summary.length > 140) p.push(`${cell.summary.length} characters`);
        if (p.length) bad.push(`${id}: summary ${p.join(', ')}: ${cell.summary}`);
      }
    }
    const unique = [...new Set(bad)];
    assert.deepStrictEqual(unique, [], `${unique.length} cell(s):\n${unique.slice(0, 80).join('\n')}`);
    // And the message carries it whenever it fits.
    for (const b of built) {
      if (!b.summary || / @/.test(b.id)) continue;
      const first = b.message.split(' — ')[0];
      if (first.length + 3 + b.summary.length <= MAX_MESSAGE_LENGTH) assert.strictEqual(b.message, `${first} — ${b.summary}`, b.id);
      else assert.strictEqual(b.message, first, `${b.id}: too long with its summary, so it ends after the first part`);
    }
  });

  it(`no diagnostic drops its summary for length, even with the longest field path its detectors report (≤ ${MAX_MESSAGE_LENGTH} characters)`, () => {
    const withSummary = built.filter(b => b.summary && !/ @/.test(b.id));
    const dropped: string[] = [];
    for (const b of withSummary) {
      const first = b.message.split(' — ')[0];
      const room = MAX_MESSAGE_LENGTH - first.length - 3;
      if (b.message !== `${first} — ${b.summary}`) dropped.push(`${b.id}: summary of ${b.summary!.length} characters, room for ${room} after "${first}": ${b.summary}`);
    }
    console.log(`      summaries: ${withSummary.length} messages carry one; ${dropped.length} leave it out with the longest field path (too long)`);
    assert.deepStrictEqual(dropped, [], `${dropped.length} message(s) leave their summary out (shorten it; the long form belongs in the note):\n${dropped.slice(0, 60).join('\n')}`);
  });

  it('no feature label has a bracket, so a message shows one bracket: the field path', () => {
    const bracketed = [...view.features.values()].filter(f => /[()[\]{}]/.test(f.label)).map(f => `${f.id}: ${f.label}`);
    assert.deepStrictEqual(bracketed, []);
    const delay = built.find(b => b.id.startsWith('linkerd delay_injection ('));
    assert.match(delay?.message ?? '', /^Fault injection: delay \(spec\.[^()]*\) is not supported by Linkerd — /);
  });

  it('hovers: the target paragraph of every cell is finished text with its evidence as links, and the facts date of checked meshes', () => {
    let hovers = 0;
    const bad: string[] = [];
    for (const target of targets) {
      const base = view.baseMesh(target);
      for (const f of [...view.features.values()]) {
        const cell = view.cell(base, f.id);
        const d: Description = {
          owner: 'istio', group: 'networking.istio.io', kind: 'VirtualService', apiVersion: 'networking.istio.io/v1',
          field: fieldFor(f.id), on: 'key', span: { start: 0, end: 1 },
          feature: { id: f.id, label: f.label, description: f.description, use: { ...useOf(f.id, 'istio'), span: { start: 0, end: 1 } } as never },
          support: supportRow(view, f.id, { mesh: target }), target: { mesh: target },
          targetLevel: cell?.level, targetConstruct: cell?.construct, targetSummary: cell?.summary, targetNote: cell?.note,
        };
        const md = hoverMarkdown(d, view, id => `command:meshLens.compareMeshes?${encodeURIComponent(JSON.stringify([id]))}`);
        hovers++;
        const id = `${base} ${f.id} (${cell?.level ?? 'no cell'})`;
        // What a user reads: links' destinations are not text; a linked title may name the upstream file.
        const text = md.replace(/\]\((?:https?|command):[^)\s]*(?: "[^"]*")?\)/g, ']');
        const hit = INTERNAL.exec(text) ?? MD_FILE.exec(text.replace(/\[[^\]]*\]/g, ''));
        if (hit) bad.push(`${id}: hover names "${hit[0]}"`);
        for (const [part, value] of [['summary', cell?.summary], ['note', cell?.note]] as const) {
          if (!value) continue;
          const p = problems(value, { sentence: true });
          if (p.length) bad.push(`${id}: ${part} ${p.join(', ')}: ${value}`);
        }
        for (const s of cell?.sources ?? []) if (s.url && !md.includes(`](${s.url.replace(/[()]/g, c => (c === '(' ? '%28' : '%29'))})`)) bad.push(`${id}: source ${s.url} is not a link`);
        const checked = view.meshes.get(base)?.checked;
        if (checked && !md.includes(`facts checked ${checked}`)) bad.push(`${id}: no "facts checked ${checked}"`);
      }
    }
    const unique = [...new Set(bad)];
    console.log(`      hovers: ${hovers} built, ${unique.length} with a problem`);
    assert.deepStrictEqual(unique, [], `${unique.length} hover problem(s):\n${unique.slice(0, 80).join('\n')}`);
  });

  it('every verified mesh says when its facts were checked', () => {
    const missing = ['istio', 'linkerd', 'kuma', 'consul', 'osm', 'gateway-api'].filter(m => !/^\d{4}-\d{2}-\d{2}$/.test(view.meshes.get(m)?.checked ?? ''));
    assert.deepStrictEqual(missing, []);
  });

  it('check over the detector fixtures and the samples with every target (and versions before each change): every message passes the same rules', () => {
    const files = [...yamlFiles(join(FIXTURES, 'detectors')), ...yamlFiles(join(REPO, 'samples'))];
    const versions = new Map<TargetId, string[]>();
    for (const t of targets) {
      const base = view.baseMesh(t);
      const line = Object.values(view.data.cells[base] ?? {}).flatMap(c => [c.since, c.removedIn]).filter((v): v is string => !!v);
      versions.set(t, [...new Set(line.map(below))].sort(compareVersions).slice(0, 3));
    }
    let count = 0;
    const all = new Set<string>();
    const bad = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const t of targets) {
        for (const version of [undefined, ...versions.get(t)!]) {
          for (const f of analyze(text, { target: { mesh: t, ...(version ? { version } : {}) } }).findings) {
            count++;
            all.add(f.message);
            const p = problems(f.message);
            if (f.message.length > MAX_MESSAGE_LENGTH) p.push(`${f.message.length} characters`);
            if (p.length) bad.add(`${p.join(', ')}: ${f.message}`);
          }
        }
      }
    }
    console.log(`      check: ${files.length} files × ${targets.length} targets: ${count} findings, ${all.size} distinct messages, ${bad.size} with a problem`);
    assert.deepStrictEqual([...bad], [], `${bad.size} message(s):\n${[...bad].slice(0, 60).join('\n')}`);
  });
});
