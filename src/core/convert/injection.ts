// Proxy injection on workloads and namespaces, rewritten IN PLACE for the target mesh: only the key,
// the value and (when the target wants a label where the source has an annotation, or the reverse)
// the lines of that entry change; every other byte of the document stays as it was.
import type { YDocument, YMap, YNode } from '../parsing/yamlTree';
import { deref, getKey, getValue, mapEntries } from '../parsing/yamlTree';
import { formatPath } from '../analysis/inventory';
import type { ConvertTargetId } from './model';

type Bag = 'labels' | 'annotations';

/** A text edit of the file: [start, end) becomes `text`. */
export interface TextEdit { start: number; end: number; text: string }

/** The injection keys Mesh Lens reads, with how their values say "on". */
const SOURCES: { key: string; on: string[]; off: string[] }[] = [
  { key: 'linkerd.io/inject', on: ['enabled', 'ingress'], off: ['disabled'] },
  { key: 'sidecar.istio.io/inject', on: ['true', 'enabled'], off: ['false', 'disabled'] },
  { key: 'istio-injection', on: ['enabled'], off: ['disabled'] },
  { key: 'kuma.io/sidecar-injection', on: ['enabled', 'true'], off: ['disabled', 'false'] },
  { key: 'consul.hashicorp.com/connect-inject', on: ['true'], off: ['false'] },
  { key: 'openservicemesh.io/sidecar-injection', on: ['enabled', 'true', 'yes'], off: ['disabled', 'false', 'no'] },
];

interface TargetForm { key: string; bag: Bag; on: string; off: string }

/** How the target mesh turns injection on, for a namespace and for a workload; undefined: it has no such switch. */
function targetForm(target: ConvertTargetId, namespace: boolean): TargetForm | undefined | 'leave' {
  switch (target) {
    case 'gateway-api': return 'leave';
    case 'istio': return namespace
      ? { key: 'istio-injection', bag: 'labels', on: 'enabled', off: 'disabled' }
      : { key: 'sidecar.istio.io/inject', bag: 'labels', on: '"true"', off: '"false"' };
    case 'linkerd': return { key: 'linkerd.io/inject', bag: 'annotations', on: 'enabled', off: 'disabled' };
    case 'kuma': return { key: 'kuma.io/sidecar-injection', bag: 'labels', on: 'enabled', off: 'disabled' };
    case 'consul': return namespace ? undefined : { key: 'consul.hashicorp.com/connect-inject', bag: 'annotations', on: '"true"', off: '"false"' };
  }
}

/** `# mesh-lens: not converted` above an entry left as it was (when the entry starts its own line). */
function noteAbove(text: string, eol: string, key: YNode, field: string, reason: string): TextEdit[] {
  if (!aloneOnLine(text, key.start)) return [];
  const at = lineStart(text, key.start);
  return [{ start: at, end: at, text: `${' '.repeat(key.start - at)}# mesh-lens: not converted: ${field} — ${reason}${eol}` }];
}

export interface InjectionResult {
  edits: TextEdit[];
  /** Source fields rewritten (carried) or left as they were because the target cannot say it (dropped). */
  carried: { field: string; offset: number }[];
  dropped: { field: string; offset: number; reason: string }[];
}

