// An App Mesh VirtualNode stands for the pods of one Service (its DNS hostname). Its listener
// timeouts apply to every request to that Service; its other settings (backends, health checks,
// outlier detection, connection pools, TLS) are not converted.
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { BackendRef, ModelFragment, ServicePolicy } from '../../model';
import { splitServiceHost } from '../../values';
import { dropAppMeshIdentity } from './virtualRouter';
import { readTimeouts } from './routeParts';

const TIMEOUT_PROTOCOLS: [string, ServicePolicy['protocol']][] = [['http', 'http'], ['http2', 'http'], ['grpc', 'grpc'], ['tcp', 'tcp']];
const NOT_YET = 'Mesh Lens does not convert circuit breaking and outlier detection yet.';

export function readVirtualNode(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  dropAppMeshIdentity(spec, ctx);
  const dns = spec.at('serviceDiscovery', 'dns');
  const host = dns.get('hostname').str();
  let service: BackendRef | undefined;
  if (host) {
    const split = splitServiceHost(host);
    service = { name: split.name, origin: dns.get('hostname').origin };
    if (split.namespace) service.namespace = split.namespace;
    if (split.external) service.external = true;
    const responseType = dns.get('responseType');
    if (responseType.exists) ctx.drop(responseType, 'How App Mesh resolves the hostname has no equivalent; the target mesh routes to the Service\'s endpoints.');
  }
  const cloudMap = spec.at('serviceDiscovery', 'awsCloudMap');
  if (cloudMap.exists) ctx.drop(cloudMap, 'AWS Cloud Map service discovery has no Kubernetes equivalent; give the node a DNS hostname of its Service.');

  for (const listener of spec.get('listeners').items()) {
    const port = listener.at('portMapping', 'port').num();
    listener.at('portMapping', 'protocol').str();
    for (const [key, protocol] of TIMEOUT_PROTOCOLS) {
      const view = listener.at('timeout', key);
      const timeouts = readTimeouts(view);
      if (!timeouts) continue;
      if (!service) { ctx.drop(view, 'The node has no DNS hostname, so the Service these timeouts apply to is unknown.'); continue; }
      const ref = port === undefined ? { ...service } : { ...service, port };
      fragment.servicePolicies.push({ service: ref, protocol, timeouts, from: ctx.source, origin: view.origin });
    }
    const reasons: [string, string][] = [
      ['outlierDetection', NOT_YET],
      ['connectionPool', NOT_YET],
      ['healthCheck', 'Active health checks have no equivalent; use readiness probes on the pods.'],
      ['tls', 'Mesh Lens does not convert the TLS settings of App Mesh listeners; the target mesh encrypts traffic between its proxies itself.'],
    ];
    for (const [key, reason] of reasons) {
      const field = listener.get(key);
      if (field.exists) ctx.drop(field, reason);
    }
  }
  const nodeReasons: [string, string][] = [
    ['backends', 'Declaring the services a node calls has no equivalent; in the target mesh a workload may call any Service unless an authorization policy says otherwise.'],
    ['backendGroups', 'Declaring the services a node calls has no equivalent; in the target mesh a workload may call any Service unless an authorization policy says otherwise.'],
    ['backendDefaults', 'Mesh Lens does not convert client TLS policies; the target mesh encrypts traffic between its proxies itself.'],
    ['podSelector', 'The pods of the node are the pods its Service selects in the target mesh.'],
    ['logging', 'Access logging is not converted; configure it in the target mesh.'],
  ];
  for (const [key, reason] of nodeReasons) {
    const field = spec.get(key);
    if (field.exists) ctx.drop(field, reason);
  }
  return fragment;
}
