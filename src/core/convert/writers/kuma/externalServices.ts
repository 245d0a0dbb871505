// The MeshExternalService Kuma reaches a host outside the cluster through, found from the Istio
// ServiceEntry of the input that declares the host. Kuma's MeshExternalService has one port, so a
// ServiceEntry with several ports is one MeshExternalService per port, named as the egress policy
// writer names them (`<entry>` or `<entry>-<port>`, and per host when the entry lists several hosts and
// no endpoints); routes and policies reference those names.
import type { WriteContext } from '../../contract';
import type { BackendRef, Origin, Route } from '../../model';
import type { OutDoc, OutMap } from '../../output';
import { kubeName } from '../policies/scope';
import { kumaObject } from './refs';

/** Resolutions whose traffic goes to the host's own DNS answer, which a MeshExternalService endpoint gives too. */
export const RESOLVED_BY_NAME = new Set(['DNS', 'DNS_ROUND_ROBIN', 'NONE']);

/** The namespace the egress writer puts MeshExternalServices in (Kuma's control-plane namespace). */
const SYSTEM_NAMESPACE = 'kuma-system';

/** The protocols a ServiceEntry port is converted with (others are dropped by the egress reader). */
const ENTRY_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'TLS', 'TCP']);
export const KUMA_EXTERNAL_PROTOCOL: Record<string, string> = { HTTP: 'http', HTTPS: 'tcp', TLS: 'tcp', HTTP2: 'http2', GRPC: 'grpc', TCP: 'tcp' };

export interface ExternalEntry {
  name: string;
  namespace?: string;
  hosts: string[];
  ports: { number: number; protocol: string }[];
  /** True when the entry lists its endpoints: the egress writer then writes its MeshExternalServices. */
  hasEndpoints: boolean;
  resolution: string;
}

interface EntrySpec {
  hosts?: unknown; ports?: unknown; endpoints?: unknown; resolution?: unknown; location?: unknown; exportTo?: unknown;
}

/** The ServiceEntry of the input that declares `host` for callers in `namespace` (its own namespace first). */
export function serviceEntryFor(host: string, namespace: string | undefined, ctx: WriteContext): ExternalEntry | undefined {
  const entries: ExternalEntry[] = [];
  for (const r of ctx.input.resources?.('istio', 'ServiceEntry') ?? []) {
    const spec = (r.spec ?? {}) as EntrySpec;
    const hosts = Array.isArray(spec.hosts) ? spec.hosts.map(String) : [];
    if (!hosts.includes(host) || spec.location === 'MESH_INTERNAL') continue;
    const exportTo = Array.isArray(spec.exportTo) ? spec.exportTo.map(String) : undefined;
    const visible = r.namespace === namespace || !exportTo || exportTo.includes('*') || (namespace !== undefined && exportTo.includes(namespace));
    if (!visible) continue;
    const ports: ExternalEntry['ports'] = [];
    for (const p of Array.isArray(spec.ports) ? spec.ports as { number?: unknown; protocol?: unknown }[] : []) {
      const protocol = String(p?.protocol ?? 'TCP').toUpperCase();
      if (typeof p?.number === 'number' && ENTRY_PROTOCOLS.has(protocol)) ports.push({ number: p.number, protocol });
    }
    entries.push({
      name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), hosts, ports,
      hasEndpoints: Array.isArray(spec.endpoints) && spec.endpoints.length > 0,
      resolution: typeof spec.resolution === 'string' ? spec.resolution : 'NONE',
    });
  }
  return entries.find(e => e.namespace === namespace) ?? entries[0];
}

/**
 * The name of the MeshExternalService for one port of one host of the entry: the entry's own name, with
 * the port when it has several, and with the host when it lists several and no endpoints (each host is
 * then a destination of its own; listed endpoints serve every host alike).
 */
export function externalServiceName(entry: ExternalEntry, port: number | undefined, host: string): string {
  const byHost = !entry.hasEndpoints && entry.hosts.length > 1 ? host : '';
  return kubeName(entry.name, byHost, entry.ports.length > 1 && port !== undefined ? String(port) : '');
}

