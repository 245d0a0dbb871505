// Reads Consul config entries into the neutral model: ServiceRouter (ordered routes), ServiceSplitter
// (a weighted route), ServiceResolver (subsets, a service-wide timeout) and ServiceDefaults (of which
// only the protocol matters to routing).
import type { ReadContext, Reader } from '../contract';
import { emptyFragment } from '../model';
import type { ModelFragment } from '../model';
import { readServiceRouter } from './consul/router';
import { readServiceResolver, readServiceSplitter } from './consul/splitterResolver';

function readServiceDefaults(ctx: ReadContext): ModelFragment {
  const spec = ctx.root.get('spec');
  // The protocol makes Consul route at L7; the converted routes are HTTP routes already.
  spec.get('protocol').str();
  for (const [key, field] of spec.entries()) {
    if (key !== 'protocol') ctx.drop(field, 'Mesh Lens converts only the protocol of ServiceDefaults.');
  }
  return emptyFragment();
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
