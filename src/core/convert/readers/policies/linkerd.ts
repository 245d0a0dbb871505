// Reads Linkerd authorization (policy.linkerd.io) into the neutral policy model. An
// AuthorizationPolicy joins a target (a Server, an HTTPRoute on a Server, or a Namespace) with the
// authentications every caller must pass (MeshTLSAuthentication service accounts,
// NetworkAuthentication CIDRs); those objects are looked up in the input. A Server alone says its
// pods' port denies what nobody authorizes; ServerAuthorization is the older form of the same.
import type { InputResource, ReadContext, Reader } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment, Origin } from '../../model';
import type { AuthzOperation, AuthzPath, AuthzPolicy, AuthzSource, Identity, PolicyScope } from '../../policyModel';
import type { SourceView } from '../../source';
import { readEgressNetwork } from './egress';
import { identityFromLinkerdName } from './identities';
import { readHttpLocalRateLimit } from './rateLimits';
import { readDefaultInboundPolicy } from './linkerdInbound';

/** Plain objects that carry the default inbound policy annotation (the pipeline hands them over for it alone). */
const ANNOTATED = ['Namespace', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

interface ServerSpec { podSelector?: { matchLabels?: Record<string, string> }; port?: number | string; accessPolicy?: string }
interface RefSpec { kind?: string; name?: string; namespace?: string; group?: string }

function find(ctx: ReadContext, kind: string, name: string | undefined, namespace?: string): InputResource | undefined {
  const ns = namespace ?? ctx.source.namespace ?? '';
  return ctx.input.resources?.('linkerd', kind).find(r => r.name === name && (r.namespace ?? '') === ns);
}

function serverScope(server: InputResource, origin: Origin): PolicyScope {
  const spec = (server.spec ?? {}) as ServerSpec;
  return { kind: 'workload', labels: { ...(spec.podSelector?.matchLabels ?? {}) }, ...(server.namespace ? { namespace: server.namespace } : {}), origin };
}

/** The port condition a Server puts on a rule; a named port needs its number. */
function serverPorts(server: InputResource, origin: Origin, ctx: ReadContext): AuthzOperation['ports'] {
  const port = ((server.spec ?? {}) as ServerSpec).port;
  if (typeof port === 'number') return [{ value: port, origin }];
  ctx.need(`the number of port "${String(port)}" of Server ${server.name}`, origin);
  return [];
}

/** The callers of one set of authentications (all must pass); undefined when one cannot be read. */
function callers(refs: SourceView, ctx: ReadContext): AuthzSource | undefined {
  const source: AuthzSource = { identities: [], ipBlocks: [], origin: refs.origin };
  for (const ref of refs.items()) {
    const r = ref.plain() as RefSpec;
    if (r.kind === 'ServiceAccount') { source.identities.push({ serviceAccount: r.name ?? '', namespace: r.namespace ?? ctx.source.namespace, origin: ref.origin }); continue; }
    const found = find(ctx, r.kind ?? '', r.name, r.namespace);
    if (!found) { ctx.drop(ref, `The ${r.kind ?? 'authentication'} "${r.name ?? ''}" is not in the input, so the callers it admits are unknown and this authorization is left out: the converted policy allows less. Convert them together.`); return undefined; }
    const spec = (found.spec ?? {}) as { identityRefs?: RefSpec[]; identities?: string[]; networks?: { cidr?: string; except?: string[] }[] };
    if (r.kind === 'MeshTLSAuthentication') {
      for (const id of spec.identityRefs ?? []) {
        if (id.kind === 'ServiceAccount') source.identities.push({ ...(id.name ? { serviceAccount: id.name } : {}), namespace: id.namespace ?? found.namespace ?? ctx.source.namespace, origin: ref.origin });
        else if (id.kind === 'Namespace') source.identities.push({ namespace: id.name, origin: ref.origin });
        else { ctx.drop(ref, `Callers named by ${id.kind ?? 'this reference'} cannot be converted, so this authorization is left out: the converted policy allows less.`); return undefined; }
      }
      for (const text of spec.identities ?? []) {
        const id = identityFromLinkerdName(text, ref.origin);
        if (!id) { ctx.drop(ref, `The identity "${text}" cannot be converted, so this authorization is left out: the converted policy allows less.`); return undefined; }
        source.identities.push(id);
      }
    } else if (r.kind === 'NetworkAuthentication') {
      for (const n of spec.networks ?? []) {
        if (n.except?.length) { ctx.drop(ref, 'Networks with exceptions cannot be converted, so this authorization is left out: the converted policy allows less.'); return undefined; }
        // Every address: no network condition.
        if (n.cidr !== '0.0.0.0/0' && n.cidr !== '::/0') source.ipBlocks.push({ value: n.cidr ?? '', origin: ref.origin });
      }
    }
  }
  return source;
}

/** An HTTPRoute's matches as operations on the Server's port; undefined when a match cannot be converted. */
function routeOperations(route: InputResource, ports: AuthzOperation['ports'], origin: Origin): AuthzOperation[] | undefined {
  const rules = ((route.spec ?? {}) as { rules?: { matches?: { path?: { type?: string; value?: string }; method?: string; headers?: unknown[]; queryParams?: unknown[] }[] }[] }).rules ?? [];
  const out: AuthzOperation[] = [];
  for (const rule of rules) {
    for (const m of rule.matches?.length ? rule.matches : [{}]) {
      if (m.headers?.length || m.queryParams?.length) return undefined;
      const paths: AuthzPath[] = [];
      const value = m.path?.value ?? '/';
      if (m.path?.type === 'Exact') paths.push({ type: 'Exact', value, origin });
      else if (m.path?.type === 'RegularExpression') paths.push({ type: 'RegularExpression', value, origin });
      else if (value !== '/') paths.push({ type: 'Exact', value, origin }, { type: 'Prefix', value: `${value.replace(/\/$/, '')}/`, origin });
      out.push({ ports, methods: m.method ? [{ value: m.method, origin }] : [], paths, origin });
    }
  }
  return out;
}

function readAuthorizationPolicy(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const target = spec.get('targetRef');
  const t = target.plain() as RefSpec;
  const base = { type: 'authz' as const, name: ctx.source.name, action: 'ALLOW' as const, defaultDeny: false, from: ctx.source, origin: spec.origin, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}) };
  const source = callers(spec.get('requiredAuthenticationRefs'), ctx);
  spec.get('requiredAuthenticationRefs').use();
  let scope: PolicyScope | undefined;
  let to: AuthzOperation[] = [];
  if (t.kind === 'Namespace') scope = { kind: 'namespace', namespace: t.name ?? ctx.source.namespace, origin: target.origin };
  else if (t.kind === 'Server') {
    const server = find(ctx, 'Server', t.name);
    if (server) { scope = serverScope(server, target.origin); to = [{ ports: serverPorts(server, target.origin, ctx), methods: [], paths: [], origin: target.origin }]; }
    // The callers are known, the pods and port are the Server's: the writers ask for them (or name the Server in Linkerd).
    else if (t.name) scope = { kind: 'workload', labels: {}, server: t.name, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}), origin: target.origin };
  } else if (t.kind === 'HTTPRoute' || t.kind === 'GRPCRoute') {
    const route = find(ctx, t.kind, t.name) ?? ctx.input.resources?.('gateway-api', t.kind).find(r => r.name === t.name);
    const parent = ((route?.spec ?? {}) as { parentRefs?: RefSpec[] }).parentRefs?.find(p => p.kind === 'Server');
    const server = parent ? find(ctx, 'Server', parent.name) : undefined;
    const ops = route && server ? routeOperations(route, serverPorts(server, target.origin, ctx), target.origin) : undefined;
    if (server && ops) { scope = serverScope(server, target.origin); to = ops; }
  }
  if (!scope) {
    ctx.drop(spec, `The ${t.kind ?? 'target'} "${t.name ?? ''}" (and the Server it belongs to) must be in the input to know which pods, ports and requests this authorization is for; it is left out, so the converted policies allow less. Convert them together.`);
    return fragment;
  }
  const policy: AuthzPolicy = { ...base, scope, rules: source ? [{ from: [source], to, origin: spec.origin }] : [] };
  if (!source) policy.defaultDeny = true;
  fragment.policies = [policy];
  return fragment;
}

