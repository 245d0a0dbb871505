// An Istio Gateway: each server becomes listeners, one per host. A host `ns/host` admits routes from
// namespace ns, `./host` from the Gateway's own namespace, `*/host` or no prefix from any namespace.
// The GatewayClass is not in the manifest (Istio selects gateway pods by label instead): the writer of
// the Gateway asks for it.
import type { ReadContext } from '../../contract';
import type { Gateway, Listener, ListenerProtocol, MeshServer } from '../../model';
import type { SourceView } from '../../source';
import { readNumber } from '../fieldValues';

const PROTOCOLS: Record<string, ListenerProtocol> = {
  HTTP: 'HTTP', HTTPS: 'HTTPS', HTTP2: 'HTTP', GRPC: 'GRPC', TLS: 'TLS', TCP: 'TCP', MONGO: 'TCP', MYSQL: 'TCP', REDIS: 'TCP',
};

export function readIstioGateway(ctx: ReadContext): Gateway {
  const spec = ctx.root.get('spec');
  const out: Gateway = { name: ctx.source.name, listeners: [], from: ctx.source, origin: spec.origin };
  if (ctx.source.namespace) out.namespace = ctx.source.namespace;
  const selector = spec.get('selector');
  if (selector.exists) out.selector = selector.stringMap();
  const names = new Set<string>();
  for (const server of spec.get('servers').items()) {
    const meshServer = readMeshServer(server, ctx);
    if (meshServer) { (out.meshServers ??= []).push(meshServer); continue; }
    for (const listener of readServer(server, ctx)) {
      listener.name = uniqueName(listener.name, names);
      out.listeners.push(listener);
    }
  }
  return out;
}

/** A server routed by SNI to the mesh's own services (TLS mode AUTO_PASSTHROUGH), as written; only an Istio Gateway says it. */
function readMeshServer(server: SourceView, ctx: ReadContext): MeshServer | undefined {
  const mode = server.at('tls', 'mode');
  if (mode.peek() !== 'AUTO_PASSTHROUGH') return undefined;
  const portView = server.get('port');
  const number = readNumber(portView.get('number'), ctx);
  const protocol = portView.get('protocol').str();
  if (number === undefined || !protocol) return undefined;
  mode.use();
  const out: MeshServer = { port: { number, protocol }, hosts: server.get('hosts').strings(), tlsMode: 'AUTO_PASSTHROUGH', origin: server.origin };
  const portName = portView.get('name').str();
  if (portName !== undefined) out.port.name = portName;
  const name = server.get('name').str();
  if (name !== undefined) out.name = name;
  return out;
}

function readServer(server: SourceView, ctx: ReadContext): Listener[] {
  const portView = server.get('port');
  const port = readNumber(portView.get('number'), ctx);
  const protocolName = (portView.get('protocol').peek() ?? '').toUpperCase();
  let protocol: ListenerProtocol | undefined = PROTOCOLS[protocolName];
  if (port === undefined || !protocol) {
    ctx.drop(server, `Mesh Lens converts servers with a port number and an HTTP, HTTPS, gRPC, TLS or TCP protocol, not ${protocolName || 'none'}.`);
    return [];
  }
  portView.get('protocol').use();
  const portName = portView.get('name');
  if (portName.exists) portName.use(); // becomes part of the listener names
  for (const [field, reason] of [
    ['targetPort', 'The gateway pod\'s target port is chosen by the target\'s gateway deployment.'],
    ['bind', 'Binding a server to one address is not converted.'],
    ['defaultEndpoint', 'A default endpoint only applies to Istio sidecars.'],
  ] as const) {
    const v = field === 'targetPort' ? portView.get(field) : server.get(field);
    if (v.exists) ctx.drop(v, reason);
  }
  const serverName = server.get('name').str();

  const tlsView = server.get('tls');
  let tls: Listener['tls'];
  if (tlsView.exists) {
    const result = readServerTls(tlsView, server, ctx);
    if (result === 'skip') return [];
    if (result?.mode === 'Passthrough') protocol = 'TLS';
    tls = result;
  }
  if (protocol === 'HTTPS' && !tls) {
    ctx.need('the Secret holding the certificate of this HTTPS server', portView.origin);
    tls = { mode: 'Terminate', certificateRefs: [] };
  }

  const base = slug(serverName ?? portName.peek() ?? `${protocol.toLowerCase()}-${port}`);
  const hosts = server.get('hosts').items();
  const out: Listener[] = [];
  for (const h of hosts) {
    const text = h.str() ?? '';
    const slash = text.indexOf('/');
    const prefix = slash >= 0 ? text.slice(0, slash) : '*';
    const host = slash >= 0 ? text.slice(slash + 1) : text;
    const allowedRoutes: Listener['allowedRoutes'] = prefix === '*' ? { from: 'All' } : prefix === '.' ? { from: 'Same' } : { from: 'Selector', namespace: prefix };
    const listener: Listener = {
      name: hosts.length > 1 && host !== '*' ? `${base}-${slug(host)}` : base,
      port, protocol, allowedRoutes, origin: h.origin,
    };
    if (host !== '*') listener.hostname = host;
    if (tls) listener.tls = { mode: tls.mode, certificateRefs: tls.certificateRefs.map(c => ({ ...c })) };
    out.push(listener);
  }
  return out;
}

