// SARIF 2.1.0 output (what GitHub code scanning and other CI dashboards read). Pure: JSON files in, a log out.
import type { Severity, SeverityMap, SupportLevel, Target } from '../model';
import type { CatalogView } from '../catalog';
import type { JsonFile } from './report';
import { CHUNK_SIZE, ENTRY_SEPARATOR } from './report';
import { DEFAULT_SEVERITIES } from '../analysis/judge';
import { escapeMarkdown, firstLink, markdownSources } from '../sources';

/** The schema's own id (the OASIS errata 01 schema; a copy lives in test/fixtures/sarif). */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'meshLensFinding/v1';

/** Findings that are not about a feature. */
export const NON_FEATURE_RULES: { id: string; label: string; description: string; level: SarifLevel }[] = [
  { id: 'api-version-not-served', label: 'apiVersion not served', level: 'warning',
    description: 'The resource uses an apiVersion the mesh (at the target version) does not serve: the API server rejects it, or the mesh ignores it.' },
  { id: 'project-archived', label: 'Project archived', level: 'note',
    description: 'The resource belongs to a project that is archived or discontinued: no fixes, no releases.' },
  { id: 'deprecated-construct', label: 'Deprecated construct', level: 'note',
    description: 'The resource uses an apiVersion or kind its mesh has deprecated; a later release removes it.' },
  { id: 'not-read-by-target', label: 'Not read by the target mesh', level: 'note',
    description: 'The resource belongs to another mesh: the target mesh does not read it at all, so what it configures has no effect there until it is converted.' },
  { id: 'parse-error', label: 'YAML parse error', level: 'error',
    description: 'The YAML document could not be parsed, so it was not checked.' },
];

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export function sarifLevel(s: Severity | 'off' | null | undefined): SarifLevel {
  switch (s) {
    case 'error': return 'error';
    case 'warning': return 'warning';
    case 'information': case 'hint': return 'note';
    default: return 'none';
  }
}

/** 64-bit FNV-1a over bytes, as 16 hex digits. */
export function fnv1a64Bytes(bytes: ArrayLike<number>): string {
  const h = { hi: FNV_OFFSET_HI, lo: FNV_OFFSET_LO };
  for (let i = 0; i < bytes.length; i++) fnvStep(h, bytes[i]);
  return hex64(h);
}

/** 64-bit FNV-1a over the UTF-16LE code units of a text. Stable across runs and platforms. */
export function fnv1a64(text: string): string {
  // Two bytes per code unit, fed as they are read (no byte array per fingerprint).
  const h = { hi: FNV_OFFSET_HI, lo: FNV_OFFSET_LO };
  for (let i = 0; i < text.length; i++) { const c = text.charCodeAt(i); fnvStep(h, c & 0xff); fnvStep(h, c >>> 8); }
  return hex64(h);
}

const FNV_OFFSET_HI = 0xcbf29ce4, FNV_OFFSET_LO = 0x84222325;

/** One byte into the 64-bit state, kept in two 32-bit halves; the prime 0x100000001b3 is (0x100 << 32) + 0x1b3. */
function fnvStep(h: { hi: number; lo: number }, byte: number): void {
  const lo = (h.lo ^ byte) >>> 0;
  const p = lo * 0x1b3; // < 2^41: exact
  h.hi = (Math.imul(h.hi, 0x1b3) + Math.imul(lo, 0x100) + Math.floor(p / 0x100000000)) >>> 0;
  h.lo = p >>> 0;
}

const hex64 = (h: { hi: number; lo: number }) => h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');

