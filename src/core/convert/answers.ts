// Values the converter could not know (`needs`), answered by the user and written into the converted
// text: the `# mesh-lens: set <what>` comment is replaced by the value where the converter left its
// placeholder. Only needs that one value answers are offered here (a port, a namespace, a zone…);
// the others (an annotation on pods, a whole Service) stay as comments for the user to act on.
import type { ConvertedFile } from './contract';
import { scalar } from './emit';

/** What kind of value answers a need: decides how it is checked. */
export type AnswerKind = 'port' | 'port-or-name' | 'namespace' | 'name' | 'zone' | 'trust-domain' | 'labels';

/** A need a single value answers, once per distinct `what` (the same question asked at several places). */
export interface AnswerableNeed {
  what: string;
  kind: AnswerKind;
  /** Source lines the need comes from, ascending. */
  lines: number[];
}

/** Lines of the converted text, and the index of the line after a `# mesh-lens: set` comment block. */
type Edit = (lines: string[], comment: number, value: string) => boolean;

interface NeedRule { pattern: RegExp; kind: AnswerKind; edit: (m: RegExpMatchArray) => Edit }

// The phrases the writers use (src/core/convert/writers); the unit tests convert real inputs, so a
// reworded need shows up there as a question no longer offered.
const RULES: NeedRule[] = [
  { pattern: /^the port of Service (\S+)$/, kind: 'port', edit: () => insertKeyInObject('port', asNumber) },
  { pattern: /^the pod port \(container port number or name\) of .+ in port$/, kind: 'port-or-name', edit: () => setKeyValue('port', asPort) },
  { pattern: /^the namespace of the Kuma control plane in metadata\.namespace\b/, kind: 'namespace', edit: () => setKeyValue('namespace', asString) },
  { pattern: /^the Istio root namespace in metadata\.namespace\b/, kind: 'namespace', edit: () => setKeyValue('namespace', asString) },
  { pattern: /^the namespace of these policies: /, kind: 'namespace', edit: () => insertKeyUnder('metadata', 'namespace') },
  { pattern: /^the namespace of service (\S+) in identityRefs$/, kind: 'namespace', edit: () => insertKeyInObject('namespace', asString) },
  { pattern: /^the namespace of service (\S+) in its SPIFFE ID$/, kind: 'namespace', edit: m => replaceInDocument(`/ns/<namespace>/sa/${m[1]}`, v => `/ns/${v}/sa/${m[1]}`) },
  { pattern: /^the namespace of Service (\S+) in the kuma\.io\/service tag$/, kind: 'namespace', edit: m => replaceInDocument(`${m[1]}_<namespace>_svc_`, v => `${m[1]}_${v}_svc_`) },
  { pattern: /^the port of Service (\S+) in the kuma\.io\/service tag$/, kind: 'port', edit: m => replaceTagPort(m[1]) },
  { pattern: /^the zone name in the SPIFFE IDs\b/, kind: 'zone', edit: () => replaceInDocument('.<zone>.', v => `.${v}.`) },
  { pattern: /^the trust domain of the Istio mesh in the principals\b/, kind: 'trust-domain', edit: () => replacePrincipalsTrustDomain },
  { pattern: /^the Consul service name of .+ in name$/, kind: 'name', edit: () => setKeyValue('name', asString) },
  { pattern: /^the pod labels \(key=value\) of the pods of Server \S+ in \S+$/, kind: 'labels', edit: () => replacePlaceholderLabel() },
  { pattern: /^the port of Server (\S+) in ports$/, kind: 'port', edit: () => replaceInDocument('<port>', v => scalar(v)) },
];

const SET = '# mesh-lens: set ';

function ruleOf(what: string): { rule: NeedRule; match: RegExpMatchArray } | undefined {
  for (const rule of RULES) {
    const match = what.match(rule.pattern);
    if (match) return { rule, match };
  }
  return undefined;
}

