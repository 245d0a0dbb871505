// The pieces every Kuma object shares: metadata, references to Services (MeshService, subsets,
// external services) and the selection of a Service's own proxies for server-side policies.
import type { WriteContext } from '../../contract';
import type { BackendRef, ModelFragment, Origin, Subset } from '../../model';
import type { OutMap } from '../../output';

export const KUMA_API_VERSION = 'kuma.io/v1alpha1';

/** Writes one Kuma policy object. Without a namespace, the policy lands in the namespace `kubectl` applies it to. */
export function kumaObject(kind: string, name: string, namespace: string | undefined, spec: OutMap): OutMap {
  const metadata: OutMap = { name };
  if (namespace) metadata.namespace = namespace;
  metadata.labels = { 'kuma.io/mesh': 'default' };
  return { apiVersion: KUMA_API_VERSION, kind, metadata, spec };
}

/** The subset's pod labels, from this fragment (a DestinationRule read with the route) or the rest of the input. */
export function findSubset(ref: BackendRef, fragment: ModelFragment, ctx: WriteContext): Subset | undefined {
  return fragment.subsets.find(s => s.name === ref.subset && (s.host === ref.name || s.host.split('.')[0] === ref.name))
    ?? ctx.input.subset(ref.name, ref.subset ?? '', ref.namespace);
}

/**
 * A backend or mirror target in the cluster: a MeshService, or a MeshServiceSubset (Kuma 2.14) carrying
 * the subset's pod labels as tags. Hosts outside the cluster go to externalBackendRef.
 */
export function kumaBackendRef(ref: BackendRef, fragment: ModelFragment, ctx: WriteContext): OutMap {
  const out: OutMap = { kind: ref.subset ? 'MeshServiceSubset' : 'MeshService', name: ref.name };
  if (ref.namespace) out.namespace = ref.namespace;
  if (ref.port !== undefined) out.port = ref.port;
  if (ref.subset) {
    const subset = findSubset(ref, fragment, ctx);
    if (subset) out.tags = { ...subset.labels };
    else ctx.need(`the pod labels of subset "${ref.subset}" of ${ref.name} in tags`, ref.origin, out);
  }
  return out;
}

/** The outbound a route or policy is about: the MeshService of a Service parent. */
export function meshServiceTarget(name: string, namespace: string | undefined, sectionName?: string): OutMap {
  const out: OutMap = { kind: 'MeshService', name };
  if (namespace) out.namespace = namespace;
  if (sectionName) out.sectionName = sectionName;
  return out;
}

/**
 * The proxies of a Service, for server-side policies (MeshFaultInjection): its pods' labels (the
 * Service selector of the input) as a Dataplane selector; without them the `kuma.io/service` tag
 * Kuma gives the Service's inbounds on Kubernetes (`<name>_<namespace>_svc_<port>`).
 */
export function serviceProxies(service: BackendRef, origin: Origin, ctx: WriteContext): OutMap {
  const info = ctx.input.service(service.name, service.namespace);
  if (info?.selector && Object.keys(info.selector).length) return { kind: 'Dataplane', labels: { ...info.selector } };
  const namespace = service.namespace ?? info?.namespace;
  const firstPort = (info?.ports[0] as { port?: number } | undefined)?.port;
  const port = service.port ?? firstPort;
  const out: OutMap = { kind: 'MeshSubset', tags: { 'kuma.io/service': `${service.name}_${namespace ?? '<namespace>'}_svc_${port ?? '<port>'}` } };
  const missing = [namespace === undefined ? 'namespace' : '', port === undefined ? 'port' : ''].filter(Boolean).join(' and ');
  if (missing) ctx.need(`the ${missing} of Service ${service.name} in the kuma.io/service tag`, origin, out);
  return out;
}
