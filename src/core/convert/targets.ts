import type { ConvertTarget, ConvertTargetId } from './model';

/** What `mesh-lens convert --to` and the editor's Convert command can write. */
export const CONVERT_TARGETS: readonly ConvertTargetId[] = ['gateway-api', 'istio', 'linkerd', 'kuma', 'consul'];

/** `linkerd`, `linkerd@2.14`, `kuma@v2.9`; undefined when it names no convert target. */
export function parseConvertTarget(text: string | undefined): ConvertTarget | undefined {
  const m = /^\s*([a-z-]+)\s*(?:@\s*v?([0-9]+(?:\.[0-9]+){0,2}))?\s*$/.exec((text ?? '').toLowerCase());
  if (!m || !CONVERT_TARGETS.includes(m[1] as ConvertTargetId)) return undefined;
  return m[2] ? { id: m[1] as ConvertTargetId, version: m[2] } : { id: m[1] as ConvertTargetId };
}
