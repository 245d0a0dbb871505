// Reads Consul config entries into the neutral model: ServiceRouter (ordered routes), ServiceSplitter
// (a weighted route), ServiceResolver (subsets, a service-wide timeout) and ServiceDefaults (its
// protocol matters to routing; its mTLS mode, upstream circuit breaking, rate limits and destination
// are policies).
import type { ReadContext, Reader } from '../contract';
import { emptyFragment } from '../model';
import type { ModelFragment } from '../model';
import { readServiceRouter } from './consul/router';
import { readServiceResolver, readServiceSplitter } from './consul/splitterResolver';
import { readConsulServiceDefaultsPolicies } from './policies/consulServiceDefaults';

const SERVICE_DEFAULTS_POLICY_KEYS = ['protocol', 'mutualTLSMode', 'upstreamConfig', 'rateLimits', 'destination'];

function readServiceDefaults(ctx: ReadContext): ModelFragment {
  const spec = ctx.root.get('spec');
  // The protocol makes Consul route at L7; the converted routes are HTTP routes already.
  spec.get('protocol').str();
  const fragment = emptyFragment();
  const policies = readConsulServiceDefaultsPolicies(spec, ctx);
  if (policies.length) fragment.policies = policies;
  for (const [key, field] of spec.entries()) {
    if (SERVICE_DEFAULTS_POLICY_KEYS.includes(key) || !field.unused().length) continue;
    ctx.drop(field, key === 'envoyExtensions' ? 'Envoy extensions are an escape hatch and are never converted.'
      : 'Mesh Lens converts the protocol, mTLS mode, upstream circuit breaking, rate limits and destination of ServiceDefaults, not this setting.');
  }
  return fragment;
}

export const consulReader: Reader = {
  owner: 'consul',
  kinds: ['ServiceRouter', 'ServiceSplitter', 'ServiceResolver', 'ServiceDefaults'],
  keptInOwnMesh: ['ServiceDefaults'],
  read(kind, ctx) {
    if (kind === 'ServiceRouter') return readServiceRouter(ctx);
    if (kind === 'ServiceSplitter') return readServiceSplitter(ctx);
    if (kind === 'ServiceResolver') return readServiceResolver(ctx);
    if (kind === 'ServiceDefaults') return readServiceDefaults(ctx);
    return undefined;
  },
};
