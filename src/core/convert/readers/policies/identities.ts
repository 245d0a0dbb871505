// Caller identities as each mesh writes them, read into the neutral Identity (a service account in a
// namespace), and the selectors and paths every policy reader shares. Trust domains and zones are kept
// only when the source wrote them; nothing is guessed.
import type { Origin } from '../../model';
import type { AuthzPath, Identity, PolicyScope } from '../../policyModel';
import type { ReadContext } from '../../contract';
import type { SourceView } from '../../source';

/** Istio principal `<trust-domain>/ns/<ns>/sa/<sa>` (`*` parts allowed), or `*` for any authenticated caller. */
export function identityFromPrincipal(text: string, origin: Origin): Identity | undefined {
  if (text === '*') return { anyAuthenticated: true, origin };
  const m = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(text);
  if (!m) return undefined;
  const [, trustDomain, namespace, sa] = m;
  if (namespace.includes('*') || (sa !== '*' && sa.includes('*')) || (trustDomain !== '*' && trustDomain.includes('*'))) return undefined;
  const out: Identity = { namespace, origin };
  if (sa !== '*') out.serviceAccount = sa;
  if (trustDomain !== '*') out.trustDomain = trustDomain;
  return out;
}

/** Kuma / SPIFFE ID `spiffe://<trust-domain>/ns/<ns>/sa/<sa>`; a Prefix match may stop after the namespace. */
export function identityFromSpiffe(text: string, prefix: boolean, origin: Origin): Identity | undefined {
  const m = /^spiffe:\/\/([^/]+)\/ns\/([^/]+)(?:\/sa\/([^/]*))?\/?$/.exec(text);
  if (!m) return undefined;
  const [, trustDomain, namespace, sa] = m;
  if (sa && !prefix) return { trustDomain, namespace, serviceAccount: sa, origin };
  if (!sa && prefix) return { trustDomain, namespace, origin };
  return undefined;
}

/** Linkerd identity string `<sa>.<ns>.serviceaccount.identity.<control-plane-ns>.<trust-domain>`, or `*`. */
export function identityFromLinkerdName(text: string, origin: Origin): Identity | undefined {
  if (text === '*') return { anyAuthenticated: true, origin };
  const m = /^([^.*]+)\.([^.*]+)\.serviceaccount\.identity\.[^.]+\.(.+)$/.exec(text);
  return m ? { serviceAccount: m[1], namespace: m[2], trustDomain: m[3], origin } : undefined;
}

/** The pods a policy selects by `matchLabels` (Istio `selector`, Linkerd `podSelector`); undefined when it names none. */
export function workloadScope(selector: SourceView, namespace: string | undefined, ctx: ReadContext): PolicyScope | undefined {
  if (!selector.exists) return undefined;
  const labels = selector.get('matchLabels').stringMap();
  const expressions = selector.get('matchExpressions');
  if (expressions.exists) ctx.drop(expressions, 'Selecting pods by label expressions has no equivalent here; only matchLabels are converted, so the policy selects the pods with those labels.');
  for (const [key, field] of selector.entries()) if (key !== 'matchLabels' && key !== 'matchExpressions') ctx.drop(field, `The selector field ${key} is not converted.`);
  const scope: PolicyScope = { kind: 'workload', labels, origin: selector.origin };
  if (namespace) scope.namespace = namespace;
  return scope;
}

/** A path regular expression (SMI pathRegex, Consul pathRegex) as the simplest path match that means the same: a literal is an exact path, `literal.*` a prefix. */
export function pathFromRegex(value: string, origin: Origin): AuthzPath {
  const literal = (text: string) => !/[\\^$.|?*+()[\]{}]/.test(text);
  if (literal(value)) return { type: 'Exact', value, origin };
  if (value.endsWith('.*') && literal(value.slice(0, -2))) return { type: 'Prefix', value: value.slice(0, -2), origin };
  return { type: 'RegularExpression', value, origin };
}
