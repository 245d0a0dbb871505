// A resource of another mesh is not read by the target at all: a MeshLoadBalancingStrategy does nothing
// on Istio, whatever Istio supports. One information finding on its `kind`, with the target's own
// construct for what the resource does, so the user knows to convert it rather than keep it.
import type { FeatureUse, Finding, Resource, Severity, Target } from '../model';
import type { CatalogView } from '../catalog';

export const NOT_READ_RULE = 'not-read-by-target';
/** Diagnostics stay short; the equivalent is left out rather than cut. */
const MAX_LENGTH = 200;

/**
 * Findings for the resources of a document that the target does not read. `uses` are the document's
 * feature uses (they give what the resource does, and so the target's equivalent construct).
 */
export function judgeReadByTarget(view: CatalogView, resources: Resource[], uses: FeatureUse[], target: Target | null, severity: Severity | 'off'): Finding[] {
  if (!target || severity === 'off') return [];
  // Owners the target reads (`reads` of the target in data/meshes.yaml); silent where the data does not say.
  const reads = view.targets.get(target.mesh)?.reads;
  if (!reads) return [];
  const out: Finding[] = [];
  const targetName = view.meshName(target.mesh);
  const base = view.baseMesh(target.mesh);
  for (const r of resources) {
    if (r.definition || r.via !== 'apiVersion' || reads.includes(r.owner)) continue;
    // What the resource does, as the target's own construct for the first feature the target has.
    let construct: string | undefined;
    for (const u of uses) {
      if (u.kind !== r.kind || u.name !== r.name) continue;
      const cell = view.cell(base, u.feature);
      if (cell?.construct && (cell.level === 'supported' || cell.level === 'partial')) { construct = firstConstruct(cell.construct); break; }
    }
    const owner = view.meshName(r.owner);
    const head = `${r.kind} is ${article(owner)} ${owner} resource: ${targetName} does not read it`;
    const equivalent = construct && `${head} — its equivalent is ${construct}.`.length <= MAX_LENGTH ? construct : undefined;
    const message = `${head}${equivalent ? ` — its equivalent is ${equivalent}` : ''}.`;
    const f: Finding = { rule: NOT_READ_RULE, owner: r.owner, target: target.mesh, support: 'unsupported', qualifiers: [], severity, field: 'kind', range: r.range, message, kind: r.kind, name: r.name, docIndex: r.docIndex };
    if (target.version) f.targetVersion = target.version;
    if (equivalent) f.equivalent = equivalent;
    out.push(f);
  }
  return out;
}

/** "a Kuma resource", "an Istio resource", "an SMI resource" (letters read as names: ef, aitch, el, em…). */
export function article(name: string): string {
  return /^([AEIOU]|[FHLMNRSX][A-Z])/.test(name) ? 'an' : 'a';
}

/** The first of several constructs (`A; B`), cut only outside brackets; undefined when it cannot be cut cleanly. */
export function firstConstruct(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth === 0) return text.slice(0, i).trim();
  }
  return depth === 0 ? text.trim() : undefined;
}