export interface SarifOptions {
  view: CatalogView;
  /** The tool version (package.json). */
  version: string;
  /** The run's target (rules' default levels are the target's verdicts); null: none. */
  target: Target | null;
  severities?: Partial<SeverityMap>;
  /** Problems of the run itself (a file that could not be read). */
  notifications?: { message: string; path?: string }[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** A relative path as a URI reference (each segment percent-encoded); absolute paths become file URIs. */
export function pathToUri(path: string): { uri: string; uriBaseId?: string } {
  const p = path.replace(/\\/g, '/');
  const enc = (s: string) => s.split('/').map(seg => encodeURIComponent(seg).replace(/%3A/gi, ':')).join('/');
  if (/^[A-Za-z]:\//.test(p)) return { uri: `file:///${p.slice(0, 2)}${enc(p.slice(2))}` };
  if (p.startsWith('/')) return { uri: `file://${enc(p)}` };
  return { uri: enc(p).replace(/^([^/]*):/, '$1%3A'), uriBaseId: '%SRCROOT%' };
}

function ruleFor(view: CatalogView, id: string, target: Target | null, sev: SeverityMap): Json {
  const fixed = NON_FEATURE_RULES.find(r => r.id === id);
  if (fixed) {
    return { id, name: camel(id), shortDescription: { text: fixed.label }, fullDescription: { text: fixed.description },
      help: { text: fixed.description }, defaultConfiguration: { level: fixed.level } };
  }
  const f = view.features.get(id);
  const label = f?.label ?? id;
  const lines: string[] = [];
  const mdLines: string[] = [];
  for (const m of view.data.meshes) {
    const cell = view.cell(m.id, id);
    if (!cell) continue;
    const construct = cell.construct && cell.level !== 'unsupported' ? `: ${cell.construct}` : '';
    lines.push(`- ${m.name} (${levelWord(cell.level)})${construct}`);
    const evidence = markdownSources(cell.sources);
    mdLines.push(`- **${escapeMarkdown(m.name)}** (${levelWord(cell.level)})${construct ? `: ${escapeMarkdown(construct.slice(2))}` : ''}${evidence ? ` — ${evidence}` : ''}`);
  }
  let level: SarifLevel = 'warning';
  let targetLine = '', targetMd = '';
  let helpUri: string | undefined;
  if (target) {
    const cell = view.cell(view.baseMesh(target.mesh), id);
    const lv: SupportLevel = cell?.level ?? 'unknown';
    level = lv === 'unsupported' ? sarifLevel(sev.unsupported) : lv === 'partial' ? sarifLevel(sev.partial) : lv === 'unknown' ? sarifLevel(sev.unknown) : 'none';
    const name = view.meshName(target.mesh);
    const checked = view.meshes.get(view.baseMesh(target.mesh))?.checked;
    targetLine = `${name}: ${levelWord(lv)}.${cell?.summary ? ` ${cell.summary}` : ''}\n\n`;
    targetMd = `**${escapeMarkdown(name)}**: ${levelWord(lv)}${checked ? ` (facts checked ${checked})` : ''}.${cell?.summary ? ` ${escapeMarkdown(cell.summary)}` : ''}\n\n`;
    helpUri = firstLink(cell?.sources);
  }
  helpUri ??= firstLink(f?.sources);
  const full = f?.description ? `${label}: ${f.description}` : label;
  const help = `${targetLine}How each mesh expresses ${label}:\n${lines.join('\n') || '- no data'}`;
  const markdown = `${targetMd}How each mesh expresses ${escapeMarkdown(label)}:\n\n${mdLines.join('\n') || '- no data'}`;
  return {
    id, name: camel(id), shortDescription: { text: label }, fullDescription: { text: full },
    ...(helpUri ? { helpUri } : {}),
    help: { text: help, markdown }, defaultConfiguration: { level },
    properties: { tags: ['service-mesh', 'portability', ...(f?.section ? [f.section] : [])] },
  };
}

function levelWord(l: SupportLevel): string {
  return l === 'not_applicable' ? 'not applicable' : l;
}

function camel(id: string): string {
  return id.split(/[-_]/).filter(Boolean).map(w => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The rules every run lists, in order: the catalog's features, then the non-feature rules. */
export function sarifRuleIds(view: CatalogView): string[] {
  const ids: string[] = [];
  for (const f of view.features.values()) if (f.kind === 'feature') ids.push(f.id);
  for (const r of NON_FEATURE_RULES) ids.push(r.id);
  return ids;
}

/** Where each rule stands in the run's rules (see sarifRuleIds). */
export function sarifRuleIndex(view: CatalogView): Map<string, number> {
  return new Map(sarifRuleIds(view).map((id, i) => [id, i]));
}

/** The run's `tool`: the driver with one rule per id of sarifRuleIds, each at the target's level. */
export function sarifTool(o: SarifOptions): Json {
  const sev: SeverityMap = { ...DEFAULT_SEVERITIES, ...o.severities };
  const rules = sarifRuleIds(o.view).map(id => ruleFor(o.view, id, o.target, sev));
  return { driver: { name: 'Mesh Lens', version: o.version, semanticVersion: o.version, rules } };
}

/**
 * One file's results. `ruleIndex` holds the rules the run lists; a result whose rule is not among them
 * (none today: every finding's rule is a feature or a non-feature rule) carries its ruleId only.
 */
export function sarifFileResults(file: JsonFile, ruleIndex: ReadonlyMap<string, number>): Json[] {
  const results: Json[] = [];
  const loc = pathToUri(file.path);
  const seen = new Map<string, number>();
  const fingerprint = (key: string) => {
    // The same rule on the same field of the same resource twice in one file: number the repeats.
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return fnv1a64(n ? `${key}\u0000#${n}` : key);
  };
  const location = (line: number, column: number, endLine: number, endColumn: number) => ({
    physicalLocation: {
      artifactLocation: { ...loc },
      region: { startLine: line, startColumn: column, endLine, endColumn: Math.max(endColumn, endLine === line ? column : 1) },
    },
  });
  for (const e of file.errors) {
    results.push({
      ruleId: 'parse-error', ruleIndex: ruleIndex.get('parse-error'), level: 'error', message: { text: e.message },
      locations: [location(e.line, e.column, e.line, e.column + 1)],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(['parse-error', file.path, e.message.replace(/\(?\d+:\d+\)?/g, '')].join('\u0000')) },
    });
  }
  for (const x of file.findings) {
    const level = sarifLevel(x.severity);
    if (level === 'none') continue;
    results.push({
      ruleId: x.rule, ruleIndex: ruleIndex.get(x.rule), level, message: { text: x.message },
      locations: [location(x.line, x.column, x.endLine, x.endColumn)],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint([x.rule, file.path, x.field, x.kind ?? '', x.name ?? ''].join('\u0000')) },
      properties: {
        mesh: x.mesh, target: x.target, support: x.support, field: x.field,
        ...(x.kind !== undefined ? { kind: x.kind, name: x.name ?? null } : {}),
        ...(x.equivalent ? { equivalent: x.equivalent } : {}),
      },
    });
  }
  return results;
}

/** The run's `invocations`: successful unless a notification (a file that could not be read) says otherwise. */
function sarifInvocations(notifications: SarifOptions['notifications'] = []): Json[] {
  const list = notifications.map(n => ({
    level: 'error', message: { text: n.message },
    ...(n.path ? { locations: [{ physicalLocation: { artifactLocation: pathToUri(n.path) } }] } : {}),
  }));
  return [{ executionSuccessful: list.length === 0, ...(list.length ? { toolExecutionNotifications: list } : {}) }];
}

const runProperties = (target: Target | null) => ({ target: target ? (target.version ? `${target.mesh}@${target.version}` : target.mesh) : null });

/**
 * The SARIF log for one run over the given files (in the CLI's JSON shape). The run's keys are in the
 * order the CLI streams them (`invocations` after `results`: a file that cannot be read is known only then).
 */
export function toSarif(files: JsonFile[], o: SarifOptions): Json {
  const index = sarifRuleIndex(o.view);
  const results: Json[] = [];
  for (const file of files) for (const r of sarifFileResults(file, index)) results.push(r);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: sarifTool(o),
      columnKind: 'utf16CodeUnits',
      results,
      invocations: sarifInvocations(o.notifications),
      properties: runProperties(o.target),
    }],
  };
}

