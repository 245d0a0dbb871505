// Reads destinations outside the mesh into the neutral egress model: Istio ServiceEntry (external
// hosts, addresses, ports, static endpoints), Kuma MeshExternalService (endpoints behind a generated
// host name) and MeshPassthrough (destinations let through), Linkerd EgressNetwork (external networks).
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment } from '../../model';
import type { EgressPolicy, EgressProtocol } from '../../policyModel';
import type { SourceView } from '../../source';

const ISTIO_PROTOCOLS: Record<string, EgressProtocol> = { HTTP: 'HTTP', HTTPS: 'HTTPS', HTTP2: 'HTTP2', GRPC: 'GRPC', TLS: 'TLS', TCP: 'TCP' };
const KUMA_PROTOCOLS: Record<string, EgressProtocol> = { http: 'HTTP', http2: 'HTTP2', grpc: 'GRPC', tcp: 'TCP', tls: 'TLS' };

function egress(ctx: ReadContext, name: string, origin: SourceView): EgressPolicy {
  const policy: EgressPolicy = { type: 'egress', name, hosts: [], addresses: [], ports: [], endpoints: [], from: ctx.source, origin: origin.origin };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  return policy;
}

/** True for an IP address or CIDR, false for a host name. */
export const isAddress = (text: string) => /^[0-9.:a-fA-F]+(\/[0-9]+)?$/.test(text) && /[.:]/.test(text);

export function readServiceEntry(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const location = spec.get('location');
  if (location.peek() === 'MESH_INTERNAL') {
    ctx.drop(spec, 'A ServiceEntry inside the mesh (MESH_INTERNAL) registers workloads the mesh does not know, not an external destination; it is not converted.');
    return fragment;
  }
  location.use();
  const policy = egress(ctx, ctx.source.name, spec);
  policy.hosts = spec.get('hosts').items().map(h => ({ value: h.str() ?? '', origin: h.origin }));
  policy.addresses = spec.get('addresses').items().map(a => ({ value: a.str() ?? '', origin: a.origin }));
  for (const p of spec.get('ports').items()) {
    const protocol = ISTIO_PROTOCOLS[(p.get('protocol').peek() ?? 'TCP').toUpperCase()];
    const number = p.get('number').num();
    if (!protocol || number === undefined) { ctx.drop(p, `The protocol ${p.get('protocol').peek() ?? ''} is converted only as plain TCP by the other meshes; this port is not converted.`); continue; }
    p.get('protocol').use(); p.get('name').use();
    policy.ports.push({ number, protocol, origin: p.origin });
    if (p.get('targetPort').exists) ctx.drop(p.get('targetPort'), 'Sending to another port than the one called is not converted.');
  }
  spec.get('resolution').use();
  for (const e of spec.get('endpoints').items()) {
    const address = e.get('address').str() ?? '';
    const ports = Object.values(e.get('ports').stringMap()).map(Number);
    policy.endpoints.push({ address, ...(ports.length === 1 ? { port: ports[0] } : {}), origin: e.origin });
    for (const key of e.keys()) if (!['address', 'ports'].includes(key)) ctx.drop(e.get(key), `The endpoint ${key} is not converted.`);
  }
  for (const key of ['exportTo', 'workloadSelector', 'subjectAltNames']) {
    if (spec.get(key).exists) ctx.drop(spec.get(key), key === 'exportTo' ? 'Limiting which namespaces see this destination is not converted; it is visible to every namespace.' : `The field ${key} is not converted.`);
  }
  fragment.policies = [policy];
  return fragment;
}

export function readMeshExternalService(ctx: ReadContext, spec: SourceView, name: string): ModelFragment {
  const fragment = emptyFragment();
  const policy = egress(ctx, name, spec);
  const match = spec.get('match');
  const port = match.get('port').num();
  const protocol = KUMA_PROTOCOLS[match.get('protocol').str() ?? 'tcp'] ?? 'TCP';
  match.get('type').use();
  const tls = spec.at('tls', 'enabled').bool() === true;
  if (port !== undefined) policy.ports.push({ number: port, protocol: tls ? 'HTTPS' : protocol, origin: match.origin });
  for (const e of spec.get('endpoints').items()) {
    const address = e.get('address').str() ?? '';
    (isAddress(address) ? policy.addresses : policy.hosts).push({ value: address, origin: e.origin });
    const endpointPort = e.get('port').num();
    if (endpointPort !== undefined && endpointPort !== port) ctx.drop(e.get('port'), 'Sending to another port than the one called is not converted.');
    if (e.get('priority').exists) ctx.drop(e.get('priority'), 'Endpoint priorities are not converted.');
  }
  if (tls) ctx.drop(spec.get('tls'), 'Here Kuma\'s proxy starts TLS to the destination; the other meshes pass the application\'s own TLS through, so the application must call it over HTTPS.');
  else if (spec.get('tls').exists) spec.get('tls').use();
  for (const key of spec.keys()) if (!['match', 'endpoints', 'tls'].includes(key)) ctx.drop(spec.get(key), `The field ${key} is not converted.`);
  fragment.policies = [policy];
  return fragment;
}

export function readMeshPassthrough(ctx: ReadContext, spec: SourceView, name: string): ModelFragment {
  const fragment = emptyFragment();
  const policy = egress(ctx, name, spec);
  const conf = spec.get('default');
  const mode = conf.get('passthroughMode');
  if (mode.peek() !== 'Matched' && mode.exists) {
    ctx.drop(mode, mode.peek() === 'All' ? 'Letting every external destination through is the default of the other meshes; nothing is written for it.' : 'Blocking every external destination is a mesh-wide setting in the other meshes (Istio\'s outboundTrafficPolicy REGISTRY_ONLY); it is not converted.');
  } else mode.use();
  for (const m of conf.get('appendMatch').items()) {
    const value = m.get('value').str() ?? '';
    const type = m.get('type').str();
    (type === 'Domain' ? policy.hosts : policy.addresses).push({ value, origin: m.origin });
    const port = m.get('port').num();
    const protocol = KUMA_PROTOCOLS[m.get('protocol').str() ?? 'tcp'] ?? 'TCP';
    if (port !== undefined && !policy.ports.some(p => p.number === port)) policy.ports.push({ number: port, protocol, origin: m.origin });
  }
  if (spec.get('targetRef').exists) {
    const ref = spec.get('targetRef');
    if (ref.get('kind').peek() === 'Mesh') ref.use();
    else ctx.drop(ref, 'Letting only some proxies through is converted as letting every workload through.');
  }
  fragment.policies = [policy];
  return fragment;
}

export function readEgressNetwork(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const policy = egress(ctx, ctx.source.name, spec);
  for (const n of spec.get('networks').items()) {
    policy.addresses.push({ value: n.get('cidr').str() ?? '', origin: n.origin });
    if (n.get('except').exists) ctx.drop(n.get('except'), 'Excluding addresses from a network is not converted; the whole network is reachable.');
  }
  const traffic = spec.get('trafficPolicy');
  if (traffic.peek() === 'Deny') ctx.drop(traffic, 'Blocking external destinations that no route allows is a mesh-wide setting in the other meshes (Istio\'s outboundTrafficPolicy REGISTRY_ONLY); it is not converted.');
  else traffic.use();
  fragment.policies = [policy];
  return fragment;
}
