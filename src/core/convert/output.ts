// What writers produce: plain objects in the order their keys should be written, with comments
// attached to an object (above its first line) or to one of its keys (above that key). The YAML
// emitter (emit.ts) writes them; writers never build YAML text themselves.

export type OutValue = string | number | boolean | null | OutValue[] | OutMap;
export interface OutMap { [key: string]: OutValue | undefined }

interface Note { key?: string; text: string }
const notes = new WeakMap<object, Note[]>();

/** Attaches a comment line (without `#`) above `key` of `obj`, or above `obj` itself when no key is given. */
export function comment(obj: OutMap | OutValue[], text: string, key?: string): void {
  const list = notes.get(obj) ?? [];
  if (!list.some(n => n.key === key && n.text === text)) list.push({ key, text });
  notes.set(obj, list);
}

const NONE: readonly string[] = [];

/** The comments attached to an object (key undefined) or to one of its keys. The emitter asks for every
 *  key and item of every output, and most have none: those share one empty list. */
export function commentsOf(obj: object, key?: string): readonly string[] {
  const list = notes.get(obj);
  if (!list) return NONE;
  const out: string[] = [];
  for (const n of list) if (n.key === key) out.push(n.text);
  return out;
}

/** Every object and list of the written documents. */
export function objectsIn(values: OutValue[]): Set<object> {
  const out = new Set<object>();
  const walk = (v: OutValue | undefined) => {
    if (!v || typeof v !== 'object' || out.has(v)) return;
    out.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
  };
  for (const v of values) walk(v);
  return out;
}

/** One output document: a resource of the target, with where it came from. */
export interface OutDoc {
  obj: OutMap;
  /** Set on helper objects the source did not hold (a per-subset Service, a ReferenceGrant): the why. */
  generated?: string;
}
