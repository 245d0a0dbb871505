// Reads Open Service Mesh policy kinds into the neutral model: a Retry is a retry policy of each
// destination Service for the calls of one service account. OSM's other policy kinds (upstream traffic
// settings, egress, ingress backends) are not converted yet.
import type { ReadContext, Reader } from '../contract';
import { emptyFragment } from '../model';
import type { ModelFragment, RetryPolicy } from '../model';
import { partFields, readDuration } from './fieldValues';

function readRetry(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const source = spec.get('source');
  const sa = [source.get('kind').str() ?? 'ServiceAccount', source.get('name').str() ?? ''];
  const saNamespace = source.get('namespace').str();
  const callers = saNamespace ? `${sa.join(' ')} in namespace ${saNamespace}` : sa.join(' ');

  const policy = spec.get('retryPolicy');
  const retry: RetryPolicy = { conditions: [], codes: [], origin: policy.origin };
  const retryOn = policy.get('retryOn');
  for (const token of (retryOn.str() ?? '').split(',').map(t => t.trim()).filter(Boolean)) {
    if (/^[1-5][0-9][0-9]$/.test(token)) retry.codes.push(Number(token));
    else retry.conditions.push(token);
  }
  const attempts = policy.get('numRetries').num();
  if (attempts !== undefined) retry.attempts = attempts;
  const perTry = readDuration(policy.get('perTryTimeout'), ctx);
  if (perTry !== undefined) retry.perTryTimeout = perTry;
  const base = readDuration(policy.get('retryBackoffBaseInterval'), ctx);
  // Envoy, which OSM configures, caps the back-off at ten times the base interval.
  if (base !== undefined) retry.backoff = { base, max: base * 10 };
  const fields = partFields({ attempts: policy.get('numRetries'), perTryTimeout: policy.get('perTryTimeout'), conditions: retryOn, backoff: policy.get('retryBackoffBaseInterval') });
  if (fields) retry.fields = fields;

  for (const d of spec.get('destinations').items()) {
    const kind = d.get('kind').peek();
    if (kind !== 'Service') {
      ctx.drop(d, `A retry destination of kind ${kind ?? '(none)'} is not a Service, so it is not converted.`);
      continue;
    }
    d.get('kind').use();
    const service = { name: d.get('name').str() ?? '', origin: d.origin, ...(d.get('namespace').peek() ? { namespace: d.get('namespace').str()! } : {}) };
    fragment.servicePolicies.push({ service, callers, protocol: 'http', retry: { ...retry, conditions: [...retry.conditions], codes: [...retry.codes] }, from: ctx.source, origin: d.origin });
  }
  return fragment;
}

export const osmReader: Reader = {
  owner: 'osm',
  kinds: ['Retry'],
  read(kind, ctx) {
    return kind === 'Retry' ? readRetry(ctx) : undefined;
  },
};
