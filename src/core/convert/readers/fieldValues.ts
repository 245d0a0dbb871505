// Typed reads of single source fields that every reader needs: a duration, a percentage, a Service
// host. A value that cannot be read is dropped with a reason on its own field, never guessed.
import type { ReadContext } from '../contract';
import type { BackendRef, Millis, Origin } from '../model';
import type { Valued } from '../policyModel';
import type { SourceView } from '../source';
import { parseDuration, splitServiceHost } from '../values';

/** A duration field in milliseconds; undefined when absent or unreadable (then dropped with a reason). */
export function readDuration(view: SourceView, ctx: ReadContext): Millis | undefined {
  const text = view.peek();
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) { ctx.drop(view, `"${text}" is not a duration Mesh Lens can read.`); return undefined; }
  view.use();
  return ms;
}

/** A whole number field; a value that is not a number is dropped with a reason. */
export function readNumber(view: SourceView, ctx: ReadContext): number | undefined {
  if (!view.exists) return undefined;
  const n = view.num();
  if (n === undefined) ctx.drop(view, `"${view.peek() ?? ''}" is not a number.`);
  return n;
}

/** A number with the field it came from (policies keep both); unreadable values are dropped with a reason. */
export function valuedNumber(view: SourceView, ctx: ReadContext): Valued<number> | undefined {
  const n = readNumber(view, ctx);
  return n === undefined ? undefined : { value: n, origin: view.origin };
}

/** A duration in milliseconds with the field it came from; unreadable values are dropped with a reason. */
export function valuedDuration(view: SourceView, ctx: ReadContext): Valued<Millis> | undefined {
  const ms = readDuration(view, ctx);
  return ms === undefined ? undefined : { value: ms, origin: view.origin };
}

/** A Service named by a mesh host (`reviews`, `reviews.prod.svc.cluster.local`), with an optional port and subset. */
export function backendFromHost(host: string, view: SourceView, port?: number, subset?: string): BackendRef {
  const split = splitServiceHost(host);
  const ref: BackendRef = { name: split.name, origin: view.origin };
  if (split.namespace) ref.namespace = split.namespace;
  if (port !== undefined) ref.port = port;
  if (subset !== undefined) ref.subset = subset;
  if (split.external) ref.external = true;
  return ref;
}

/** Kubernetes resource quantities as Linkerd writes weights: `1`, `0.5`, `500m`, `2k`. */
export function parseQuantity(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G)?$/.exec(text.trim());
  if (!m) return undefined;
  const scale: Record<string, number> = { m: 0.001, k: 1000, M: 1_000_000, G: 1_000_000_000 };
  return Number(m[1]) * (m[2] ? scale[m[2]] : 1);
}

/** The source field of each part a source writes (`RetryPolicy.fields`, `Timeouts.fields`), so a writer
 *  that cannot carry one part drops that field alone; undefined when the source writes none. */
export function partFields<K extends string>(parts: Partial<Record<K, SourceView>>): Partial<Record<K, Origin>> | undefined {
  const out: Partial<Record<K, Origin>> = {};
  for (const part of Object.keys(parts) as K[]) { const view = parts[part]; if (view?.exists) out[part] = view.origin; }
  return Object.keys(out).length ? out : undefined;
}