// ---- Streaming: the text JSON.stringify(toSarif(…), null, 2) prints, written as an opening, each file's
// results (each result beginning with ENTRY_SEPARATOR, like the JSON log's entries) and a closing.

/** JSON.stringify(value, null, 2) for a value placed at `depth` spaces of indentation. */
const indented = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, '\n' + ' '.repeat(depth));

/** The log up to its first result. */
export function sarifLogOpening(o: SarifOptions): string {
  return `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    {\n      "tool": ${indented(sarifTool(o), 6)},\n      "columnKind": "utf16CodeUnits",\n      "results": [`;
}

/** One file's results, each beginning with ENTRY_SEPARATOR, in chunks. */
export function* sarifFileChunks(file: JsonFile, ruleIndex: ReadonlyMap<string, number>): Generator<string> {
  let text = '';
  for (const r of sarifFileResults(file, ruleIndex)) {
    text += `${ENTRY_SEPARATOR}\n        ${indented(r, 8)}`;
    if (text.length >= CHUNK_SIZE) { yield text; text = ''; }
  }
  if (text) yield text;
}

/** The log after its last result (`wroteEntries`: whether it has any). */
export function sarifLogClosing(o: Pick<SarifOptions, 'target' | 'notifications'>, wroteEntries: boolean): string {
  return `${wroteEntries ? '\n      ]' : ']'},\n      "invocations": ${indented(sarifInvocations(o.notifications), 6)},\n      "properties": ${indented(runProperties(o.target), 6)}\n    }\n  ]\n}\n`;
}
