// The team config `.meshlens.yaml`: parsing (text → config or errors with line and column) and discovery
// (the nearest file walking up from a path). Pure: the caller supplies `readFile`, so the CLI and the
// extension share it.
//
//   target: linkerd@2.14
//   severity: {unsupported: error, partial: warning, unknown: off}
//   ignore: [charts/**, "*.generated.yaml"]     # relative to the folder of this file
//   disable: [traffic_mirroring]
import { parseEvents, getScalarValue, EVENT_ID } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import type { Severity, SeverityMap, Target } from './model';
import { parseTarget } from './catalog';
import type { CatalogView } from './catalog';
import { LineIndex } from './parsing/lines';

export const CONFIG_FILE_NAME = '.meshlens.yaml';
/** Rule ids of findings that are not about a feature (valid in `disable`). */
export const RULE_IDS = ['api-version-not-served', 'project-archived', 'deprecated-construct', 'parse-error', 'not-read-by-target'];

export interface MeshLensConfig {
  target?: Target;
  severity?: Partial<SeverityMap>;
  /** Globs relative to the config file's folder. */
  ignore?: string[];
  disable?: string[];
}
export interface ConfigError { message: string; line: number; column: number }
export type ConfigParseResult = { config: MeshLensConfig; errors?: undefined } | { config?: undefined; errors: ConfigError[] };

const SEVERITY_WORDS: Record<string, Severity | 'off'> = {
  error: 'error', warning: 'warning', information: 'information', info: 'information', hint: 'hint', off: 'off',
};
const SEVERITY_KEYS = ['unsupported', 'partial', 'unknown', 'notRead'] as const;
const KEYS = ['target', 'severity', 'ignore', 'disable'];

// ---- a small tree with offsets (config files are tiny; aliases are refused) ----
type Node =
  | { t: 'scalar'; start: number; value: string; plainEmpty: boolean }
  | { t: 'map'; start: number; entries: { key: Node; value: Node }[] }
  | { t: 'seq'; start: number; items: Node[] }
  | { t: 'alias'; start: number };

function buildTree(text: string, events: Event[]): { root?: Node; extraDoc?: number } {
  const stack: { node: Node & { t: 'map' | 'seq' }; key?: Node }[] = [];
  let root: Node | undefined, docs = 0, lastEnd = 0;
  const attach = (n: Node) => {
    const top = stack[stack.length - 1];
    if (!top) { root = n; return; }
    if (top.node.t === 'seq') top.node.items.push(n);
    else if (!top.key) top.key = n;
    else { top.node.entries.push({ key: top.key, value: n }); top.key = undefined; }
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (++docs > 1) return { root, extraDoc: lastOffset(events, e) };
        break;
      case EVENT_ID.MAPPING: case EVENT_ID.SEQUENCE: {
        const n = e.type === EVENT_ID.MAPPING ? { t: 'map' as const, start: e.start, entries: [] } : { t: 'seq' as const, start: e.start, items: [] };
        attach(n); stack.push({ node: n });
        break;
      }
      case EVENT_ID.SCALAR: {
        const s = e as ScalarEvent;
        const quoted = s.style === 2 || s.style === 3;
        if (s.valueStart < 0) { attach({ t: 'scalar', start: lastEnd + 1, value: '', plainEmpty: true }); break; } // empty: just after the key's colon
        const value = s.fast ? text.slice(s.valueStart, s.valueEnd) : getScalarValue(text, s);
        lastEnd = quoted ? s.valueEnd + 1 : s.valueEnd;
        attach({ t: 'scalar', start: quoted ? s.valueStart - 1 : s.valueStart, value, plainEmpty: !quoted && (value === '' || value === '~' || value === 'null') });
        break;
      }
      case EVENT_ID.ALIAS: attach({ t: 'alias', start: Math.max(0, e.anchorStart - 1) }); break;
      case EVENT_ID.POP: stack.pop(); break;
    }
  }
  return { root };
}

function lastOffset(events: Event[], doc: Event): number {
  // The offset of the first node of the extra document, else 0.
  const i = events.indexOf(doc);
  for (let j = i + 1; j < events.length; j++) {
    const e = events[j] as { start?: number; valueStart?: number };
    if (typeof e.start === 'number') return e.start;
    if (typeof e.valueStart === 'number') return e.valueStart;
  }
  return 0;
}

