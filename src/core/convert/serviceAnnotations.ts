// A plain Kubernetes object that carries a mesh's policy annotations: a Service with Linkerd's
// `retry.linkerd.io/*` and `timeout.linkerd.io/*`, or a Namespace or workload with Linkerd's
// `config.linkerd.io/default-inbound-policy` (on the pod template). The mesh's reader reads those
// annotations alone, the document stays as it is but for them (they are removed for another target,
// whose policy the writer writes after the document), and none of its other fields is reported as
// not converted.
import type { YDocument, YNode } from '../parsing/yamlTree';
import { deref, getValue, mapEntries, scalarText } from '../parsing/yamlTree';
import type { TextEdit } from './injection';

const SERVICE_KEY = /^(retry|timeout)\.linkerd\.io\//;
const INBOUND_KEY = /^config\.linkerd\.io\/default-inbound-policy$/;
const POD_TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

/** Where an object keeps the policy annotations Mesh Lens reads, and which keys they are. */
interface Carrier { metadataPath: string[]; key: RegExp }

function carrierOf(doc: YDocument, obj: YNode | undefined): Carrier | undefined {
  const apiVersion = scalarText(doc, getValue(doc, obj, 'apiVersion'));
  const kind = scalarText(doc, getValue(doc, obj, 'kind'));
  if (apiVersion === 'v1' && kind === 'Service') return { metadataPath: ['metadata'], key: SERVICE_KEY };
  if (apiVersion === 'v1' && (kind === 'Namespace' || kind === 'Pod')) return { metadataPath: ['metadata'], key: INBOUND_KEY };
  if ((apiVersion === 'apps/v1' || apiVersion === 'batch/v1') && kind && POD_TEMPLATE_KINDS.includes(kind)) return { metadataPath: ['spec', 'template', 'metadata'], key: INBOUND_KEY };
  return undefined;
}

function metadataOf(doc: YDocument, obj: YNode | undefined, carrier: Carrier): YNode | undefined {
  let node = obj;
  for (const key of carrier.metadataPath) node = deref(doc, getValue(doc, node, key));
  return node;
}

/** True for a Service, Namespace or workload with at least one policy annotation Mesh Lens reads. */
export function hasPolicyAnnotations(doc: YDocument, root: YNode | undefined): boolean {
  const obj = deref(doc, root);
  const carrier = carrierOf(doc, obj);
  if (!carrier) return false;
  return annotationEntries(doc, metadataOf(doc, obj, carrier)).some(e => e.key.t === 'scalar' && carrier.key.test(e.key.value));
}

