// Which features of a converted resource were carried and which were dropped: each field reported as
// not converted is matched to the feature use (from the same detectors `check` runs) whose field
// equals it, lies under it, or contains it; every use under no dropped field was carried.
import type { FeatureUse } from '../model';
import type { ConvertedFile } from './contract';

/** True when `field` is `parent` or lies under it (`spec.http[0].fault.delay` under `spec.http[0]`). */
export function fieldWithin(field: string, parent: string): boolean {
  return field === parent || (field.startsWith(parent) && (field[parent.length] === '.' || field[parent.length] === '['));
}

export function featureReport(uses: FeatureUse[], dropped: { field: string; line: number; reason: string }[]): Pick<ConvertedFile, 'carried' | 'dropped'> {
  const out: Pick<ConvertedFile, 'carried' | 'dropped'> = { carried: [], dropped: [] };
  if (!dropped.length) {
    for (const u of uses) out.carried.push({ feature: u.feature, field: u.field, line: u.range.line });
    return out;
  }
  const named = new Set<string>();
  for (const d of dropped) {
    const inside = uses.filter(u => fieldWithin(u.field, d.field));
    const around = uses.filter(u => fieldWithin(d.field, u.field)).sort((a, b) => b.field.length - a.field.length);
    const first = inside[0] ?? around[0];
    out.dropped.push({ ...(first ? { feature: first.feature } : {}), field: d.field, line: d.line, reason: d.reason });
    if (first) named.add(`${first.feature}|${first.field}`);
    // A dropped subtree holding several features names each of them.
    for (const u of inside.slice(1)) {
      if (named.has(`${u.feature}|${u.field}`)) continue;
      named.add(`${u.feature}|${u.field}`);
      out.dropped.push({ feature: u.feature, field: u.field, line: u.range.line, reason: d.reason });
    }
  }
  for (const u of uses) {
    if (dropped.some(d => fieldWithin(u.field, d.field))) continue;
    out.carried.push({ feature: u.feature, field: u.field, line: u.range.line });
  }
  return out;
}
