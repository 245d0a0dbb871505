// Reads Istio security resources (security.istio.io) into the neutral policy model:
// AuthorizationPolicy (ALLOW/DENY rules of callers and operations), PeerAuthentication (mTLS mode, per
// port) and RequestAuthentication (JWT providers); ServiceEntry (egress) is read in egress.ts. A condition the model cannot hold never widens
// access: in an ALLOW policy its whole rule is left out (the converted policy allows less); in a DENY
// policy the condition alone is left out (the converted policy denies more).
import type { ReadContext, Reader } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment } from '../../model';
import type { AuthzOperation, AuthzPath, AuthzPolicy, AuthzRule, AuthzSource, Identity, JwtPolicy, JwtProvider, MtlsMode, MtlsPolicy, PolicyScope } from '../../policyModel';
import type { SourceView } from '../../source';
import { readServiceEntry } from './egress';
import { identityFromPrincipal, workloadScope } from './identities';

const MODES: Record<string, MtlsMode | undefined> = { STRICT: 'STRICT', PERMISSIVE: 'PERMISSIVE', DISABLE: 'DISABLE' };

/** The workloads an Istio security policy applies to: its selector, a Service targetRef, or its namespace. */
function istioScope(spec: SourceView, ctx: ReadContext): PolicyScope {
  const namespace = ctx.source.namespace;
  const refs = [...spec.get('targetRefs').items(), ...(spec.get('targetRef').exists ? [spec.get('targetRef')] : [])];
  for (const ref of refs) {
    if (ref.get('kind').peek() === 'Service' && refs.length === 1) {
      ref.use();
      return { kind: 'service', name: ref.get('name').peek() ?? '', ...(namespace ? { namespace } : {}), origin: ref.origin };
    }
    ctx.drop(ref, 'Only a policy for one Service is converted; a policy for a Gateway or several targets is applied to the namespace instead.');
  }
  const workload = workloadScope(spec.get('selector'), namespace, ctx);
  if (workload) return workload;
  const origin = ctx.root.at('metadata', 'namespace').exists ? ctx.root.at('metadata', 'namespace').origin : spec.origin;
  // A policy in Istio's root namespace applies to the whole mesh; the root namespace is istio-system unless meshConfig says otherwise.
  if (namespace === 'istio-system') {
    ctx.need('confirmation that istio-system is the Istio root namespace (meshConfig.rootNamespace): this policy is converted as one for the whole mesh', origin);
    return { kind: 'mesh', origin };
  }
  return { kind: 'namespace', ...(namespace ? { namespace } : {}), origin };
}

function readAuthorizationPolicy(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const scope = istioScope(spec, ctx);
  // `spec: {}` is the deny-all policy: nothing left to read.
  if (!spec.keys().length) spec.use();
  const actionView = spec.get('action');
  const action = actionView.str() ?? 'ALLOW';
  if (action !== 'ALLOW' && action !== 'DENY') {
    ctx.drop(actionView, action === 'CUSTOM'
      ? 'Delegating the decision to an external authorizer has no equivalent in the other meshes; the policy is not converted.'
      : `An ${action} policy only records requests; it is not converted.`);
    spec.use();
    return fragment;
  }
  if (spec.get('provider').exists) ctx.drop(spec.get('provider'), 'An external authorization provider is not converted.');
  const rules: AuthzRule[] = [];
  for (const r of spec.get('rules').items()) {
    const rule = readRule(r, action, ctx);
    if (rule) rules.push(rule);
  }
  const policy: AuthzPolicy = {
    type: 'authz', name: ctx.source.name, scope, action, rules,
    defaultDeny: action === 'ALLOW' && rules.length === 0, from: ctx.source, origin: spec.origin,
  };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  fragment.policies = [policy];
  return fragment;
}

/**
 * A condition the model cannot hold. ALLOW: the whole rule is left out (returns false). DENY: only the
 * condition is left out, so the rule refuses more requests (returns true).
 */
function cannotHold(field: SourceView, what: string, action: string, ctx: ReadContext): boolean {
  if (action === 'ALLOW') {
    ctx.drop(field, `${what} cannot be converted, so this rule is left out: the converted policy allows less than the original, never more.`);
    return false;
  }
  ctx.drop(field, `${what} cannot be converted, so the deny rule applies without it: the converted policy denies more than the original, never less.`);
  return true;
}

