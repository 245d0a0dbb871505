// Reads Consul security config entries into the neutral policy model: ServiceIntentions (sources
// allowed or denied at L4, or by L7 permissions on paths and methods) and the mesh-wide
// mutualTLSMode of ProxyDefaults. Consul names callers by service (consul-k8s: the pod's service
// account name) and, in CE, without namespaces. ServiceDefaults is read by the routing reader.
import type { ReadContext, Reader } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment } from '../../model';
import type { AuthzOperation, AuthzPolicy, AuthzRule, Identity, PolicyScope } from '../../policyModel';
import type { SourceView } from '../../source';
import { pathFromRegex } from './identities';

const ENTERPRISE = ['namespace', 'partition', 'peer', 'samenessGroup'];

/** One permission's request condition; undefined when it has a condition the model cannot hold. */
function permissionOperation(p: SourceView, allow: boolean, ctx: ReadContext): AuthzOperation | undefined {
  const http = p.get('http');
  const op: AuthzOperation = { ports: [], methods: http.get('methods').items().map(m => ({ value: m.str() ?? '', origin: m.origin })), paths: [], origin: p.origin };
  http.get('methods').use();
  const exact = http.get('pathExact'), prefix = http.get('pathPrefix'), regex = http.get('pathRegex');
  if (exact.exists) op.paths.push({ type: 'Exact', value: exact.str() ?? '', origin: exact.origin });
  if (prefix.exists) op.paths.push({ type: 'Prefix', value: prefix.str() ?? '', origin: prefix.origin });
  if (regex.exists) op.paths.push(pathFromRegex(regex.str() ?? '', regex.origin));
  const header = http.get('header');
  if (header.exists) {
    if (allow) { ctx.drop(header, 'Header conditions of intentions are not converted, so this permission is left out: the converted policy allows less than the original, never more.'); return undefined; }
    ctx.drop(header, 'Header conditions of intentions are not converted, so the deny applies without them: the converted policy denies more than the original.');
  }
  if (p.get('jwt').exists) {
    if (allow) { ctx.drop(p.get('jwt'), 'Token conditions of intentions are not converted, so this permission is left out: the converted policy allows less than the original.'); return undefined; }
    ctx.drop(p.get('jwt'), 'Token conditions of intentions are not converted, so the deny applies without them: the converted policy denies more than the original.');
  }
  return op;
}

function readServiceIntentions(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const dest = spec.get('destination');
  const destName = dest.get('name').str() ?? '';
  for (const key of ENTERPRISE) if (dest.get(key).exists) ctx.drop(dest.get(key), `The destination ${key} is a Consul Enterprise feature and is not converted.`);
  const scope: PolicyScope = destName === '*' ? { kind: 'mesh', origin: dest.origin } : { kind: 'service', name: destName, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}), origin: dest.origin };
  const allowRules: AuthzRule[] = [], denyRules: AuthzRule[] = [];
  let wildcard: string | undefined;
  let droppedAllow = false;
  for (const s of spec.get('sources').items()) {
    const name = s.get('name').str() ?? '';
    s.get('description').use();
    const action = s.get('action').str();
    const entAllow = action !== 'deny';
    let skip = false;
    for (const key of ENTERPRISE) {
      if (!s.get(key).exists) continue;
      if (entAllow) { ctx.drop(s.get(key), `Naming callers by ${key} is a Consul Enterprise feature, so this source is left out: the converted policy allows less than the original.`); skip = true; }
      else ctx.drop(s.get(key), `Naming callers by ${key} is a Consul Enterprise feature, so the deny applies to every caller named ${name}.`);
    }
    if (skip) { s.use(); droppedAllow = true; continue; }
    const identity: Identity = { service: name, origin: s.get('name').origin };
    const from = name === '*' ? [] : [{ identities: [identity], ipBlocks: [], origin: s.origin }];
    if (action) {
      if (name === '*') { wildcard = action; continue; }
      (action === 'allow' ? allowRules : denyRules).push({ from, to: [], origin: s.origin });
      continue;
    }
    for (const p of s.get('permissions').items()) {
      const permAction = p.get('action').str() ?? 'allow';
      const op = permissionOperation(p, permAction === 'allow', ctx);
      if (!op) { p.use(); droppedAllow = true; continue; }
      (permAction === 'allow' ? allowRules : denyRules).push({ from, to: [op], origin: p.origin });
    }
  }
  const base = { type: 'authz' as const, scope, from: ctx.source, origin: spec.origin, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}) };
  const policies: AuthzPolicy[] = [];
  // "*" deny (or nothing for "*") with some allows: only those callers; "*" allow: everyone but the denied.
  // Allowed callers that cannot be converted: allowing nobody allows less, never more.
  if (wildcard !== 'allow' && (allowRules.length || wildcard === 'deny' || droppedAllow)) {
    policies.push({ ...base, name: ctx.source.name, action: 'ALLOW', rules: allowRules, defaultDeny: !allowRules.length });
  }
  if (denyRules.length) policies.push({ ...base, name: policies.length ? `${ctx.source.name}-deny` : ctx.source.name, action: 'DENY', rules: denyRules, defaultDeny: false });
  if (wildcard === 'allow' && !denyRules.length && allowRules.length) {
    ctx.drop(spec.get('sources'), 'Every caller is allowed ("*" allow), so the other allow entries add nothing and are not converted.');
  }
  if (spec.get('jwt').exists) ctx.drop(spec.get('jwt'), 'Requiring a JSON Web Token is not converted.');
  fragment.policies = policies;
  return fragment;
}

function readProxyDefaults(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const mode = spec.get('mutualTLSMode');
  const value = mode.str();
  if (value === 'strict' || value === 'permissive') {
    fragment.policies = [{ type: 'mtls', name: ctx.source.name, scope: { kind: 'mesh', origin: spec.origin }, mode: { value: value === 'strict' ? 'STRICT' : 'PERMISSIVE', origin: mode.origin }, ports: [], from: ctx.source, origin: spec.origin }];
  }
  for (const [key, field] of spec.entries()) {
    if (key === 'mutualTLSMode') continue;
    ctx.drop(field, key === 'envoyExtensions' ? 'Envoy extensions are an escape hatch and are never converted.' : `The proxy default ${key} is not converted.`);
  }
  return fragment;
}

export const consulPolicyReader: Reader = {
  owner: 'consul',
  kinds: ['ServiceIntentions', 'ProxyDefaults'],
  // Mesh-wide proxy settings (mesh gateways, exposed checks, access logs, Envoy config) that the model
  // holds only the mTLS mode of: converted to Consul they stay as written.
  keptInOwnMesh: ['ProxyDefaults'],
  read(kind, ctx) {
    if (kind === 'ServiceIntentions') return readServiceIntentions(ctx);
    if (kind === 'ProxyDefaults') return readProxyDefaults(ctx);
    return undefined;
  },
};
