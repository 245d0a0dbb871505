// Linkerd's default inbound policy, `config.linkerd.io/default-inbound-policy` on a Namespace or a
// workload's pod template: who may call the pods' ports that no Server describes. `deny` is a
// default-deny posture (the other meshes: an authorization policy that allows nothing), the
// authenticated values admit meshed (mTLS) callers only, `all-unauthenticated` is every mesh's default.
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment } from '../../model';
import type { AuthzPolicy, PolicyScope } from '../../policyModel';

const KEY = 'config.linkerd.io/default-inbound-policy';

export function readDefaultInboundPolicy(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const namespaceObject = ctx.source.kind === 'Namespace';
  const onPod = namespaceObject || ctx.source.kind === 'Pod';
  const metadata = onPod ? ctx.root.get('metadata') : ctx.root.at('spec', 'template', 'metadata');
  const annotation = metadata.get('annotations').get(KEY);
  const value = annotation.str();
  if (value === undefined) return fragment;
  let scope: PolicyScope;
  if (namespaceObject) scope = { kind: 'namespace', namespace: ctx.source.name, origin: annotation.origin };
  else {
    // The pods the workload runs: its pod template's labels (a Pod's own labels).
    const labels = metadata.get('labels').exists ? metadata.get('labels').stringMap() : ctx.root.at('spec', 'selector', 'matchLabels').stringMap();
    scope = { kind: 'workload', labels, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}), origin: annotation.origin };
  }
  const name = `${ctx.source.name}-default-inbound`;
  const namespace = namespaceObject ? ctx.source.name : ctx.source.namespace;
  const base = { type: 'authz' as const, name, scope, action: 'ALLOW' as const, from: ctx.source, origin: annotation.origin, ...(namespace ? { namespace } : {}) };
  const authenticated = (): AuthzPolicy => ({ ...base, defaultDeny: false, rules: [{ from: [{ identities: [{ anyAuthenticated: true, origin: annotation.origin }], ipBlocks: [], origin: annotation.origin }], to: [], origin: annotation.origin }] });
  switch (value) {
    case 'deny': fragment.policies = [{ ...base, rules: [], defaultDeny: true }]; break;
    case 'all-authenticated': fragment.policies = [authenticated()]; break;
    case 'cluster-authenticated':
      fragment.policies = [authenticated()];
      ctx.need('the cluster\'s pod and node networks (Linkerd\'s clusterNetworks) if callers must also come from them: the converted policy admits authenticated callers from any network', annotation.origin);
      break;
    case 'cluster-unauthenticated':
      ctx.drop(annotation, 'Admitting only callers from the cluster\'s networks needs those networks (Linkerd\'s clusterNetworks), which the manifest does not hold; the converted manifests admit every caller, as the other meshes do by default.');
      break;
    case 'all-unauthenticated': break; // every caller: the other meshes' default, nothing to write
    case 'audit': ctx.drop(annotation, 'Audit mode (every request is allowed and the ones a policy would deny are logged) is not converted; every caller is allowed.'); break;
    default: ctx.drop(annotation, `"${value}" is not a default inbound policy Linkerd knows, so it is not converted.`);
  }
  return fragment;
}
