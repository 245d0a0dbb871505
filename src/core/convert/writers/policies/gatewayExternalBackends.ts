// An external destination (Istio ServiceEntry, Kuma MeshExternalService, Consul ServiceDefaults
// destination) as Gateway API's experimental XBackend (v1.6 and later): one object per named host and
// port, of type ExternalHostname, so that a route can name it in its backendRefs. XBackend names a
// single DNS host on a single port: wildcard hosts, addresses, networks and hosts pinned to fixed
// addresses are reported as not converted. It is no egress gateway or lock-down: only a route that
// sends to it uses it, which the output says.
import { compareVersions } from '../../../catalog';
import type { WriteContext } from '../../contract';
import type { OutDoc, OutMap } from '../../output';
import type { EgressPolicy, EgressProtocol } from '../../policyModel';
import { sayExperimental } from '../gatewayDialect';
import { kubeName, metadata } from './scope';

const API_VERSION = 'gateway.networking.x-k8s.io/v1alpha1';
/** The kinds that name destinations to call (a Consul ServiceDefaults by its `destination`); the others
 *  (Kuma MeshPassthrough, Linkerd EgressNetwork) let traffic through. */
const DESTINATION_KINDS = ['ServiceEntry', 'MeshExternalService', 'ServiceDefaults'];
/** XBackend's hostname: a lower-case DNS name, never an IP address or a cluster name. */
const HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * XBackend `protocol` for a port: plain HTTP as HTTP, HTTP/2 and gRPC (cleartext, as the source
 * sends them) as H2C, TCP as TCP. An HTTPS or TLS port carries the application's own TLS: no
 * protocol is set, so the route that sends to it decides, and no `tls`, since the source's proxy did
 * not start TLS either.
 */
const PROTOCOLS: Record<EgressProtocol, string | undefined> = { HTTP: 'HTTP', HTTP2: 'H2C', GRPC: 'H2C', TCP: 'TCP', HTTPS: undefined, TLS: undefined };

/** XBackend is served from Gateway API v1.6 (experimental channel); the newest when no version is given. */
export function hasXBackend(ctx: WriteContext): boolean {
  return compareVersions(ctx.target.version ?? '1.6', '1.6') >= 0;
}

/** Why `host` cannot be an XBackend hostname, or undefined when it can. */
function notAHostname(host: string): string | undefined {
  if (host.includes('*')) return 'XBackend names one host; a wildcard host has no equivalent in Gateway API, so it is not converted.';
  if (/^[0-9.:a-fA-F]+(\/[0-9]+)?$/.test(host) && /[.:]/.test(host)) return 'XBackend names a host by its DNS name, never an address; it is not converted.';
  if (host.endsWith('.cluster.local') || !HOSTNAME.test(host)) return 'XBackend takes only a lower-case DNS name outside the cluster; this host is not converted.';
  return undefined;
}

/** The XBackends of an egress policy: one per named host and port; every other part is reported as not converted. */
export function externalBackends(policy: EgressPolicy, ctx: WriteContext): OutDoc[] {
  if (!DESTINATION_KINDS.includes(policy.from.kind)) {
    ctx.drop(policy.origin, 'Gateway API has no egress allow-list: XBackend names a destination a route sends to, not traffic let through; keep the mesh\'s own egress resources.');
    return [];
  }
  if (!hasXBackend(ctx)) {
    ctx.drop(policy.origin, 'Gateway API names an external destination only in XBackend, which arrived in v1.6; keep the mesh\'s own egress resources.');
    return [];
  }
  for (const address of policy.addresses) ctx.drop(address.origin, 'XBackend names a host by its DNS name, never an address or a network; it is not converted.');
  if (policy.endpoints.length) {
    // Fixed addresses stand for the hosts' DNS: an XBackend would resolve the name instead.
    for (const host of policy.hosts) ctx.drop(host.origin, 'This host is reached at fixed addresses (endpoints), while an XBackend resolves its hostname by DNS, so it is not converted.');
    for (const endpoint of policy.endpoints) ctx.drop(endpoint.origin, 'XBackend has no fixed addresses for a host; it is not converted.');
    return [];
  }
  const hosts = policy.hosts.filter(host => {
    const reason = notAHostname(host.value);
    if (reason) ctx.drop(host.origin, reason);
    return !reason;
  });
  if (!hosts.length) return [];
  if (!policy.ports.length) {
    for (const host of hosts) ctx.drop(host.origin, 'The source gives no port for this host, and an XBackend needs one; it is not converted.');
    return [];
  }
  const docs: OutDoc[] = [];
  for (const host of hosts) {
    for (const port of policy.ports) {
      const name = hosts.length === 1 && policy.ports.length === 1 ? policy.name : kubeName(policy.name, hosts.length > 1 ? host.value : '', policy.ports.length > 1 ? String(port.number) : '');
      const spec: OutMap = { type: 'ExternalHostname', externalHostname: { hostname: host.value }, port: { port: port.number } };
      const protocol = PROTOCOLS[port.protocol];
      if (protocol) spec.protocol = protocol;
      else ctx.note(`The application starts TLS itself on port ${port.number}, as in the source: neither protocol nor tls is set, so a route to this backend must pass that TLS through (a TLSRoute).`, spec, 'port');
      const obj: OutMap = { apiVersion: API_VERSION, kind: 'XBackend', metadata: metadata(name, policy.namespace), spec };
      sayExperimental(ctx, `XBackend ${API_VERSION}`, obj);
      ctx.note(`Only a route that names this XBackend in its backendRefs (group ${API_VERSION.split('/')[0]}, kind XBackend) sends to it; Gateway API has no egress lock-down, so other calls to ${host.value} are not governed by it.`, obj);
      if (policy.from.kind === 'MeshExternalService') ctx.note(`Kuma's workloads called this destination by a host name Kuma generated, which does not exist without Kuma: call ${host.value} itself, or a route that sends to this XBackend.`, obj);
      docs.push({ obj });
    }
  }
  return docs;
}
