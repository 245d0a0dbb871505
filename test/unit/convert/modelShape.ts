// The model without its bookkeeping: `origin` and `fields` (source fields and lines) and `from` (source resource)
// (an object; `allowedRoutes.from` stays) are left out so a test can compare what a reader understood with a plain expected value.
export function bare(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(bare);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'origin' || k === 'fields' || (k === 'from' && typeof v === 'object') || v === undefined) continue;
      out[k] = bare(v);
    }
    return out;
  }
  return value;
}