function readServer(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const access = spec.get('accessPolicy');
  const mode = access.str() ?? 'deny';
  const labels = spec.at('podSelector', 'matchLabels').stringMap();
  spec.get('podSelector').use();
  if (spec.at('podSelector', 'matchExpressions').exists) ctx.drop(spec.at('podSelector', 'matchExpressions'), 'Selecting pods by label expressions is not converted; the policy selects the pods with the matchLabels.');
  const scope: PolicyScope = { kind: 'workload', labels, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}), origin: spec.get('podSelector').origin };
  const portView = spec.get('port');
  const port = portView.num();
  if (port === undefined) portView.use();
  if (spec.get('proxyProtocol').exists) ctx.drop(spec.get('proxyProtocol'), 'The protocol of the port is not converted; the target detects it or reads it from the Service.');
  const base = { type: 'authz' as const, name: ctx.source.name, scope, from: ctx.source, origin: spec.origin, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}) };
  const ports = port !== undefined ? [{ value: port, origin: portView.origin }] : [];
  if (mode === 'deny') {
    fragment.policies = [{ ...base, action: 'ALLOW', rules: [], defaultDeny: true }];
    ctx.drop(portView, 'The other meshes deny by default for a whole workload, not one port: the converted policy denies every port of these pods that nothing allows, which allows less than the original.');
  } else if (mode === 'all-authenticated') {
    const any: Identity = { anyAuthenticated: true, origin: access.origin };
    fragment.policies = [{ ...base, action: 'ALLOW', rules: [{ from: [{ identities: [any], ipBlocks: [], origin: access.origin }], to: [{ ports, methods: [], paths: [], origin: portView.origin }], origin: access.origin }], defaultDeny: false }];
  } else if (mode === 'all-unauthenticated') {
    // Every caller, meshed or not: it overrides a cluster-wide deny default in Linkerd, so the allow is written.
    access.use();
    fragment.policies = [{ ...base, action: 'ALLOW', rules: [{ from: [], to: [{ ports, methods: [], paths: [], origin: portView.origin }], origin: access.origin }], defaultDeny: false }];
  } else ctx.drop(access, `The access policy ${mode} (callers of the cluster's networks only) is not converted.`);
  return fragment;
}

