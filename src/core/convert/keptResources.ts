// A resource of the target's own mesh that is already what the target reads (an Istio DestinationRule
// or AuthorizationPolicy converted to Istio) stays exactly as written. What other resources of the run
// need from it is still read: the subsets a kept DestinationRule declares, which routes go to. A
// construct it uses that the target version lacks is said, since it stays in the text.
import type { CatalogView } from '../catalog';
import { compareVersions } from '../catalog';
import { versionIn } from '../analysis/judge';
import type { FeatureUse, Resource } from '../model';
import type { YDocument } from '../parsing/yamlTree';
import { deref } from '../parsing/yamlTree';
import type { ConvertedFile, InputContext, Reader } from './contract';
import type { ConvertTarget, SourceRef, Subset } from './model';
import { SourceTracker, SourceView } from './source';
import { targetSupports } from './resourceWriting';

/** The subsets a kept resource declares. Read quietly: what the model does not hold stays in the text. */
export function keptSubsets(doc: YDocument, lineOf: (offset: number) => number, res: Resource, reader: Reader, target: ConvertTarget): Subset[] {
  const node = deref(doc, doc.root);
  if (!node) return [];
  const root = new SourceView(new SourceTracker(doc, lineOf), doc.root, [], node.start);
  const source: SourceRef = { apiVersion: res.apiVersion, kind: res.kind, name: res.name ?? '', namespace: res.namespace, line: res.range.line, docIndex: doc.index };
  const quiet = () => undefined;
  const nothing: InputContext = { service: () => undefined, subset: () => undefined };
  try {
    return reader.read(res.kind, { root, source, target, input: nothing, drop: quiet, dropInert: quiet, need: quiet })?.subsets ?? [];
  } catch { return []; }
}

/** The report of a kept resource's uses: carried, or dropped when the target version lacks them (with the comments that say so). */
export function keptUses(uses: FeatureUse[], catalog: CatalogView, target: ConvertTarget): {
  carried: ConvertedFile['carried']; dropped: ConvertedFile['dropped']; comments: string;
} {
  const out = { carried: [] as ConvertedFile['carried'], dropped: [] as ConvertedFile['dropped'], comments: '' };
  for (const u of uses) {
    const reason = versionLacks(catalog, target, u.feature);
    if (!reason) { out.carried.push({ feature: u.feature, field: u.field, line: u.range.line }); continue; }
    out.dropped.push({ feature: u.feature, field: u.field, line: u.range.line, reason });
    out.comments += `# mesh-lens: not converted: ${u.field} — ${reason}\n`;
  }
  return out;
}

/** Why the target version lacks a construct a kept resource uses (one the target's newest version has), or undefined. */
function versionLacks(catalog: CatalogView, target: ConvertTarget, feature: string): string | undefined {
  if (!target.version || targetSupports(catalog, target, feature) || !targetSupports(catalog, { id: target.id }, feature)) return undefined;
  const cell = catalog.cell(target.id, feature);
  const name = catalog.meshName(target.id);
  const since = versionIn(cell?.since);
  const has = since && compareVersions(target.version, since) < 0 ? `${name} has this from version ${since} on` : `${name} ${target.version} no longer has this`;
  return `${has}; the resource is kept as written, so remove this field before applying it to ${name} ${target.version}.`;
}
