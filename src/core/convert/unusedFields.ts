// The fields of a resource its reader never used: the smallest subtrees nobody touched. The same answer
// as SourceView.unused(), in one walk over the tree with the used paths indexed first (a reader uses a
// few dozen paths of a resource, and a run may hold thousands of resources).
import type { YDocument, YNode } from '../parsing/yamlTree';
import { deref, mapEntries } from '../parsing/yamlTree';
import { childField } from '../analysis/inventory';
import type { Origin } from './model';

/** Every strict ancestor path of the consumed paths (`spec.http[0]` and `spec` for `spec.http[0].route`). */
function ancestorsOf(consumed: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const c of consumed) {
    for (let i = c.length - 1; i > 0; i--) {
      const ch = c[i];
      if (ch !== '.' && ch !== '[') continue;
      const prefix = c.slice(0, i);
      if (out.has(prefix)) break; // its own ancestors are in already
      out.add(prefix);
    }
  }
  return out;
}

/** Unused fields under the root, with the lines of their keys. */
export function unusedFields(doc: YDocument, root: YNode | undefined, consumed: Set<string>, lineOf: (offset: number) => number): Origin[] {
  const ancestors = ancestorsOf(consumed);
  const out: Origin[] = [];
  const walk = (node: YNode | undefined, field: string, keyOffset: number, depth: number) => {
    const n = deref(doc, node);
    if (!n || consumed.has(field)) return;
    if (!ancestors.has(field) || depth > 64) { out.push({ path: field, line: lineOf(keyOffset) }); return; }
    if (n.t === 'map') {
      for (const e of mapEntries(doc, n)) if (e.key.t === 'scalar') walk(e.value, childField(field, e.key.value), e.key.start, depth + 1);
    } else if (n.t === 'seq') {
      n.items.forEach((item, i) => walk(item, childField(field, i), item.start, depth + 1));
    }
  };
  for (const e of mapEntries(doc, deref(doc, root))) if (e.key.t === 'scalar') walk(e.value, childField('', e.key.value), e.key.start, 1);
  return out;
}