/** The needs of a converted file that one value answers, grouped by what they ask, in order of first line. */
export function answerableNeeds(needs: ConvertedFile['needs']): AnswerableNeed[] {
  const byWhat = new Map<string, AnswerableNeed>();
  for (const need of needs) {
    const found = ruleOf(need.what);
    if (!found) continue;
    const entry = byWhat.get(need.what) ?? { what: need.what, kind: found.rule.kind, lines: [] };
    if (!entry.lines.includes(need.line)) entry.lines.push(need.line);
    byWhat.set(need.what, entry);
  }
  const out = [...byWhat.values()];
  for (const e of out) e.lines.sort((a, b) => a - b);
  return out.sort((a, b) => a.lines[0] - b.lines[0]);
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
// A label: an optional DNS-subdomain prefix and a name of up to 63 characters; its value up to 63 characters.
const LABEL_KEY = /^(?:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
// Kubernetes port names (IANA_SVC_NAME): up to 15 lowercase letters, digits and single hyphens, one letter at least.
const PORT_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why `value` cannot answer a need of `kind`, or undefined when it can. */
export function answerProblem(kind: AnswerKind, value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter a value, or press Escape to leave this one to set later.';
  const isPort = /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535;
  switch (kind) {
    case 'port':
      return isPort ? undefined : 'Enter a port number from 1 to 65535.';
    case 'port-or-name':
      return isPort || PORT_NAME.test(v) ? undefined : 'Enter a port number from 1 to 65535, or a port name (up to 15 lowercase letters, digits and hyphens).';
    case 'namespace':
    case 'zone':
    case 'name':
      return DNS_LABEL.test(v) ? undefined : `Enter a valid ${kind === 'zone' ? 'zone name' : kind}: up to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.`;
    case 'trust-domain':
      return DNS_SUBDOMAIN.test(v) ? undefined : 'Enter a trust domain such as cluster.local or example.org: lowercase letters, digits, hyphens and dots.';
    case 'labels':
      return labelPairs(v) ? undefined : 'Enter pod labels as key=value, several separated by commas, e.g. app=prometheus,component=server.';
  }
}

/**
 * Writes answers (value by the need's `what`) into converted text. An answered need's value goes where
 * the converter left its placeholder and its `# mesh-lens: set` comment goes away; a need without an
 * answer, or whose placeholder is not where expected (text edited by hand), keeps its comment.
 */
export function applyAnswers(text: string, answers: ReadonlyMap<string, string> | Record<string, string>): string {
  const byWhat = answers instanceof Map ? answers : new Map(Object.entries(answers));
  const lines = text.split('\n');
  // Bottom up: an edit only touches lines below its comment, so the indices above stay right.
  for (let i = lines.length - 1; i >= 0; i--) {
    const trimmed = lines[i].trimStart();
    if (!trimmed.startsWith(SET)) continue;
    const what = trimmed.slice(SET.length).trimEnd();
    const value = byWhat.get(what)?.trim();
    const found = ruleOf(what);
    if (value === undefined || !found || answerProblem(found.rule.kind, value)) continue;
    if (found.rule.edit(found.match)(lines, i, value)) lines.splice(i, 1);
  }
  return lines.join('\n');
}

/** The needs still marked in `text` (by their `# mesh-lens: set` comment). */
export function remainingNeeds(text: string, needs: ConvertedFile['needs']): ConvertedFile['needs'] {
  const marked = new Set(text.split('\n').map(l => l.trimStart()).filter(l => l.startsWith(SET)).map(l => l.slice(SET.length).trimEnd()));
  return needs.filter(n => marked.has(n.what));
}

const asString = (v: string) => scalar(v);
const asNumber = (v: string) => scalar(Number(v));
const asPort = (v: string) => (/^\d+$/.test(v) ? asNumber(v) : asString(v));

const indentOf = (line: string) => line.length - line.trimStart().length;
const isComment = (line: string) => line.trimStart().startsWith('#');

/** The first line after the comment block that holds `comment`: the key or item the comments are about. */
function subjectOf(lines: string[], comment: number): number {
  let i = comment + 1;
  while (i < lines.length && isComment(lines[i])) i++;
  return i < lines.length && lines[i].trim() && lines[i].trim() !== '---' ? i : -1;
}

/** `key: <old>` right after the comments becomes `key: <value>`. */
function setKeyValue(key: string, format: (v: string) => string): Edit {
  return (lines, comment, value) => {
    const at = subjectOf(lines, comment);
    const m = at < 0 ? null : lines[at].match(/^(\s*(?:- )?)([^:#]+):( .*)?$/);
    if (!m || m[2] !== key) return false;
    lines[at] = `${m[1]}${key}: ${format(value)}`;
    return true;
  };
}

/** Adds `key: <value>` to the mapping the comments are above (a list item or a map's first key), after its `name`. */
function insertKeyInObject(key: string, format: (v: string) => string): Edit {
  return (lines, comment, value) => {
    const at = subjectOf(lines, comment);
    // A top-level subject is the resource itself (the need had no better place): no object to add to.
    if (at < 0 || indentOf(lines[at]) === 0 && !lines[at].startsWith('- ')) return false;
    const item = lines[at].trimStart().startsWith('- ');
    const keyIndent = indentOf(lines[at]) + (item ? 2 : 0);
    // The mapping's own key lines: the subject, then lines at its key indent until it ends.
    let after = at;
    for (let i = at + 1; i < lines.length; i++) {
      const indent = indentOf(lines[i]);
      if (!lines[i].trim() || isComment(lines[i]) || indent > keyIndent) continue;
      if (indent < keyIndent || lines[i].trimStart().startsWith('- ')) break;
      if (new RegExp(`^\\s*${key}:`).test(lines[i])) return false; // already set: leave the comment
      if (/^\s*name:/.test(lines[i])) after = i;
    }
    lines.splice(after + 1, 0, `${' '.repeat(keyIndent)}${key}: ${format(value)}`);
    return true;
  };
}

/** Adds `child: <value>` under `parent:` (the key right after the comments), after its `name`. */
function insertKeyUnder(parent: string, child: string): Edit {
  return (lines, comment, value) => {
    const at = subjectOf(lines, comment);
    if (at < 0 || lines[at].trim() !== `${parent}:` || at + 1 >= lines.length) return false;
    const childIndent = indentOf(lines[at + 1]);
    if (childIndent <= indentOf(lines[at])) return false;
    let after = at;
    for (let i = at + 1; i < lines.length && (indentOf(lines[i]) >= childIndent || !lines[i].trim()); i++) {
      if (indentOf(lines[i]) !== childIndent) continue;
      if (new RegExp(`^\\s*${child}:`).test(lines[i])) return false;
      if (/^\s*name:/.test(lines[i])) after = i;
    }
    lines.splice(after + 1, 0, `${' '.repeat(childIndent)}${child}: ${scalar(value)}`);
    return true;
  };
}

/** The lines of the YAML document that holds `line` (between `---` separators). */
function documentAround(lines: string[], line: number): { start: number; end: number } {
  let start = line, end = line;
  while (start > 0 && lines[start - 1].trim() !== '---') start--;
  while (end < lines.length - 1 && lines[end + 1].trim() !== '---') end++;
  return { start, end };
}

/** Replaces a placeholder everywhere in the comment's document; done when none is left there. */
function replaceInDocument(placeholder: string, replacement: (v: string) => string): Edit {
  return (lines, comment, value) => {
    const { start, end } = documentAround(lines, comment);
    let found = false;
    for (let i = start; i <= end; i++) {
      if (i === comment || !lines[i].includes(placeholder)) continue;
      lines[i] = lines[i].split(placeholder).join(replacement(value));
      found = true;
    }
    return found;
  };
}

/** `<service>_<namespace>_svc_<port>`: the port part of one Service's kuma.io/service tag. */
function replaceTagPort(service: string): Edit {
  const tag = new RegExp(`(${service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_[^_\\s"]+_svc_)<port>`, 'g');
  return (lines, comment, value) => {
    const { start, end } = documentAround(lines, comment);
    let found = false;
    for (let i = start; i <= end; i++) {
      const replaced = lines[i].replace(tag, `$1${value}`);
      if (i === comment || replaced === lines[i]) continue;
      lines[i] = replaced;
      found = true;
    }
    return found;
  };
}

/** `app=web, tier=front` → its pairs; undefined when one is not a valid label. */
function labelPairs(value: string): [string, string][] | undefined {
  const pairs = value.split(',').map(p => p.trim().split('='));
  if (pairs.some(p => p.length !== 2 || !LABEL_KEY.test(p[0].trim()) || !LABEL_VALUE.test(p[1].trim()))) return undefined;
  return pairs.map(([k, v]) => [k.trim(), v.trim()]);
}

/** The placeholder label `set-pod-labels-of-server: <server>` below the comment becomes the answered labels. */
function replacePlaceholderLabel(): Edit {
  return (lines, comment, value) => {
    const pairs = labelPairs(value);
    const { end } = documentAround(lines, comment);
    for (let i = comment + 1; i <= end && pairs; i++) {
      const m = lines[i].match(/^(\s*)set-pod-labels-of-server: \S+$/);
      if (!m) continue;
      lines.splice(i, 1, ...pairs.map(([k, v]) => `${m[1]}${scalar(k)}: ${scalar(v)}`));
      return true;
    }
    return false;
  };
}

/** Istio principals are written with the default trust domain `cluster.local/ns/…`: the answer replaces it. */
const replacePrincipalsTrustDomain: Edit = (lines, comment, value) => {
  const { start, end } = documentAround(lines, comment);
  let found = false;
  for (let i = comment + 1; i <= end && i >= start; i++) {
    const m = lines[i].match(/^(\s*- "?)cluster\.local(\/ns\/.*)$/);
    if (!m) continue;
    lines[i] = `${m[1]}${value}${m[2]}`;
    found = true;
  }
  return found;
};
