// A plain Kubernetes Service that carries a mesh's policy annotations (Linkerd's `retry.linkerd.io/*`
// and `timeout.linkerd.io/*`): the mesh's reader reads those annotations alone, the Service document
// stays as it is but for them (they are removed for another target, whose policy the writer writes
// after the Service), and none of its other fields is reported as not converted.
import type { YDocument, YNode } from '../parsing/yamlTree';
import { deref, getValue, mapEntries, scalarText } from '../parsing/yamlTree';
import type { TextEdit } from './injection';

const POLICY_KEY = /^(retry|timeout)\.linkerd\.io\//;

/** True for a `v1` Service with at least one policy annotation. */
export function hasPolicyAnnotations(doc: YDocument, root: YNode | undefined): boolean {
  const obj = deref(doc, root);
  if (scalarText(doc, getValue(doc, obj, 'apiVersion')) !== 'v1' || scalarText(doc, getValue(doc, obj, 'kind')) !== 'Service') return false;
  return annotationEntries(doc, obj).some(e => e.key.t === 'scalar' && POLICY_KEY.test(e.key.value));
}

/** True for a field the annotations reader answers for (`metadata.annotations["retry.linkerd.io/limit"]`). */
export function isPolicyAnnotationField(field: string): boolean {
  return /^metadata\.annotations\["(retry|timeout)\.linkerd\.io\//.test(field);
}

function annotationEntries(doc: YDocument, obj: YNode | undefined) {
  return mapEntries(doc, getValue(doc, getValue(doc, obj, 'metadata'), 'annotations'));
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
  const metadata = getValue(doc, obj, 'metadata');
  const bag = deref(doc, getValue(doc, metadata, 'annotations'));
  if (!bag || bag.t !== 'map' || bag.flow) return undefined;
  const entries = mapEntries(doc, bag);
  const policy = entries.filter(e => e.key.t === 'scalar' && POLICY_KEY.test(e.key.value));
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
