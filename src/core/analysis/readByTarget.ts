// A resource of another mesh is not read by the target at all: a MeshLoadBalancingStrategy does nothing
// on Istio, whatever Istio supports. One information finding on its `kind`, with the target's own
// construct for what the resource does, so the user knows to convert it rather than keep it.
import type { FeatureUse, Finding, Resource, Severity, Target } from '../model';
import type { CatalogView } from '../catalog';

export const NOT_READ_RULE = 'not-read-by-target';
/** Diagnostics stay short; the equivalent is left out rather than cut. */
const MAX_LENGTH = 200;

/** Owners a target reads, from the catalog (`reads` of the target in data/meshes.yaml); undefined when the data does not say. */
export function ownersReadBy(view: CatalogView, target: Target): ReadonlySet<string> | undefined {
  const reads = view.targets.get(target.mesh)?.reads;
  return reads ? new Set(reads) : undefined;
}

/**
 * Findings for the resources of a document that the target does not read. `uses` are the document's
 * feature uses (they give what the resource does, and so the target's equivalent construct).
 */
export function judgeReadByTarget(view: CatalogView, resources: Resource[], uses: FeatureUse[], target: Target | null, severity: Severity | 'off'): Finding[] {
  if (!target || severity === 'off') return [];
  const reads = ownersReadBy(view, target);
  if (!reads) return [];
  const out: Finding[] = [];
  const targetName = view.meshName(target.mesh);
  const base = view.baseMesh(target.mesh);
  for (const r of resources) {
    if (r.definition || r.via !== 'apiVersion' || reads.has(r.owner)) continue;
    const feature = uses.find(u => u.kind === r.kind && u.name === r.name && view.cell(base, u.feature)?.construct && (view.cell(base, u.feature)!.level === 'supported' || view.cell(base, u.feature)!.level === 'partial'))?.feature;
    const construct = feature ? firstConstruct(view.cell(base, feature)!.construct!) : undefined;
    const owner = view.meshName(r.owner);
    const head = `${r.kind} is ${article(owner)} ${owner} resource: ${targetName} does not read it`;
    const equivalent = construct && `${head} — its equivalent is ${construct}.`.length <= MAX_LENGTH ? construct : undefined;
    const message = `${head}${equivalent ? ` — its equivalent is ${equivalent}` : ''}.`;
    out.push({
      rule: NOT_READ_RULE, owner: r.owner, target: target.mesh, ...(target.version ? { targetVersion: target.version } : {}),
      support: 'unsupported', qualifiers: [], severity, field: 'kind', range: r.range, message,
      ...(equivalent ? { equivalent } : {}), kind: r.kind, name: r.name, docIndex: r.docIndex,
    });
  }
  return out;
}

/** "a Kuma resource", "an Istio resource", "an SMI resource" (letters read as names: ef, aitch, el, em…). */
function article(name: string): string {
  return /^([AEIOU]|[FHLMNRSX][A-Z])/.test(name) ? 'an' : 'a';
}

/** The first of several constructs (`A; B`), cut only outside brackets; undefined when it cannot be cut cleanly. */
function firstConstruct(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth === 0) return text.slice(0, i).trim();
  }
  return depth === 0 ? text.trim() : undefined;
}