/** Parses `.meshlens.yaml` text. Every problem is an error with its 1-based line and column; nothing is silently defaulted. */
export function parseConfig(text: string, view: CatalogView): ConfigParseResult {
  const lines = new LineIndex(text);
  const errors: ConfigError[] = [];
  const err = (offset: number, message: string) => { const p = lines.position(offset); errors.push({ message, line: p.line, column: p.column }); };

  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: 20 });
  } catch (e) {
    const mark = (e as { mark?: { line?: number; column?: number } }).mark;
    const reason = (e as { reason?: string }).reason || String((e as Error).message || e).split('\n')[0];
    return { errors: [{ message: `YAML syntax error: ${reason}`, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 }] };
  }
  const { root, extraDoc } = buildTree(text, events);
  if (extraDoc !== undefined) err(extraDoc, 'only one YAML document is allowed');
  const config: MeshLensConfig = {};
  if (!root || (root.t === 'scalar' && root.plainEmpty)) return errors.length ? { errors } : { config };
  if (root.t !== 'map') {
    err(root.start, `expected a mapping with the keys ${KEYS.join(', ')}`);
    return { errors };
  }
  const str = (n: Node, what: string): string | undefined => {
    if (n.t === 'alias') { err(n.start, 'aliases are not supported here'); return undefined; }
    if (n.t !== 'scalar') { err(n.start, `${what} must be a string, not a ${n.t === 'map' ? 'mapping' : 'list'}`); return undefined; }
    if (n.plainEmpty) { err(n.start, `${what} needs a value`); return undefined; }
    return n.value;
  };
  const list = (n: Node, what: string): Node[] | undefined => {
    if (n.t === 'seq') return n.items;
    err(n.start, `${what} must be a list${n.t === 'scalar' && !n.plainEmpty ? ` (write [${n.value}])` : ''}`);
    return undefined;
  };
  const seen = new Set<string>();
  for (const { key, value } of root.entries) {
    const k = key.t === 'scalar' ? key.value : undefined;
    if (k === undefined) { err(key.start, 'keys must be plain strings'); continue; }
    if (seen.has(k)) { err(key.start, `duplicate key "${k}"`); continue; }
    seen.add(k);
    switch (k) {
      case 'target': {
        const v = str(value, 'target');
        if (v === undefined) break;
        const t = parseTarget(view, v);
        if (!t) err(value.start, `unknown target "${v}": expected one of ${[...view.targets.keys()].join(', ')}, optionally with @version`);
        else config.target = t;
        break;
      }
      case 'severity': {
        if (value.t !== 'map') { err(value.start, `severity must be a mapping of ${SEVERITY_KEYS.join(', ')} to error, warning, information, hint or off`); break; }
        const sev: Partial<SeverityMap> = {};
        const seenSev = new Set<string>();
        for (const e of value.entries) {
          const sk = e.key.t === 'scalar' ? e.key.value : undefined;
          if (!sk || !(SEVERITY_KEYS as readonly string[]).includes(sk)) {
            err(e.key.start, `unknown severity key "${sk ?? '?'}": expected ${SEVERITY_KEYS.join(', ')}`);
            continue;
          }
          if (seenSev.has(sk)) { err(e.key.start, `duplicate key "${sk}"`); continue; }
          seenSev.add(sk);
          const sv = str(e.value, `severity.${sk}`);
          if (sv === undefined) continue;
          const word = SEVERITY_WORDS[sv];
          if (!word) err(e.value.start, `unknown severity "${sv}" for ${sk}: expected error, warning, information (or info), hint or off`);
          else sev[sk as keyof SeverityMap] = word;
        }
        config.severity = sev;
        break;
      }
      case 'ignore': {
        const items = list(value, 'ignore');
        if (!items) break;
        config.ignore = [];
        for (const it of items) {
          const g = str(it, 'an ignore glob');
          if (g !== undefined) config.ignore.push(g);
        }
        break;
      }
      case 'disable': {
        const items = list(value, 'disable');
        if (!items) break;
        config.disable = [];
        for (const it of items) {
          const id = str(it, 'a feature id');
          if (id === undefined) continue;
          if (!isRuleId(view, id)) err(it.start, `unknown feature id "${id}"${suggest(view, id)}`);
          else config.disable.push(id);
        }
        break;
      }
      default:
        err(key.start, `unknown key "${k}": expected ${KEYS.join(', ')}`);
    }
  }
  return errors.length ? { errors } : { config };
}

/** A feature id of the catalog or one of the rule ids of findings that are not about a feature. */
export function isRuleId(view: CatalogView, id: string): boolean {
  return view.features.has(id) || RULE_IDS.includes(id);
}

function suggest(view: CatalogView, id: string): string {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const n = norm(id);
  const hit = [...view.features.keys(), ...RULE_IDS].find(f => norm(f) === n || norm(f).includes(n) || (n.length > 4 && n.includes(norm(f))));
  return hit ? ` (did you mean "${hit}"?)` : '';
}