function readRule(r: SourceView, action: string, ctx: ReadContext): AuthzRule | undefined {
  let keep = true;
  const from: AuthzSource[] = [];
  for (const f of r.get('from').items()) {
    const source = f.get('source');
    const principals = readList(source.get('principals'), p => identityFromPrincipal(p.peek() ?? '', p.origin), 'principal', action, ctx);
    if (!principals) keep = false;
    const namespaces = source.get('namespaces').items().map(n => ({ namespace: n.str() ?? '', origin: n.origin }));
    // Inside one source every field must match: principals outside the listed namespaces match nothing.
    let identities: Identity[] = principals ?? [];
    if (namespaces.length && principals?.length) {
      const allowed = new Set(namespaces.map(n => n.namespace));
      identities = principals.filter(p => p.anyAuthenticated || allowed.has(p.namespace ?? ''));
      if (identities.some(p => p.anyAuthenticated)) identities = namespaces;
    } else if (namespaces.length) identities = namespaces;
    const ipBlocks = source.get('ipBlocks').items().map(b => ({ value: b.str() ?? '', origin: b.origin }));
    for (const key of source.keys()) {
      if (['principals', 'namespaces', 'ipBlocks'].includes(key)) continue;
      const field = source.get(key);
      const what = key.startsWith('not') ? `The exclusion ${key}` : key === 'requestPrincipals' ? 'Requiring a JWT principal' : `The condition ${key}`;
      keep = cannotHold(field, what, action, ctx) && keep;
    }
    for (const key of f.keys()) if (key !== 'source') keep = cannotHold(f.get(key), `The field ${key}`, action, ctx) && keep;
    // Principals and namespaces that exclude each other: this source admits nobody.
    if ((principals?.length || namespaces.length) && !identities.length) continue;
    from.push({ identities, ipBlocks, origin: f.origin });
  }
  const to: AuthzOperation[] = [];
  for (const t of r.get('to').items()) {
    const op = t.get('operation');
    const operation: AuthzOperation = { ports: [], methods: [], paths: [], origin: t.origin };
    const ports = readList(op.get('ports'), p => (Number.isInteger(Number(p.peek())) ? { value: Number(p.peek()), origin: p.origin } : undefined), 'port', action, ctx);
    const paths = readList(op.get('paths'), p => istioPath(p.peek() ?? '', p), 'path pattern', action, ctx);
    if (!ports || !paths) keep = false;
    operation.ports = ports ?? [];
    operation.paths = paths ?? [];
    operation.methods = op.get('methods').items().map(m => ({ value: m.str() ?? '', origin: m.origin }));
    for (const key of op.keys()) {
      if (['ports', 'methods', 'paths'].includes(key)) continue;
      keep = cannotHold(op.get(key), key.startsWith('not') ? `The exclusion ${key}` : `The condition ${key}`, action, ctx) && keep;
    }
    for (const key of t.keys()) if (key !== 'operation') keep = cannotHold(t.get(key), `The field ${key}`, action, ctx) && keep;
    to.push(operation);
  }
  for (const w of r.get('when').items()) keep = cannotHold(w, `The condition on ${w.get('key').peek() ?? 'a request attribute'}`, action, ctx) && keep;
  r.get('when').use();
  if (!keep) { r.use(); return undefined; }
  if (r.get('from').items().length && !from.length) return undefined;
  return { from, to, origin: r.origin };
}

/**
 * A list of alternatives (principals, ports, paths). An item the model cannot hold: in an ALLOW policy
 * the rule is left out (undefined); in a DENY policy the whole condition is, so the rule refuses more.
 */
function readList<T>(list: SourceView, parse: (item: SourceView) => T | undefined, what: string, action: string, ctx: ReadContext): T[] | undefined {
  const out: T[] = [];
  for (const item of list.items()) {
    const value = parse(item);
    if (value !== undefined) { item.use(); out.push(value); continue; }
    cannotHold(action === 'ALLOW' ? item : list, `The ${what} "${item.peek() ?? ''}"`, action, ctx);
    if (action === 'ALLOW') { list.use(); return undefined; }
    return [];
  }
  list.use();
  return out;
}

/** Istio AuthorizationPolicy paths: exact, `prefix*`, `*suffix` or `*`; path templates are not converted. */
function istioPath(text: string, view: SourceView): AuthzPath | undefined {
  if (text.includes('{')) return undefined;
  if (text === '*') return { type: 'Prefix', value: '/', origin: view.origin };
  if (text.endsWith('*') && !text.slice(0, -1).includes('*')) return { type: 'Prefix', value: text.slice(0, -1), origin: view.origin };
  if (text.startsWith('*') && !text.slice(1).includes('*')) return { type: 'Suffix', value: text.slice(1), origin: view.origin };
  if (text.includes('*')) return undefined;
  return { type: 'Exact', value: text, origin: view.origin };
}