/** A reference (targetRef or backendRef) to the MeshExternalService of one port of the entry. */
export function externalServiceRef(entry: ExternalEntry, port: number | undefined, host: string): OutMap {
  return { kind: 'MeshExternalService', name: externalServiceName(entry, port, host), namespace: SYSTEM_NAMESPACE };
}

/** The port of the entry a reference without one goes to: its only port, or the port the caller called. */
export function entryPort(entry: ExternalEntry, port: number | undefined, calledPort: number | undefined): number | undefined {
  if (port !== undefined) return port;
  if (entry.ports.length === 1) return entry.ports[0].number;
  return calledPort !== undefined && entry.ports.some(p => p.number === calledPort) ? calledPort : undefined;
}

/**
 * The MeshExternalService for one host and port of an entry that lists no endpoints: the egress writer
 * lets such a host through with a MeshPassthrough, which no route can apply to, so a route to it needs
 * this object. Its endpoint is the host itself, which Kuma resolves as Istio did (resolution DNS).
 */
export function externalServiceDoc(entry: ExternalEntry, host: string, port: number, route: string, origin: Origin, ctx: WriteContext, made: Set<string>): OutDoc | undefined {
  const name = externalServiceName(entry, port, host);
  if (entry.hasEndpoints || made.has(name)) return undefined;
  made.add(name);
  const protocol = entry.ports.find(p => p.number === port)?.protocol ?? 'TCP';
  const obj = kumaObject('MeshExternalService', name, SYSTEM_NAMESPACE, {
    match: { type: 'HostnameGenerator', port, protocol: KUMA_EXTERNAL_PROTOCOL[protocol] },
    endpoints: [{ address: host, port }],
  });
  const tls = tlsOrigination(host, port, ctx);
  if (tls) (obj.spec as OutMap).tls = tls;
  ctx.need('the namespace of the Kuma control plane in metadata.namespace (kuma-system unless Kuma was installed elsewhere)', origin, obj.metadata as OutMap, 'namespace');
  ctx.note(`Kuma applies route ${route} only to calls to the name its HostnameGenerator gives this MeshExternalService, not to calls to ${host}: point the clients there.`, obj);
  return { obj, generated: `route ${route} goes to ${host} port ${port}, and Kuma routes traffic leaving the mesh only through a MeshExternalService (ServiceEntry ${entry.name})` };
}

/** Where a route's references to hosts outside the cluster resolve: the port the caller called, and the MeshExternalServices they need. */
export interface ExternalTargets {
  calledPort?: number; docs: OutDoc[];
  /** MeshExternalServices whose missing port was already asked for. */ asked: Set<string>;
  /** MeshExternalServices this route already writes (one per run is kept, so a second would lose its comments). */ made: Set<string>;
}

/** A backend outside the cluster: the MeshExternalService of its ServiceEntry's port (written here when the egress writer does not). */
export function externalBackendRef(ref: BackendRef, route: Route, ctx: WriteContext, ext: ExternalTargets): OutMap {
  const entry = serviceEntryFor(ref.name, ref.namespace ?? route.namespace, ctx);
  if (!entry) {
    const out: OutMap = { kind: 'MeshExternalService', name: ref.name };
    ctx.note(`${ref.name} is outside the mesh: Kuma reaches it only through a MeshExternalService of that name.`, out);
    return out;
  }
  const port = entryPort(entry, ref.port, ext.calledPort);
  const out = externalServiceRef(entry, port, ref.name);
  if (!entry.ports.length) {
    if (!ext.asked.has(String(out.name))) ctx.need(`a MeshExternalService ${String(out.name)} for ${ref.name} with the port workloads call it on: ServiceEntry ${entry.name} declares none`, ref.origin, out);
    ext.asked.add(String(out.name));
  }
  else if (port === undefined) ctx.need(`the port of ${ref.name} this route sends to, in the MeshExternalService name (${entry.name}-<port>): ServiceEntry ${entry.name} declares several`, ref.origin, out);
  else if (!entry.ports.some(p => p.number === port)) ctx.need(`a MeshExternalService for port ${port} of ${ref.name}: ServiceEntry ${entry.name} does not declare that port`, ref.origin, out);
  else if (!entry.hasEndpoints && !RESOLVED_BY_NAME.has(entry.resolution)) {
    ctx.need(`the MeshExternalService ${externalServiceName(entry, port, ref.name)}: ServiceEntry ${entry.name} lists no endpoints for ${ref.name} with resolution ${entry.resolution}`, ref.origin, out);
  } else {
    const doc = externalServiceDoc(entry, ref.name, port, route.name, ref.origin, ctx, ext.made);
    if (doc) ext.docs.push(doc);
  }
  return out;
}