/** True for a field the annotations reader answers for (`metadata.annotations["retry.linkerd.io/limit"]`). */
export function isPolicyAnnotationField(field: string): boolean {
  return /^metadata\.annotations\["(retry|timeout)\.linkerd\.io\//.test(field)
    || /^(spec\.template\.)?metadata\.annotations\["config\.linkerd\.io\/default-inbound-policy"\]$/.test(field);
}

function annotationEntries(doc: YDocument, metadata: YNode | undefined) {
  return mapEntries(doc, getValue(doc, metadata, 'annotations'));
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset after the line break ending the line that holds `offset - 1`. */
function afterLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', Math.max(offset - 1, 0));
  return nl === -1 ? text.length : nl + 1;
}

/**
 * The edits removing the policy annotations, each entry with its lines (and the `annotations:` key
 * when nothing else is left under it). Undefined when they are not written one per line (flow style):
 * the caller then leaves them and says so.
 */
export function policyAnnotationRemovals(text: string, doc: YDocument, root: YNode | undefined): TextEdit[] | undefined {
  const obj = deref(doc, root);
  const carrier = carrierOf(doc, obj);
  if (!carrier) return undefined;
  const metadata = metadataOf(doc, obj, carrier);
  const bag = deref(doc, getValue(doc, metadata, 'annotations'));
  if (!bag || bag.t !== 'map' || bag.flow) return undefined;
  const entries = mapEntries(doc, bag);
  const policy = entries.filter(e => e.key.t === 'scalar' && carrier.key.test(e.key.value));
  const alone = (offset: number) => /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
  if (!policy.every(e => alone(e.key.start))) return undefined;
  if (policy.length === entries.length) {
    const key = mapEntries(doc, deref(doc, metadata)).find(e => e.key.t === 'scalar' && e.key.value === 'annotations');
    if (key && alone(key.key.start)) return [{ start: lineStart(text, key.key.start), end: afterLine(text, bag.end), text: '' }];
  }
  return policy.map(e => {
    const end = deref(doc, e.value)?.end ?? e.key.end;
    return { start: lineStart(text, e.key.start), end: afterLine(text, end), text: '' };
  });
}

/** True for the plain objects whose policy annotations are read alone (the object itself stays). */
export function isAnnotationCarrier(apiVersion: string, kind: string): boolean {
  if (apiVersion === 'v1') return kind === 'Service' || kind === 'Namespace' || kind === 'Pod';
  return (apiVersion === 'apps/v1' || apiVersion === 'batch/v1') && POD_TEMPLATE_KINDS.includes(kind);
}

/**
 * The `annotations:` key lines whose every entry the other edits delete (an injection annotation moved
 * to a label, a policy annotation removed): deleted too, so no empty mapping is left behind.
 */
export function emptiedAnnotationKeys(text: string, doc: YDocument, root: YNode | undefined, edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  const deleted = (start: number, end: number) => edits.some(e => e.text === '' && e.start <= start && e.end >= end);
  for (const path of [['metadata'], ['spec', 'template', 'metadata']]) {
    let metadata = deref(doc, root);
    for (const key of path) metadata = deref(doc, getValue(doc, metadata, key));
    const key = mapEntries(doc, metadata).find(e => e.key.t === 'scalar' && e.key.value === 'annotations');
    const bag = deref(doc, key?.value);
    if (!key || !bag || bag.t !== 'map' || bag.flow || !bag.entries.length) continue;
    const keyLine = lineStart(text, key.key.start);
    if (!/^[ \t]*$/.test(text.slice(keyLine, key.key.start))) continue;
    const keyLineEnd = afterLine(text, key.key.end + 1);
    if (deleted(keyLine, keyLineEnd) || keyLineEnd > lineStart(text, bag.entries[0].key.start)) continue;
    const allGone = mapEntries(doc, bag).every(e => deleted(lineStart(text, e.key.start), afterLine(text, deref(doc, e.value)?.end ?? e.key.end)));
    if (allGone) out.push({ start: keyLine, end: keyLineEnd, text: '' });
  }
  return out;
}

/**
 * The edit adding annotations to a plain Service of the input (Linkerd failure accrual read from another
 * mesh's traffic policy), with a comment naming where they come from; 'present' when the Service has
 * them already. Undefined when they cannot be written faithfully: the metadata or its annotations in flow style, or a key already set to another value.
 */
export function serviceAnnotationInsert(text: string, doc: YDocument, root: YNode | undefined, annotations: Record<string, string>, note: string): TextEdit | 'present' | undefined {
  const metadata = deref(doc, getValue(doc, deref(doc, root), 'metadata'));
  if (!metadata || metadata.t !== 'map' || metadata.flow || !metadata.entries.length) return undefined;
  const first = metadata.entries[0].key;
  const indent = text.slice(lineStart(text, first.start), first.start);
  if (!/^ +$/.test(indent)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const bagKey = mapEntries(doc, metadata).find(e => e.key.t === 'scalar' && e.key.value === 'annotations');
  const bag = deref(doc, bagKey?.value);
  const wanted = Object.entries(annotations);
  if (bag) {
    if (bag.t !== 'map' || bag.flow || !bag.entries.length) return undefined;
    const present = new Map(mapEntries(doc, bag).map(e => [scalarText(doc, e.key), scalarText(doc, e.value)]));
    if (wanted.some(([k, v]) => present.has(k) && present.get(k) !== v)) return undefined;
    const missing = wanted.filter(([k]) => !present.has(k));
    if (!missing.length) return 'present';
    const at = lineStart(text, bag.entries[0].key.start);
    const entryIndent = text.slice(at, bag.entries[0].key.start);
    if (!/^ +$/.test(entryIndent)) return undefined;
    return { start: at, end: at, text: [`${entryIndent}# ${note}`, ...missing.map(([k, v]) => `${entryIndent}${k}: ${JSON.stringify(v)}`)].join(eol) + eol };
  }
  // After the metadata's last entry when that is a one-line scalar (name, namespace), else before its first.
  const lastValue = deref(doc, metadata.entries[metadata.entries.length - 1].value);
  const oneLine = lastValue?.t === 'scalar' && !text.slice(lastValue.start, lastValue.end).includes('\n');
  const at = oneLine ? afterLine(text, lastValue.end + 1) : lineStart(text, first.start);
  if (oneLine && at === text.length && !text.endsWith('\n')) return undefined;
  return { start: at, end: at, text: [`${indent}annotations:`, `${indent}  # ${note}`, ...wanted.map(([k, v]) => `${indent}  ${k}: ${JSON.stringify(v)}`)].join(eol) + eol };
}