/** The server's TLS settings; 'skip' when the server only serves Istio's own mesh traffic. */
function readServerTls(tls: SourceView, server: SourceView, ctx: ReadContext): Listener['tls'] | 'skip' | undefined {
  const redirect = tls.get('httpsRedirect');
  if (redirect.exists) ctx.drop(redirect, 'Redirecting HTTP to HTTPS is not converted; add a route with a RequestRedirect filter to the HTTP listener.');
  const modeView = tls.get('mode');
  const mode = modeView.peek() ?? (tls.get('credentialName').exists ? 'SIMPLE' : undefined);
  if (mode === undefined) return undefined;
  if (mode === 'PASSTHROUGH') { modeView.use(); return { mode: 'Passthrough', certificateRefs: [] }; }
  if (mode === 'ISTIO_MUTUAL' || mode === 'AUTO_PASSTHROUGH') {
    ctx.drop(server, `A server with TLS mode ${mode} carries Istio's own mesh traffic between clusters and has no equivalent.`);
    return 'skip';
  }
  if (modeView.exists) modeView.use();
  const certificateRefs: { name: string; namespace?: string }[] = [];
  const credentialName = tls.get('credentialName').str();
  if (credentialName) certificateRefs.push({ name: credentialName });
  for (const name of tls.get('credentialNames').strings()) certificateRefs.push({ name });
  if (mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') ctx.drop(modeView, 'Requiring client certificates is not converted; the listener terminates TLS without checking them.');
  for (const field of ['caCertificates', 'caCertCredentialName', 'subjectAltNames', 'verifyCertificateSpki', 'verifyCertificateHash', 'caCrl']) {
    const v = tls.get(field);
    if (v.exists) ctx.drop(v, 'Checking client certificates is not converted.');
  }
  for (const field of ['serverCertificate', 'privateKey', 'tlsCertificates']) {
    const v = tls.get(field);
    if (v.exists) ctx.drop(v, 'Certificates read from files on the gateway pod are not converted; put them in a Secret and reference it.');
  }
  for (const field of ['minProtocolVersion', 'maxProtocolVersion', 'cipherSuites']) {
    const v = tls.get(field);
    if (v.exists) ctx.drop(v, 'TLS versions and cipher suites are not converted; the target\'s defaults apply.');
  }
  if (!certificateRefs.length) ctx.need('the Secret holding the certificate of this TLS server', tls.origin);
  return { mode: 'Terminate', certificateRefs };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/\*/g, 'wildcard').replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'listener';
}

function uniqueName(name: string, used: Set<string>): string {
  let out = name;
  for (let n = 2; used.has(out); n++) out = `${name}-${n}`;
  used.add(out);
  return out;
}
