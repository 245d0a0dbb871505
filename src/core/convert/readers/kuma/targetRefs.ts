// Kuma names services through `targetRef`s: a MeshService (by name, or by the legacy
// `kuma.io/service` tag `<name>_<namespace>_svc_<port>`), a MeshServiceSubset (a Service plus tags, which
// on Kubernetes are pod labels), or selectors of proxies (Mesh, MeshSubset, Dataplane).
import type { ReadContext } from '../../contract';
import type { BackendRef, Subset } from '../../model';
import type { SourceView } from '../../source';

/** A Kuma service tag `backend_kuma-demo_svc_3001`: the Service, its namespace and port. */
export function parseServiceTag(tag: string): { name: string; namespace?: string; port?: number } {
  const m = /^(.+)_([a-z0-9-]+)_svc_([0-9]+)$/.exec(tag);
  return m ? { name: m[1], namespace: m[2], port: Number(m[3]) } : { name: tag };
}

/** The port number a MeshService `sectionName` (a port name, or a number as text) stands for. */
function sectionPort(section: SourceView, name: string, namespace: string | undefined, ctx: ReadContext): number | undefined {
  const text = section.peek();
  if (text === undefined) return undefined;
  section.use();
  if (/^[0-9]+$/.test(text)) return Number(text);
  const ports = ctx.input.service(name, namespace)?.ports ?? [];
  for (const p of ports) {
    const port = p as { name?: unknown; port?: unknown };
    if (port.name === text && typeof port.port === 'number') return port.port;
  }
  ctx.need(`the port number of port "${text}" of Service ${name}`, section.origin);
  return undefined;
}

export interface ServiceTarget { ref: BackendRef; subset?: Subset }

/**
 * A targetRef (or backendRef) that names a service, as a BackendRef; a MeshServiceSubset's tags become a
 * subset named after their values. Undefined (after dropping it) for a kind that names no single service.
 */
export function serviceTarget(view: SourceView, ctx: ReadContext): ServiceTarget | undefined {
  const kind = view.get('kind').str();
  const labelsView = view.get('labels');
  // Kuma 2.9+ may select a MeshService by the labels it derives from the Kubernetes Service.
  const byLabel = labelsView.get('kuma.io/display-name');
  const tag = view.get('name').str() ?? byLabel.str();
  const labelNamespace = byLabel.exists ? labelsView.get('k8s.kuma.io/namespace').str() : undefined;
  if (!kind || tag === undefined) {
    ctx.drop(view, 'This reference names no service, so there is nothing to convert it to.');
    return undefined;
  }
  if (kind !== 'MeshService' && kind !== 'MeshServiceSubset' && kind !== 'MeshExternalService') {
    ctx.drop(view, `A ${kind} reference names no single service; Mesh Lens converts references to a MeshService only.`);
    return undefined;
  }
  const parsed = parseServiceTag(tag);
  const namespace = view.get('namespace').str() ?? labelNamespace ?? parsed.namespace;
  const ref: BackendRef = { name: parsed.name, origin: view.origin };
  if (namespace !== undefined) ref.namespace = namespace;
  const port = view.get('port').num() ?? sectionPort(view.get('sectionName'), parsed.name, namespace, ctx) ?? parsed.port;
  if (port !== undefined) ref.port = port;
  if (kind === 'MeshExternalService') ref.external = true;
  const tagsView = view.get('tags');
  if (kind !== 'MeshServiceSubset') {
    if (tagsView.exists) ctx.drop(tagsView, 'Tags on a MeshService reference have no equivalent; use a MeshServiceSubset reference to pick pods.');
    for (const [key, label] of labelsView.entries()) {
      if (key !== 'kuma.io/display-name' && key !== 'k8s.kuma.io/namespace') {
        ctx.drop(label, 'Selecting MeshServices by this label has no equivalent; name the Service instead.');
      }
    }
    return { ref };
  }
  const tags = tagsView.stringMap();
  delete tags['kuma.io/service'];
  const keys = Object.keys(tags).sort();
  if (!keys.length) return { ref };
  ref.subset = keys.map(k => tags[k]).join('-');
  const subset: Subset = { host: ref.name, name: ref.subset, labels: tags, origin: tagsView.origin, from: ctx.source };
  if (namespace !== undefined) subset.namespace = namespace;
  return { ref, subset };
}

/** Who a top-level or `from[]` targetRef selects, in words; undefined for the whole mesh. */
export function describeSelection(view: SourceView): string | undefined {
  const kind = view.get('kind').str();
  if (!kind || kind === 'Mesh') {
    const proxyTypes = view.get('proxyTypes').strings();
    // Only gateway proxies is a narrower selection than every caller of the mesh.
    return proxyTypes.length && !proxyTypes.includes('Sidecar') ? `the mesh's ${proxyTypes.join(', ')} proxies` : undefined;
  }
  const parts = [kind];
  const name = view.get('name').str();
  if (name) parts.push(name);
  const namespace = view.get('namespace').str();
  if (namespace) parts.push(`in namespace ${namespace}`);
  const selectors = { ...view.get('tags').stringMap(), ...view.get('labels').stringMap() };
  const pairs = Object.entries(selectors).map(([k, v]) => `${k}=${v}`);
  if (pairs.length) parts.push(`with ${pairs.join(', ')}`);
  const proxyTypes = view.get('proxyTypes').strings();
  if (proxyTypes.length) parts.push(`(${proxyTypes.join(', ')} proxies)`);
  view.get('sectionName').str();
  view.get('mesh').str();
  return parts.join(' ');
}

/**
 * The service a server-side policy's top targetRef selects (the destination proxies): a MeshService, or
 * proxies tagged `kuma.io/service` (other tags make a subset). Marks the targetRef used when it names
 * one; undefined when it selects no single service.
 */
export function selectedService(view: SourceView, ctx: ReadContext): ServiceTarget | undefined {
  const kind = view.get('kind').peek();
  if (kind === 'MeshService') return serviceTarget(view, ctx);
  if (kind !== 'MeshSubset' && kind !== 'Dataplane') return undefined;
  const selectors = { ...peekStringMap(view.get('tags')), ...peekStringMap(view.get('labels')) };
  const tag = selectors['kuma.io/service'];
  if (!tag) return undefined;
  view.use();
  const parsed = parseServiceTag(tag);
  const ref: BackendRef = { name: parsed.name, origin: view.origin };
  if (parsed.namespace) ref.namespace = parsed.namespace;
  delete selectors['kuma.io/service'];
  const keys = Object.keys(selectors).sort();
  if (!keys.length) return { ref };
  ref.subset = keys.map(k => selectors[k]).join('-');
  const subset: Subset = { host: ref.name, name: ref.subset, labels: selectors, origin: view.origin, from: ctx.source };
  if (ref.namespace) subset.namespace = ref.namespace;
  return { ref, subset };
}

function peekStringMap(view: SourceView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of view.entries()) { const s = v.peek(); if (s !== undefined) out[k] = s; }
  return out;
}