const META_PATHS: string[][] = [['metadata'], ['spec', 'template', 'metadata'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata']];

/** The in-place edits that switch a document's injection keys to the target's. */
export function rewriteInjection(text: string, doc: YDocument, target: ConvertTargetId, prefix: (string | number)[] = [], obj: YNode | undefined = doc.root): InjectionResult {
  const out: InjectionResult = { edits: [], carried: [], dropped: [] };
  const root = deref(doc, obj);
  if (!root || root.t !== 'map') return out;
  const kind = deref(doc, getValue(doc, root, 'kind'));
  const isNamespace = kind?.t === 'scalar' && kind.value === 'Namespace';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (const mp of META_PATHS) {
    let meta: YNode | undefined = root;
    for (const k of mp) meta = getValue(doc, meta, k);
    const metaMap = deref(doc, meta);
    if (!metaMap || metaMap.t !== 'map') continue;
    for (const bag of ['labels', 'annotations'] as Bag[]) {
      const bagEntry = getKey(doc, metaMap, bag);
      const bagMap = deref(doc, bagEntry?.value);
      if (!bagEntry || !bagMap || bagMap.t !== 'map') continue;
      for (const e of mapEntries(doc, bagMap)) {
        const keyText = e.key.t === 'scalar' ? e.key.value : undefined;
        const source = SOURCES.find(s => s.key === keyText);
        if (!source) continue;
        const field = formatPath([...prefix, ...mp, bag, source.key]);
        const value = deref(doc, e.value);
        const v = value?.t === 'scalar' ? value.value : undefined;
        const on = v !== undefined && source.on.includes(v) ? true : v !== undefined && source.off.includes(v) ? false : undefined;
        const form = targetForm(target, isNamespace);
        if (form === 'leave') continue;
        const leave = (reason: string) => {
          out.dropped.push({ field, offset: e.key.start, reason });
          out.edits.push(...noteAbove(text, eol, e.key, field, reason));
        };
        if (!form) { leave('Consul has no namespace switch for injection; set connectInject.default or connectInject.namespaceSelector in the consul-k8s Helm values instead.'); continue; }
        if (on === undefined || !value) { leave(`Mesh Lens does not know what the value ${JSON.stringify(v ?? '')} of ${source.key} means, so it left it as it is.`); continue; }
        const newValue = on ? form.on : form.off;
        if (source.key === form.key && bag === form.bag) { out.carried.push({ field, offset: e.key.start }); continue; }
        const otherBagEntry = getKey(doc, metaMap, form.bag);
        const otherBag = deref(doc, otherBagEntry?.value);
        // The target key is already there (a file written for both meshes): leave this one alone.
        if (form.bag !== bag ? getKey(doc, otherBag, form.key) : getKey(doc, bagMap, form.key)) { out.carried.push({ field, offset: e.key.start }); continue; }
        const edits = form.bag === bag
          ? [{ start: e.key.start, end: e.key.end, text: form.key }, { start: value.start, end: value.end, text: newValue }]
          : moveEntry(text, eol, bagEntry.key, bagMap, e.key, value, otherBagEntry?.key, otherBag, form, newValue);
        if (!edits) { leave(`Mesh Lens could not move ${source.key} to the ${form.bag} written in flow style; write ${form.key}: ${newValue} under metadata.${form.bag} by hand.`); continue; }
        out.edits.push(...edits);
        out.carried.push({ field, offset: e.key.start });
      }
    }
  }
  return out;
}

function lineStart(text: string, offset: number): number { return text.lastIndexOf('\n', offset - 1) + 1; }
function lineEndAfter(text: string, offset: number): number { const nl = text.indexOf('\n', offset); return nl === -1 ? text.length : nl + 1; }
function aloneOnLine(text: string, offset: number): boolean { return /^[ ]*$/.test(text.slice(lineStart(text, offset), offset)); }

/** Moves one entry from one bag (labels/annotations) to the other, by lines; undefined for flow-style maps. */
function moveEntry(text: string, eol: string, bagKey: YNode, bag: YMap, key: YNode, value: YNode, otherKey: YNode | undefined, other: YNode | undefined,
  form: TargetForm, newValue: string): TextEdit[] | undefined {
  if (bag.flow || !aloneOnLine(text, key.start) || !aloneOnLine(text, bagKey.start)) return undefined;
  // A comment after the value moves with the entry.
  const trailing = text.slice(value.end, lineEndAfter(text, value.end)).replace(/\r?\n$/, '');
  const entryLine = `${form.key}: ${newValue}${/^\s+#/.test(trailing) ? trailing : ''}`;
  const entryIndent = ' '.repeat(key.start - lineStart(text, key.start));
  if (!other) {
    if (bag.entries.length === 1) {
      // The only entry of its bag: rename the bag and rewrite the entry.
      return [{ start: bagKey.start, end: bagKey.end, text: form.bag }, { start: key.start, end: key.end, text: form.key }, { start: value.start, end: value.end, text: newValue }];
    }
    const bagLine = lineStart(text, bagKey.start);
    const bagIndent = ' '.repeat(bagKey.start - bagLine);
    return [
      { start: bagLine, end: bagLine, text: `${bagIndent}${form.bag}:${eol}${entryIndent}${entryLine}${eol}` },
      { start: lineStart(text, key.start), end: lineEndAfter(text, value.end), text: '' },
    ];
  }
  if (other.t !== 'map' || other.flow || !other.entries.length || !aloneOnLine(text, other.entries[0].key.start) || !otherKey) return undefined;
  const first = other.entries[0].key;
  const otherIndent = ' '.repeat(first.start - lineStart(text, first.start));
  const removeFrom = bag.entries.length === 1 ? lineStart(text, bagKey.start) : lineStart(text, key.start);
  return [
    { start: lineStart(text, first.start), end: lineStart(text, first.start), text: `${otherIndent}${entryLine}${eol}` },
    { start: removeFrom, end: lineEndAfter(text, value.end), text: '' },
  ];
}
