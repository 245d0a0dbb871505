// Which features of a converted resource were carried and which were dropped: each field reported as
// not converted is matched to the feature use (from the same detectors `check` runs) whose field
// equals it, lies under it, or contains it; every use under no dropped field was carried.
import type { FeatureUse } from '../model';
import type { ConvertedFile } from './contract';

/** True when `field` is `parent` or lies under it (`spec.http[0].fault.delay` under `spec.http[0]`). */
export function fieldWithin(field: string, parent: string): boolean {
  return field === parent || (field.startsWith(parent) && (field[parent.length] === '.' || field[parent.length] === '['));
}

/**
 * True when the use lies in the dropped field, or the use is a tagged union's `type` key (a Kuma or
 * Gateway API filter: `filters[2].type: RequestMirror`) whose whole payload (`filters[2].requestMirror`)
 * was dropped: the filter is then gone, though its `type` key was read.
 */
function droppedWith(useField: string, droppedField: string): boolean {
  if (fieldWithin(useField, droppedField)) return true;
  if (!useField.endsWith('.type')) return false;
  const union = useField.slice(0, -'.type'.length);
  const rest = droppedField.slice(union.length + 1);
  return droppedField.startsWith(`${union}.`) && /^[A-Za-z0-9_-]+$/.test(rest);
}

export function featureReport(uses: FeatureUse[], dropped: { field: string; line: number; reason: string; inert?: true }[]): Pick<ConvertedFile, 'carried' | 'dropped'> {
  const out: Pick<ConvertedFile, 'carried' | 'dropped'> = { carried: [], dropped: [] };
  if (!dropped.length) {
    for (const u of uses) out.carried.push({ feature: u.feature, field: u.field, line: u.range.line });
    return out;
  }
  const named = new Set<string>();
  for (const d of dropped) {
    const inside = uses.filter(u => droppedWith(u.field, d.field));
    const around = uses.filter(u => fieldWithin(d.field, u.field)).sort((a, b) => b.field.length - a.field.length);
    const first = inside[0] ?? around[0];
    out.dropped.push({ ...(first ? { feature: first.feature } : {}), field: d.field, line: d.line, reason: d.reason, ...(d.inert ? { inert: d.inert } : {}) });
    if (first) named.add(`${first.feature}|${first.field}`);
    // A dropped subtree holding several features names each of them.
    for (const u of inside.slice(1)) {
      if (named.has(`${u.feature}|${u.field}`)) continue;
      named.add(`${u.feature}|${u.field}`);
      out.dropped.push({ feature: u.feature, field: u.field, line: u.range.line, reason: d.reason, ...(d.inert ? { inert: d.inert } : {}) });
    }
  }
  for (const u of uses) {
    if (dropped.some(d => droppedWith(u.field, d.field))) continue;
    out.carried.push({ feature: u.feature, field: u.field, line: u.range.line });
  }
  return out;
}
