// A route that takes all traffic of a service to one other service (or a subset), whatever the
// protocol, is what a Consul ServiceResolver redirect says: written as one, with the datacenter, peer,
// partition or namespace the source named. Consul applies it to TCP as well as HTTP traffic, so the
// service needs no L7 protocol.
import type { WriteContext } from '../../contract';
import type { ParentRef, Route } from '../../model';
import type { OutDoc, OutMap } from '../../output';
import { formatGoDuration } from '../../values';
import { checkSubset } from './destination';
import { consulObject } from './entries';
import type { ConsulWriting } from './router';

type ServiceParent = Extract<ParentRef, { kind: 'Service' }>;

export function writeRedirectResolver(route: Route, parent: ServiceParent, w: ConsulWriting): void {
  const { ctx } = w;
  const [rule] = route.rules;
  const backend = rule?.backends.length === 1 ? rule.backends[0] : undefined;
  if (!backend) return;
  const redirect: OutMap = {};
  const namespace = parent.namespace ?? route.namespace;
  if (backend.ref.name !== parent.name) redirect.service = backend.ref.name;
  if (backend.ref.subset) redirect.serviceSubset = backend.ref.subset;
  Object.assign(redirect, route.allTraffic?.elsewhere);
  if (backend.ref.namespace && backend.ref.namespace !== namespace && redirect.namespace === undefined) redirect.namespace = backend.ref.namespace;
  const spec: OutMap = { redirect };
  const obj = consulObject('ServiceResolver', parent.name, namespace, spec);
  checkSubset(backend.ref, redirect, w);
  if (rule.timeouts?.request !== undefined) spec.requestTimeout = formatGoDuration(rule.timeouts.request);
  dropRouteSettings(route, ctx, obj);
  w.docs.push({ obj });
}

/** What a rule carries besides its backend and request timeout: a resolver has no place for it. */
function dropRouteSettings(route: Route, ctx: WriteContext, at: OutMap): void {
  const [rule] = route.rules;
  const reason = 'A Consul ServiceResolver redirect carries no retries or timeouts other than the request timeout; set them in a ServiceRouter of the service redirected to.';
  if (rule.retry) ctx.drop(rule.retry.origin, reason, at);
  const t = rule.timeouts;
  if (t && (t.idle !== undefined || t.backendRequest !== undefined)) ctx.drop(t.origin, reason, at);
}

/** A redirect resolver and a subset resolver of the same service are one ServiceResolver. */
export function mergeResolvers(docs: OutDoc[]): OutDoc[] {
  const byName = new Map<string, OutDoc>();
  const out: OutDoc[] = [];
  for (const doc of docs) {
    if (doc.obj.kind !== 'ServiceResolver') { out.push(doc); continue; }
    const meta = doc.obj.metadata as OutMap;
    const key = `${meta.namespace ?? ''}/${meta.name}`;
    const first = byName.get(key);
    if (!first) { byName.set(key, doc); out.push(doc); continue; }
    Object.assign(first.obj.spec as OutMap, doc.obj.spec as OutMap);
  }
  return out;
}
