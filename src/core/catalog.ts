import type { Catalog, Feature, Mesh, OwnerId, SupportCell, Target, TargetId, TargetInfo, MeshId } from './model';
import { DetectorIndex } from './analysis/inventory';

/** Read-only queries over the bundled facts. One instance per catalog. */
export class CatalogView {
  readonly features = new Map<string, Feature>();
  readonly meshes = new Map<string, Mesh>();
  readonly targets = new Map<string, TargetInfo>();
  readonly detectorIndex: DetectorIndex;

  constructor(readonly data: Catalog) {
    for (const s of data.sections) for (const f of s.features) this.features.set(f.id, f);
    for (const m of data.meshes) this.meshes.set(m.id, m);
    for (const t of data.targets) this.targets.set(t.id, t);
    this.detectorIndex = new DetectorIndex(data.detectors);
  }

  cell(owner: string, feature: string): SupportCell | undefined {
    return this.data.cells[owner]?.[feature];
  }

  featureLabel(id: string): string { return this.features.get(id)?.label ?? id; }

  meshName(id: string): string {
    return this.targets.get(id)?.name ?? this.meshes.get(id)?.name ?? id;
  }

  /** The mesh whose support cells a target reads (consul-enterprise reads consul's). */
  baseMesh(target: TargetId): MeshId {
    return (this.targets.get(target)?.base ?? target) as MeshId;
  }

  isArchived(owner: OwnerId): boolean {
    const s = this.meshes.get(owner)?.status.state;
    return s === 'archived' || s === 'discontinued';
  }
}

/** Parses `linkerd`, `linkerd@2.14`, `Linkerd @ 2.14`; undefined when the mesh is not a target id. */
export function parseTarget(view: CatalogView, text: string | undefined | null): Target | undefined {
  if (!text) return undefined;
  const m = /^\s*([A-Za-z0-9-]+)\s*(?:@\s*v?([0-9][0-9A-Za-z.+-]*))?\s*$/.exec(text);
  if (!m) return undefined;
  const id = m[1].toLowerCase();
  if (!view.targets.has(id)) return undefined;
  return m[2] ? { mesh: id as TargetId, version: m[2] } : { mesh: id as TargetId };
}

export function formatTarget(t: Target | null | undefined): string {
  return t ? (t.version ? `${t.mesh}@${t.version}` : t.mesh) : 'none';
}

/** Compares dotted versions (`2.14`, `v1.2.0`, `edge-24.11.2` → numbers only); negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^[^0-9]*/, '').split(/[.+-]/).map(x => parseInt(x, 10));
  const pb = b.replace(/^[^0-9]*/, '').split(/[.+-]/).map(x => parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isFinite(pa[i]) ? pa[i] : 0, y = Number.isFinite(pb[i]) ? pb[i] : 0;
    if (x !== y) return x - y;
  }
  return 0;
}