function readServerAuthorization(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const serverRef = spec.get('server');
  const server = find(ctx, 'Server', serverRef.get('name').str());
  const selector = serverRef.at('selector', 'matchLabels').stringMap();
  serverRef.use();
  const scope: PolicyScope = server ? serverScope(server, serverRef.origin) : { kind: 'workload', labels: selector, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}), origin: serverRef.origin };
  if (!server && !Object.keys(selector).length) { ctx.drop(serverRef, 'The Server this authorization is for is not in the input, so it is left out: the converted policies allow less.'); return fragment; }
  const client = spec.get('client');
  const source: AuthzSource = { identities: [], ipBlocks: client.get('networks').items().map(n => ({ value: n.get('cidr').str() ?? '', origin: n.origin })), origin: client.origin };
  client.get('networks').use();
  for (const sa of client.at('meshTLS', 'serviceAccounts').items()) source.identities.push({ serviceAccount: sa.get('name').str() ?? '', namespace: sa.get('namespace').str() ?? ctx.source.namespace, origin: sa.origin });
  for (const text of client.at('meshTLS', 'identities').items()) {
    const id = identityFromLinkerdName(text.peek() ?? '', text.origin);
    if (id) { text.use(); source.identities.push(id); } else ctx.drop(text, 'This identity cannot be converted, so it is left out: the converted policy allows less.');
  }
  client.at('meshTLS', 'identities').use();
  if (client.at('meshTLS', 'unauthenticatedTLS').bool()) ctx.drop(client.at('meshTLS', 'unauthenticatedTLS'), 'TLS callers without a mesh identity cannot be named in the other meshes, so they are left out: the converted policy allows less.');
  client.get('unauthenticated').bool();
  const ports = server ? serverPorts(server, serverRef.origin, ctx) : [];
  const policy: AuthzPolicy = {
    type: 'authz', name: ctx.source.name, scope, action: 'ALLOW', defaultDeny: false, from: ctx.source, origin: spec.origin,
    rules: [{ from: client.get('unauthenticated').peek() === 'true' ? [] : [source], to: ports.length ? [{ ports, methods: [], paths: [], origin: serverRef.origin }] : [], origin: client.origin }],
  };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  fragment.policies = [policy];
  return fragment;
}

export const linkerdPolicyReader: Reader = {
  owner: 'linkerd',
  kinds: ['AuthorizationPolicy', 'Server', 'ServerAuthorization', 'MeshTLSAuthentication', 'NetworkAuthentication', 'EgressNetwork', 'HTTPLocalRateLimitPolicy', ...ANNOTATED],
  // Converted to Linkerd, a Server and the rate limit attached to it by name stay as they are: read
  // through the model, a Server that admits every caller would leave no object for the limit to name.
  keptInOwnMesh: ['Server', 'HTTPLocalRateLimitPolicy', ...ANNOTATED],
  read(kind, ctx) {
    if (ANNOTATED.includes(kind)) return readDefaultInboundPolicy(ctx);
    if (!ctx.source.apiVersion.startsWith('policy.linkerd.io/')) return undefined;
    if (kind === 'AuthorizationPolicy') return readAuthorizationPolicy(ctx);
    if (kind === 'Server') return readServer(ctx);
    if (kind === 'ServerAuthorization') return readServerAuthorization(ctx);
    if (kind === 'EgressNetwork') return readEgressNetwork(ctx);
    if (kind === 'HTTPLocalRateLimitPolicy') return readHttpLocalRateLimit(ctx, (k, name) => find(ctx, k, name));
    // Admit nobody alone: the AuthorizationPolicy that names them carries their callers.
    if (kind === 'MeshTLSAuthentication' && ctx.target.id !== 'linkerd' && ctx.root.get('spec').exists) {
      ctx.drop(ctx.root.get('spec'), ctx.target.id === 'gateway-api'
        ? 'Gateway API has no authentication of callers; keep the mesh\'s own authorization resources next to the routes.'
        : 'No object of its own in the target: its identities are written as the callers of the converted policy of each AuthorizationPolicy that names it, which the target checks by their mTLS identity.');
    }
    ctx.root.get('spec').use();
    return emptyFragment();
  },
};