function readPeerAuthentication(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const scope = istioScope(spec, ctx);
  const policy: MtlsPolicy = { type: 'mtls', name: ctx.source.name, scope, ports: [], from: ctx.source, origin: spec.origin };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  const modeView = spec.at('mtls', 'mode');
  const mode = MODES[modeView.peek() ?? ''];
  if (mode) policy.mode = { value: mode, origin: modeView.use().origin };
  else modeView.use(); // UNSET or absent: inherits the parent scope's mode.
  spec.get('mtls').use();
  // Port modes Istio's validation rejects make the whole PeerAuthentication rejected: they had no effect.
  const portLevel = spec.get('portLevelMtls');
  const rejected = (what: string) => `${what}, so Istio rejects this PeerAuthentication: it has no effect there either.`;
  if (portLevel.exists && !portLevel.entries().length) ctx.dropInert(portLevel, rejected('portLevelMtls names no port'));
  else if (portLevel.exists && !spec.get('selector').exists) ctx.dropInert(portLevel, rejected('Port modes need a workload selector'));
  else for (const [port, entry] of portLevel.entries()) {
    const portMode = MODES[entry.get('mode').peek() ?? ''];
    const n = Number(port);
    const valid = Number.isInteger(n) && n >= 1 && n <= 65535;
    if (portMode && valid) { entry.use(); policy.ports.push({ port: n, mode: portMode, origin: entry.origin }); }
    else if (!Number.isInteger(n)) ctx.dropInert(entry, rejected(`The port "${port}" is not a number`));
    else if (!valid) ctx.dropInert(entry, rejected(`The port ${port} is not between 1 and 65535`));
    else if (!portMode && [undefined, 'UNSET'].includes(entry.get('mode').peek())) ctx.dropInert(entry, 'A port mode that inherits its parent (UNSET) needs nothing in the target.');
    else ctx.dropInert(entry, rejected(`The mode ${JSON.stringify(entry.get('mode').peek() ?? '')} of port ${port} is not one Istio accepts`));
  }
  fragment.policies = [policy];
  return fragment;
}

function readRequestAuthentication(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const scope = istioScope(spec, ctx);
  const providers: JwtProvider[] = [];
  for (const rule of spec.get('jwtRules').items()) {
    const valued = (v: SourceView) => { const s = v.str(); return s === undefined ? undefined : { value: s, origin: v.origin }; };
    const provider: JwtProvider = {
      audiences: rule.get('audiences').items().map(a => ({ value: a.str() ?? '', origin: a.origin })),
      fromHeaders: rule.get('fromHeaders').items().map(h => ({ name: h.get('name').str() ?? '', ...(h.get('prefix').peek() !== undefined ? { prefix: h.get('prefix').str()! } : {}), origin: h.origin })),
      fromParams: rule.get('fromParams').items().map(p => ({ value: p.str() ?? '', origin: p.origin })),
      fromCookies: rule.get('fromCookies').items().map(p => ({ value: p.str() ?? '', origin: p.origin })),
      origin: rule.origin,
    };
    const issuer = valued(rule.get('issuer')); if (issuer) provider.issuer = issuer;
    const uri = valued(rule.get('jwksUri')); if (uri) provider.jwksUri = uri;
    const jwks = valued(rule.get('jwks')); if (jwks) provider.jwks = jwks;
    const out = valued(rule.get('outputPayloadToHeader')); if (out) provider.outputPayloadToHeader = out;
    const forward = rule.get('forwardOriginalToken').bool();
    if (forward !== undefined) provider.forwardOriginalToken = { value: forward, origin: rule.get('forwardOriginalToken').origin };
    for (const key of rule.keys()) {
      if (!rule.get(key).unused().length) continue;
      ctx.drop(rule.get(key), `The JWT rule field ${key} has no equivalent in the other meshes.`);
    }
    providers.push(provider);
  }
  const policy: JwtPolicy = { type: 'jwt', name: ctx.source.name, scope, providers, from: ctx.source, origin: spec.origin };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  fragment.policies = [policy];
  return fragment;
}

export const istioPolicyReader: Reader = {
  owner: 'istio',
  kinds: ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'ServiceEntry'],
  // Istio has no other kind for these: converted to Istio they stay exactly as written.
  keptInOwnMesh: ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'ServiceEntry'],
  read(kind, ctx) {
    if (kind === 'ServiceEntry' && ctx.source.apiVersion.startsWith('networking.istio.io/')) return readServiceEntry(ctx);
    if (!ctx.source.apiVersion.startsWith('security.istio.io/')) return undefined;
    if (kind === 'AuthorizationPolicy') return readAuthorizationPolicy(ctx);
    if (kind === 'PeerAuthentication') return readPeerAuthentication(ctx);
    if (kind === 'RequestAuthentication') return readRequestAuthentication(ctx);
    return undefined;
  },
};