/** The fields of a DestinationRule TLS setting that Kuma's MeshExternalService carries. */
const ORIGINATION_FIELDS = new Set(['mode', 'sni', 'subjectAltNames', 'insecureSkipVerify']);

/**
 * The `tls` of the MeshExternalService for one port of a host: the TLS a DestinationRule of the input has
 * the callers' proxies start there (mode SIMPLE, as the reader carries it); undefined when there is none.
 */
export function tlsOrigination(host: string, port: number, ctx: WriteContext): OutMap | undefined {
  for (const r of ctx.input.resources?.('istio', 'DestinationRule') ?? []) {
    const spec = (r.spec ?? {}) as { host?: unknown; trafficPolicy?: { portLevelSettings?: unknown } };
    if (spec.host !== host || !Array.isArray(spec.trafficPolicy?.portLevelSettings)) continue;
    for (const item of spec.trafficPolicy.portLevelSettings as { port?: { number?: unknown }; tls?: Record<string, unknown> }[]) {
      const tls = item?.tls;
      if (item?.port?.number !== port || !tls || tls.mode !== 'SIMPLE' || !Object.keys(tls).every(k => ORIGINATION_FIELDS.has(k))) continue;
      const verification: OutMap = {};
      if (typeof tls.sni === 'string') verification.serverName = tls.sni;
      if (Array.isArray(tls.subjectAltNames) && tls.subjectAltNames.length) verification.subjectAltNames = tls.subjectAltNames.map(v => ({ type: 'Exact', value: String(v) }));
      if (tls.insecureSkipVerify === true) verification.mode = 'SkipAll';
      return Object.keys(verification).length ? { enabled: true, verification } : { enabled: true };
    }
  }
  return undefined;
}

/**
 * True when the input converts port `port` of `host` into a MeshExternalService: its ServiceEntry lists
 * endpoints (the egress writer writes one per port), or a mesh VirtualService routes that host or sends
 * to that port of it (the route writer writes it).
 */
export function hasExternalService(host: string, port: number, namespace: string | undefined, ctx: WriteContext): boolean {
  const entry = serviceEntryFor(host, namespace, ctx);
  const declared = entry?.ports.find(p => p.number === port);
  if (!entry || !declared) return false;
  if (entry.hasEndpoints) return true;
  if (!RESOLVED_BY_NAME.has(entry.resolution)) return false;
  // The section of a VirtualService that routes this port: http for HTTP ports, tcp for TCP ones.
  const section = ['HTTP', 'HTTP2', 'GRPC'].includes(declared.protocol) ? 'http' : declared.protocol === 'TCP' ? 'tcp' : undefined;
  return (ctx.input.resources?.('istio', 'VirtualService') ?? []).some(r => {
    const spec = (r.spec ?? {}) as { hosts?: unknown; gateways?: unknown; http?: unknown; tcp?: unknown };
    const gateways = Array.isArray(spec.gateways) ? spec.gateways.map(String) : [];
    if (gateways.length && !gateways.includes('mesh')) return false;
    const hosts = Array.isArray(spec.hosts) ? spec.hosts.map(String) : [];
    if (section && hosts.includes(host) && Array.isArray(spec[section])) return true;
    const rules = [spec.http, spec.tcp].flatMap(list => (Array.isArray(list) ? list : [])) as { route?: { destination?: { host?: unknown; port?: { number?: unknown } } }[] }[];
    return rules.some(rule => (Array.isArray(rule?.route) ? rule.route : []).some(d => d?.destination?.host === host
      && (d.destination.port?.number ?? (entry.ports.length === 1 ? entry.ports[0].number : undefined)) === port));
  });
}