/** `path:line:column: message`, the form editors and CI logs link. */
export function formatConfigError(path: string, e: ConfigError): string {
  return `${path}:${e.line}:${e.column}: ${e.message}`;
}

/** A glob as a RegExp over '/'-separated relative paths: `*` within a segment, `**` across, `?` one character.
 *  A glob without a slash matches a name at any depth (like .gitignore); a match on a folder covers all below it. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') { re += '.*'; i++; if (g[i + 1] === '/') { i++; re = re.slice(0, -2) + '(?:.*/)?'; } }
      else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return g.includes('/') ? new RegExp(`^(?:\\./)?${re}(?:/.*)?$`) : new RegExp(`(?:^|/)${re}(?:/.*)?$`);
}

// ---- discovery ----

/** Path helpers that work on both '/' and '\' separated paths (no Node built-ins in the engine). */
function sepOf(p: string): string { return p.includes('/') || !p.includes('\\') ? '/' : '\\'; }
function trimSep(p: string): string {
  let q = p;
  while (q.length > 1 && /[\\/]$/.test(q) && !/^[A-Za-z]:[\\/]$/.test(q)) q = q.slice(0, -1);
  return q;
}
export function parentDir(p: string): string {
  const q = trimSep(p);
  const i = Math.max(q.lastIndexOf('/'), q.lastIndexOf('\\'));
  if (i < 0) return q;
  if (i === 0) return q.slice(0, 1);
  if (/^[A-Za-z]:$/.test(q.slice(0, i))) return q.slice(0, i + 1);
  return q.slice(0, i);
}
export function joinPath(dir: string, name: string): string {
  return /[\\/]$/.test(dir) ? dir + name : dir + sepOf(dir) + name;
}
/** `p` relative to `dir` with '/' separators, or undefined when `p` is not inside `dir`. */
export function relativeInside(dir: string, p: string): string | undefined {
  const d = trimSep(dir).replace(/\\/g, '/'), q = p.replace(/\\/g, '/');
  if (q === d) return '';
  const prefix = d.endsWith('/') ? d : d + '/';
  return q.startsWith(prefix) ? q.slice(prefix.length) : undefined;
}

export interface LoadedConfig {
  /** Path of the `.meshlens.yaml`. */
  path: string;
  /** Its folder (ignore globs are relative to it). */
  dir: string;
  config?: MeshLensConfig;
  errors?: ConfigError[];
  ignore: RegExp[];
}

/**
 * Finds the `.meshlens.yaml` that applies to a path: the nearest one in its folder or any folder above,
 * up to the filesystem root. Only the nearest file applies (no merging). Results are cached per folder,
 * so a tree of files costs one lookup per folder.
 */
export class ConfigResolver {
  private byDir = new Map<string, LoadedConfig | null>();

  constructor(private readonly view: CatalogView, private readonly readFile: (path: string) => string | undefined, readonly fileName = CONFIG_FILE_NAME) {}

  /** The config for a file (looked up from its folder). */
  forFile(filePath: string): LoadedConfig | null {
    return this.forDir(parentDir(filePath));
  }

  /** The config for a folder: its own `.meshlens.yaml`, else its parent's. */
  forDir(dir: string): LoadedConfig | null {
    const key = trimSep(dir);
    const hit = this.byDir.get(key);
    if (hit !== undefined) return hit;
    const chain: string[] = [];
    let d = key, found: LoadedConfig | null = null;
    for (;;) {
      const cached = this.byDir.get(d);
      if (cached !== undefined) { found = cached; break; }
      chain.push(d);
      const path = joinPath(d, this.fileName);
      const text = this.readFile(path);
      if (text !== undefined) { found = this.load(path, d, text); break; }
      const up = parentDir(d);
      if (up === d) break;
      d = up;
    }
    for (const c of chain) this.byDir.set(c, found);
    return found;
  }

  /** Every config loaded so far that has errors. */
  broken(): LoadedConfig[] {
    return [...new Set([...this.byDir.values()])].filter((c): c is LoadedConfig => !!c && !!c.errors);
  }

  /** True when a glob of the applying config ignores the path (the path may be a file or a folder). */
  ignores(loaded: LoadedConfig | null, path: string): boolean {
    if (!loaded || loaded.ignore.length === 0) return false;
    const rel = relativeInside(loaded.dir, path);
    return rel !== undefined && rel !== '' && loaded.ignore.some(r => r.test(rel));
  }

  private load(path: string, dir: string, text: string): LoadedConfig {
    const r = parseConfig(text, this.view);
    return r.errors ? { path, dir, errors: r.errors, ignore: [] } : { path, dir, config: r.config, ignore: (r.config.ignore ?? []).map(globToRegExp) };
  }
}
