// Reads SMI TrafficTarget (access.smi-spec.io) into the neutral policy model: the destination
// service account's pods admit the source service accounts, for the requests of the HTTPRouteGroups
// (paths and methods) or TCPRoutes (ports) its rules name, looked up in the input.
import type { InputResource, ReadContext, Reader } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment, Origin } from '../../model';
import type { AuthzOperation, AuthzPolicy, Identity } from '../../policyModel';
import { pathFromRegex } from './identities';

interface GroupMatch { name?: unknown; pathRegex?: unknown; methods?: unknown; headers?: unknown }

/** The operations an HTTPRouteGroup's matches (all of them, or those named) admit; undefined when a match has headers. */
function groupOperations(group: InputResource, names: string[], origin: Origin): AuthzOperation[] | undefined {
  const matches = ((group.spec as { matches?: GroupMatch[] } | undefined)?.matches ?? []).filter(m => !names.length || names.includes(String(m.name)));
  const out: AuthzOperation[] = [];
  for (const m of matches) {
    if (m.headers && Object.keys(m.headers as object).length) return undefined;
    const methods = Array.isArray(m.methods) ? m.methods.map(String).filter(x => x !== '*') : [];
    const anyMethod = !methods.length || (Array.isArray(m.methods) && m.methods.includes('*'));
    out.push({
      ports: [], paths: typeof m.pathRegex === 'string' ? [pathFromRegex(m.pathRegex, origin)] : [],
      methods: anyMethod ? [] : methods.map(value => ({ value, origin })), origin,
    });
  }
  return out;
}

function readTrafficTarget(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const dest = spec.get('destination');
  const namespace = dest.get('namespace').str() ?? ctx.source.namespace;
  dest.get('kind').use();
  const scopeName = dest.get('name').str() ?? '';
  if (dest.get('port').exists) ctx.drop(dest.get('port'), 'A destination port of a TrafficTarget is not converted; the rules\' routes give the ports.');
  const identities: Identity[] = spec.get('sources').items().map(s => {
    s.get('kind').use();
    const ns = s.get('namespace').str() ?? ctx.source.namespace;
    return { serviceAccount: s.get('name').str() ?? '', ...(ns ? { namespace: ns } : {}), origin: s.origin };
  });
  spec.get('sources').use();
  const to: AuthzOperation[] = [];
  let keep = true;
  for (const r of spec.get('rules').items()) {
    const kind = r.get('kind').str();
    const name = r.get('name').str() ?? '';
    const names = r.get('matches').strings();
    const sameNs = (g: InputResource) => g.name === name && (g.namespace ?? '') === (ctx.source.namespace ?? '');
    if (kind === 'HTTPRouteGroup') {
      const group = ctx.input.resources?.('smi', 'HTTPRouteGroup').find(sameNs);
      const ops = group ? groupOperations(group, names, r.origin) : undefined;
      if (!ops) { ctx.drop(r, group ? 'A route group match on headers cannot be converted, so these requests are left out: the converted policy allows less than the original.' : `The HTTPRouteGroup "${name}" is not in the input, so the requests it allows are unknown and left out: convert them together.`); keep = false; continue; }
      to.push(...ops);
    } else if (kind === 'TCPRoute') {
      const route = ctx.input.resources?.('smi', 'TCPRoute').find(sameNs);
      const ports = ((route?.spec as { matches?: { ports?: unknown[] } } | undefined)?.matches?.ports ?? []).map(Number).filter(Number.isInteger);
      to.push({ ports: ports.map(value => ({ value, origin: r.origin })), methods: [], paths: [], origin: r.origin });
    } else { ctx.drop(r, `A ${kind ?? 'rule'} is not converted, so its requests are left out: the converted policy allows less than the original.`); keep = false; }
  }
  const rules = identities.length && (to.length || keep) ? [{ from: [{ identities, ipBlocks: [], origin: spec.get('sources').origin }], to, origin: spec.origin }] : [];
  const policy: AuthzPolicy = {
    type: 'authz', name: ctx.source.name, action: 'ALLOW', rules, defaultDeny: !rules.length,
    scope: { kind: 'serviceAccount', name: scopeName, ...(namespace ? { namespace } : {}), origin: dest.origin }, from: ctx.source, origin: spec.origin,
  };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  fragment.policies = [policy];
  return fragment;
}

export const smiPolicyReader: Reader = {
  owner: 'smi',
  kinds: ['TrafficTarget'],
  read(kind, ctx) {
    return kind === 'TrafficTarget' ? readTrafficTarget(ctx) : undefined;
  },
};
