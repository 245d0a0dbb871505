// Subsets (Istio DestinationRule subsets, Consul resolver subsets) select pods inside one Service.
// Gateway API, Linkerd and Consul's API gateway route only to Services, so each subset becomes a
// Service of its own, `<service>-<subset>`: the Service's selector plus the subset's labels, the same
// ports. The Services are written where the subset is declared (the DestinationRule's conversion);
// routes only reference them, and ask for what the input does not say.
import type { WriteContext } from '../contract';
import type { BackendRef, Subset } from '../model';
import type { OutDoc, OutMap } from '../output';
import { splitServiceHost } from '../values';

/** The name of the Service that stands for one subset. */
export function subsetServiceName(service: string, subset: string): string {
  return `${service}-${subset}`;
}

/**
 * The Service a backend reference goes to: its own name, or `<service>-<subset>` for a subset. When
 * the input declares no such subset, the reference is kept and the subset's labels are asked for at
 * `at` (the backendRef object being written).
 */
export function backendServiceName(ref: BackendRef, ctx: WriteContext, at: OutMap): string {
  if (!ref.subset) return ref.name;
  const name = subsetServiceName(ref.name, ref.subset);
  if (!ctx.input.subset(ref.name, ref.subset, ref.namespace)) {
    ctx.need(`the Service ${name}: the pods of Service ${ref.name} with the labels of subset ${ref.subset}, which no resource of the input declares`, ref.origin, at);
  }
  return name;
}

/**
 * One generated Service per subset, for a target that routes only to Services (`target` names it in
 * the generated note). A subset whose Service is not in the input is not invented: its need is said
 * at `at` (the first output object of the source resource) or, with no object to attach it to, in
 * the report alone.
 */
export function subsetServiceDocs(subsets: Subset[], target: string, ctx: WriteContext): OutDoc[] {
  const docs: OutDoc[] = [];
  const seen = new Set<string>();
  for (const subset of subsets) {
    const host = splitServiceHost(subset.host);
    const namespace = subset.namespace ?? host.namespace ?? subset.from.namespace;
    const name = subsetServiceName(host.name, subset.name);
    const key = `${namespace ?? ''}/${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const service = ctx.input.service(host.name, namespace);
    if (!service) {
      ctx.need(`the Service ${name} for subset ${subset.name}: Service ${host.name} is not in the input, so its selector and ports are unknown`, subset.origin);
      continue;
    }
    const metadata: OutMap = { name };
    if (namespace) metadata.namespace = namespace;
    const spec: OutMap = { selector: { ...(service.selector ?? {}), ...subset.labels } };
    if (service.ports.length) spec.ports = service.ports.map(servicePort);
    else ctx.need(`the ports of Service ${name}: Service ${host.name} lists none`, subset.origin, spec, 'ports');
    docs.push({
      obj: { apiVersion: 'v1', kind: 'Service', metadata, spec },
      generated: `a Service per subset, because ${target} routes only to Services (Service ${host.name}, subset ${subset.name})`,
    });
  }
  return docs;
}

/** A port of the original Service, without what belongs to that Service alone (its nodePort). */
function servicePort(port: unknown): OutMap {
  const out: OutMap = {};
  const p = (port ?? {}) as Record<string, unknown>;
  for (const key of ['name', 'protocol', 'appProtocol', 'port', 'targetPort']) {
    const v = p[key];
    if (typeof v === 'string' || typeof v === 'number') out[key] = v;
  }
  return out;
}
