import type { ConvertTarget, ConvertTargetId } from './model';

/** What `mesh-lens convert --to` and the editor's Convert command can write. */
export const CONVERT_TARGETS: readonly ConvertTargetId[] = ['gateway-api', 'istio', 'linkerd', 'kuma', 'consul'];

/** Parses `linkerd`, `linkerd@2.14`, `kuma@v2.9.0`; undefined when the converter cannot write that target. */
export function parseConvertTarget(text: string | undefined): ConvertTarget | undefined {
  const m = /^\s*([A-Za-z-]+)\s*(?:@\s*v?([0-9][0-9A-Za-z.+-]*))?\s*$/.exec(text ?? '');
  if (!m) return undefined;
  const id = m[1].toLowerCase() as ConvertTargetId;
  if (!CONVERT_TARGETS.includes(id)) return undefined;
  return m[2] ? { id, version: m[2] } : { id };
}
