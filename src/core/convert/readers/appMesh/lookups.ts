// App Mesh routes to VirtualNodes and attaches routers to VirtualServices, so which Kubernetes
// Service a reference means is written in another resource: a VirtualNode's DNS hostname, a
// VirtualService's `awsName`. Found in the input when it is there; otherwise the reference's own name
// stands in and the user is asked for the Service.
import type { InputResource, ReadContext } from '../../contract';
import type { BackendRef, Origin } from '../../model';
import type { SourceView } from '../../source';
import { splitServiceHost } from '../../values';

function find(kind: string, name: string, namespace: string | undefined, ctx: ReadContext): InputResource | undefined {
  const ns = namespace ?? ctx.source.namespace;
  return ctx.input.resources?.('app-mesh', kind).find(r => r.name === name && (!ns || !r.namespace || r.namespace === ns));
}

function serviceFromHost(host: string, origin: Origin): BackendRef {
  const split = splitServiceHost(host);
  const ref: BackendRef = { name: split.name, origin };
  if (split.namespace) ref.namespace = split.namespace;
  if (split.external) ref.external = true;
  return ref;
}

/** The Service a VirtualNode stands for: its `serviceDiscovery.dns.hostname`. */
export function nodeServiceHost(spec: unknown): string | undefined {
  const host = (spec as { serviceDiscovery?: { dns?: { hostname?: unknown } } } | undefined)?.serviceDiscovery?.dns?.hostname;
  return typeof host === 'string' ? host : undefined;
}

/** A `virtualNodeRef` as the Service of that node. */
export function virtualNodeService(ref: SourceView, ctx: ReadContext): BackendRef {
  const name = ref.get('name').str() ?? '';
  const namespace = ref.get('namespace').str();
  const host = nodeServiceHost(find('VirtualNode', name, namespace, ctx)?.spec);
  if (host) return serviceFromHost(host, ref.origin);
  ctx.need(`the Service of VirtualNode ${name} (its serviceDiscovery hostname; the node's name is used until then)`, ref.origin);
  return namespace ? { name, namespace, origin: ref.origin } : { name, origin: ref.origin };
}

/** The host clients call for a VirtualService: its `awsName`, else its name. */
function virtualServiceHost(resource: InputResource): string {
  const awsName = (resource.spec as { awsName?: unknown } | undefined)?.awsName;
  return typeof awsName === 'string' ? awsName : resource.name;
}

/** A `virtualServiceRef` as the Service clients call; `host` is the name App Mesh rewrites the Host header to. */
export function virtualServiceTarget(ref: SourceView, ctx: ReadContext): { service: BackendRef; host?: string } {
  const name = ref.get('name').str() ?? '';
  const namespace = ref.get('namespace').str();
  const found = find('VirtualService', name, namespace, ctx);
  if (found) {
    const host = virtualServiceHost(found);
    return { service: serviceFromHost(host, ref.origin), host };
  }
  ctx.need(`the Service of VirtualService ${name} (its awsName; the VirtualService's name is used until then)`, ref.origin);
  return { service: namespace ? { name, namespace, origin: ref.origin } : { name, origin: ref.origin } };
}

/** The Service of the VirtualService whose provider is the router `name`; undefined when it is not in the input. */
export function routerService(name: string, origin: Origin, ctx: ReadContext): BackendRef | undefined {
  const services = ctx.input.resources?.('app-mesh', 'VirtualService') ?? [];
  const found = services.find(s => {
    const ref = (s.spec as { provider?: { virtualRouter?: { virtualRouterRef?: { name?: unknown; namespace?: unknown } } } } | undefined)
      ?.provider?.virtualRouter?.virtualRouterRef;
    const ns = typeof ref?.namespace === 'string' ? ref.namespace : s.namespace;
    return ref?.name === name && (!ns || !ctx.source.namespace || ns === ctx.source.namespace);
  });
  return found ? serviceFromHost(virtualServiceHost(found), origin) : undefined;
}

/** App Mesh durations: `{unit: s|ms, value}`. */
export function appMeshDuration(view: SourceView): number | undefined {
  if (!view.exists) return undefined;
  const value = view.get('value').num();
  const unit = view.get('unit').str();
  if (value === undefined) return undefined;
  view.use();
  return unit === 's' ? value * 1000 : value;
}
