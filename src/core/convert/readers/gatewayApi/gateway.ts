// A Gateway API Gateway: its class and listeners (port, protocol, hostname, TLS, namespaces allowed).
import type { ReadContext } from '../../contract';
import type { Gateway, Listener, ListenerProtocol } from '../../model';
import type { SourceView } from '../../source';
import { readNumber } from '../fieldValues';

const PROTOCOLS: ListenerProtocol[] = ['HTTP', 'HTTPS', 'TLS', 'TCP'];

export function readGateway(ctx: ReadContext): Gateway {
  const spec = ctx.root.get('spec');
  const out: Gateway = { name: ctx.source.name, listeners: [], from: ctx.source, origin: spec.origin };
  if (ctx.source.namespace) out.namespace = ctx.source.namespace;
  const className = spec.get('gatewayClassName').str();
  if (className) out.className = className;
  for (const l of spec.get('listeners').items()) {
    const listener = readListener(l, ctx);
    if (listener) out.listeners.push(listener);
  }
  for (const key of ['addresses', 'infrastructure', 'tls', 'allowedListeners', 'defaultScope']) {
    const v = spec.get(key);
    if (v.exists) ctx.drop(v, `Gateway ${key} are specific to where the Gateway runs; Mesh Lens does not convert them.`);
  }
  return out;
}

function readListener(l: SourceView, ctx: ReadContext): Listener | undefined {
  const protocolView = l.get('protocol');
  const protocol = protocolView.peek() as ListenerProtocol | undefined;
  if (!protocol || !PROTOCOLS.includes(protocol)) {
    ctx.drop(l, `Mesh Lens converts HTTP, HTTPS, TLS and TCP listeners, not ${protocol ?? 'one without a protocol'}.`);
    return undefined;
  }
  protocolView.use();
  const port = readNumber(l.get('port'), ctx);
  if (port === undefined) { ctx.drop(l, 'A listener without a port cannot be converted.'); return undefined; }
  const out: Listener = { name: l.get('name').str() ?? `${protocol.toLowerCase()}-${port}`, port, protocol, allowedRoutes: { from: 'Same' }, origin: l.origin };
  const hostname = l.get('hostname').str();
  if (hostname) out.hostname = hostname;
  const tls = l.get('tls');
  if (tls.exists) {
    const mode = tls.get('mode').str() === 'Passthrough' ? 'Passthrough' : 'Terminate';
    tls.get('mode').use();
    const certificateRefs: { name: string; namespace?: string }[] = [];
    for (const ref of tls.get('certificateRefs').items()) {
      const kind = ref.get('kind').str() ?? 'Secret';
      const group = ref.get('group').str() ?? '';
      const name = ref.get('name').str();
      if (kind !== 'Secret' || group !== '' || !name) { ctx.drop(ref, `Mesh Lens converts certificates held in Secrets, not in a ${kind}.`); continue; }
      const namespace = ref.get('namespace').str();
      certificateRefs.push(namespace ? { name, namespace } : { name });
    }
    out.tls = { mode, certificateRefs };
    const options = tls.get('options');
    if (options.exists) ctx.drop(options, 'TLS options are specific to one implementation; Mesh Lens cannot carry them to another.');
  }
  readAllowedRoutes(l.get('allowedRoutes'), out, ctx);
  return out;
}

function readAllowedRoutes(v: SourceView, listener: Listener, ctx: ReadContext): void {
  const namespaces = v.get('namespaces');
  const from = namespaces.get('from').str() ?? 'Same';
  if (from === 'All' || from === 'Same') listener.allowedRoutes = { from };
  else if (from === 'Selector') {
    const selector = namespaces.get('selector');
    const labels = selector.get('matchLabels');
    const name = labels.get('kubernetes.io/metadata.name').peek();
    if (name && labels.keys().length === 1 && !selector.get('matchExpressions').exists) {
      labels.use();
      listener.allowedRoutes = { from: 'Selector', namespace: name };
    } else {
      // Only a selector naming one namespace has a meaning in every target; anything else narrows to Same.
      ctx.drop(selector, 'Only a namespace selector on kubernetes.io/metadata.name is converted; routes are admitted from the Gateway\'s own namespace instead.');
    }
  }
  const kinds = v.get('kinds');
  if (kinds.exists) ctx.drop(kinds, 'Which route kinds a listener admits is not converted; the target admits the kinds that fit its protocol.');
}
