// A resource of the target's own mesh that is already what the target reads (an Istio DestinationRule
// or AuthorizationPolicy converted to Istio) stays exactly as written. What other resources of the run
// need from it is still read: the subsets a kept DestinationRule declares, which routes go to. A
// construct it uses that the target version lacks is said, since it stays in the text.
import type { CatalogView } from '../catalog';
import { compareVersions } from '../catalog';
import { versionIn } from '../analysis/judge';
import type { Resource } from '../model';
import type { YDocument } from '../parsing/yamlTree';
import { deref } from '../parsing/yamlTree';
import type { InputContext, Reader } from './contract';
import type { ConvertTarget, SourceRef, Subset } from './model';
import { SourceTracker, SourceView } from './source';

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

/** Why the target version lacks a construct a kept resource uses (one the target's newest version has), or undefined. */
export function versionLacks(catalog: CatalogView, target: ConvertTarget, feature: string,
  supports: (catalog: CatalogView, target: ConvertTarget, feature: string) => boolean): string | undefined {
  if (!target.version || supports(catalog, target, feature) || !supports(catalog, { id: target.id }, feature)) return undefined;
  const cell = catalog.cell(target.id, feature);
  const name = catalog.meshName(target.id);
  const since = versionIn(cell?.since);
  const has = since && compareVersions(target.version, since) < 0 ? `${name} has this from version ${since} on` : `${name} ${target.version} no longer has this`;
  return `${has}; the resource is kept as written, so remove this field before applying it to ${name} ${target.version}.`;
}
