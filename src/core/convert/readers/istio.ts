// Reads Istio networking resources (networking.istio.io v1, v1beta1, v1alpha3) into the neutral model:
// VirtualService routes (http, tls, tcp; first match wins), DestinationRule subsets and Gateways.
import type { ReadContext, Reader } from '../contract';
import { emptyFragment } from '../model';
import type { ModelFragment } from '../model';
import { readDestinationRule, readDestinationRulePolicy } from './istio/destinationRule';
import { readIstioGateway } from './istio/gateway';
import { readVirtualService } from './istio/virtualService';

export const istioReader: Reader = {
  owner: 'istio',
  kinds: ['VirtualService', 'DestinationRule', 'Gateway'],
  // A DestinationRule is what Istio reads for subsets and traffic policies: converted to Istio it stays
  // as written (its TLS, per-port settings and exportTo included); its subsets are still read for the
  // routes of the run that go to them.
  keptInOwnMesh: ['DestinationRule'],
  // A Gateway, or a VirtualService for the mesh, that the model cannot hold whole stays as written (and so
  // do the VirtualServices bound to a Gateway kept so). A VirtualService bound to a converted Gateway is
  // converted all the same: that Gateway becomes a Gateway API Gateway, which only routes attach to.
  keptWhenLossy: (kind, fragment) => kind === 'Gateway' || (kind === 'VirtualService' && fragment.routes.every(r => r.parents.every(p => p.kind !== 'Gateway'))),
  read(kind: string, ctx: ReadContext): ModelFragment | undefined {
    if (!ctx.source.apiVersion.startsWith('networking.istio.io/')) return undefined;
    const fragment = emptyFragment();
    if (kind === 'VirtualService') fragment.routes.push(...readVirtualService(ctx));
    else if (kind === 'DestinationRule') {
      const { subsets, policies } = readDestinationRule(ctx);
      fragment.subsets.push(...subsets);
      const policy = readDestinationRulePolicy(ctx);
      if (policy || policies.length) fragment.policies = [...(policy ? [policy] : []), ...policies];
    }
    else if (kind === 'Gateway') fragment.gateways.push(readIstioGateway(ctx));
    else return undefined;
    return fragment;
  },
};
