// A mesh route (parent: a Service) as Kuma native policies: MeshHTTPRoute or MeshTCPRoute, plus
// MeshTimeout/MeshRetry for the rules' timeouts and retries and a server-side MeshFaultInjection
// for their faults. Kuma policies target a whole MeshHTTPRoute, never one rule, so rules with
// different timeouts or retries go to MeshHTTPRoutes of their own.
import type { WriteContext } from '../../contract';
import type { BackendRef, ModelFragment, ParentRef, Route, RouteRule } from '../../model';
import type { OutDoc, OutMap } from '../../output';
import { comment } from '../../output';
import { allTrafficTcpDocs } from '../allTraffic';
import { faultOrigins } from '../../model';
import { checkFirstMatchOrder } from '../ruleOrder';
import { meshFaultInjection, meshRetry, meshTimeout, sourceDefaults } from './policies';
import { kumaBackendRef, kumaObject, meshServiceTarget } from './refs';
import type { ExternalTargets } from './externalServices';
import { externalBackendRef } from './externalServices';
import { kumaRule } from './rules';

type ServiceParent = Extract<ParentRef, { kind: 'Service' }>;

/** The outbound a MeshHTTPRoute is for: a Service of the cluster, or the MeshExternalService of a host outside it. */
export type Outbound = { parent: ServiceParent } | { external: { targetRef: OutMap; host: string; port?: number; /** The MeshExternalService whose missing port was already asked for. */ asked?: string } };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The MeshService port section of a Service port: its name in the input's Service, else the number. */
function portSection(parent: ServiceParent, ctx: WriteContext): { name?: string; known: boolean } {
  if (parent.port === undefined) return { known: true };
  const info = ctx.input.service(parent.name, parent.namespace);
  const port = (info?.ports as { port?: number; name?: string }[] | undefined)?.find(p => p.port === parent.port);
  if (port) return { name: port.name ?? String(parent.port), known: true };
  return { name: String(parent.port), known: false };
}

function outboundTarget(parent: ServiceParent, namespace: string | undefined, ctx: WriteContext): OutMap {
  const section = portSection(parent, ctx);
  const target = meshServiceTarget(parent.name, parent.namespace ?? namespace, section.name);
  if (!section.known) comment(target, `Kuma names a MeshService port after the Service port's name when it has one: use that name instead of ${parent.port} if so.`, 'sectionName');
  return target;
}

/** Writes a route whose parents are Services. Gateway parents are written elsewhere. */
export function writeKumaMeshRoute(route: Route, parents: ServiceParent[], fragment: ModelFragment, ctx: WriteContext, made: Set<string>): OutDoc[] {
  const docs: OutDoc[] = [];
  for (const parent of parents) {
    const base = parents.length > 1 ? `${route.name}-${parent.name}` : route.name;
    if (route.protocol === 'tls') {
      ctx.drop(route.origin, 'Kuma has no mesh route that matches on TLS server names; route this traffic with a MeshTCPRoute per port instead.');
      continue;
    }
    if (route.protocol === 'tcp') docs.push(...tcpRoute(route, parent, base, fragment, ctx, made));
    else docs.push(...httpRoutes(route, { parent }, base, fragment, ctx, made));
    // Kuma documents that a MeshHTTPRoute takes priority over a MeshTCPRoute for the same traffic.
    docs.push(...allTrafficTcpDocs(route, 'MeshTCPRoute', tcp => tcpRoute(tcp, parent, base, fragment, ctx, made),
      (text, at) => comment(at, `${text} Kuma gives the MeshHTTPRoute priority for HTTP traffic.`)));
  }
  return docs;
}

function tcpRoute(route: Route, parent: ServiceParent, name: string, fragment: ModelFragment, ctx: WriteContext, made: Set<string>): OutDoc[] {
  const to: OutMap[] = [];
  const ext: ExternalTargets = { docs: [], asked: new Set(), made };
  for (const rule of route.rules) {
    const ports = rule.matches.map(m => m.port?.value);
    if (rule.matches.some(m => m.port === undefined || m.sniHosts?.length || m.path || m.headers.length)) {
      ctx.drop(rule.origin, 'A Kuma TCP route selects traffic only by Service port; this rule\'s match cannot be written, so the rule is left out.');
      continue;
    }
    const backendRefs = rule.backends.map(b => {
      const ref = b.ref.external ? externalBackendRef(b.ref, route, ctx, ext) : kumaBackendRef(b.ref, fragment, ctx);
      if (rule.backends.length > 1 || b.written) ref.weight = b.weight;
      return ref;
    });
    const targets = ports.length ? ports.map(port => outboundTarget({ ...parent, port }, route.namespace, ctx)) : [outboundTarget(parent, route.namespace, ctx)];
    for (const targetRef of targets) to.push({ targetRef, rules: [{ default: { backendRefs } }] });
    if (rule.timeouts) ctx.drop(rule.timeouts.origin, 'Timeouts of a TCP route are not converted for Kuma; set a MeshTimeout connectionTimeout or idleTimeout for the Service if you need one.');
  }
  if (!to.length) return [];
  return [{ obj: kumaObject('MeshTCPRoute', name, route.namespace, { targetRef: { kind: 'Mesh' }, to }) }, ...ext.docs];
}

/** Rules that share the same timeouts and retry policy go into one MeshHTTPRoute. */
function policyKey(rule: RouteRule): string {
  const strip = (o: object | undefined) => (o ? JSON.stringify(o, (k, v) => (k === 'origin' || k === 'fields' ? undefined : v)) : '');
  return `${strip(rule.timeouts)}|${strip(rule.retry)}`;
}

/** `made`: the MeshExternalServices the source route already writes. */
export function httpRoutes(route: Route, outbound: Outbound, base: string, fragment: ModelFragment, ctx: WriteContext, made: Set<string>): OutDoc[] {
  const parent = 'parent' in outbound ? outbound.parent : undefined;
  const external = 'external' in outbound ? outbound.external : undefined;
  const ext: ExternalTargets = { calledPort: parent ? parent.port : external?.port, docs: [], asked: new Set(external?.asked ? [external.asked] : []), made };
  const order = route.ordered ? checkFirstMatchOrder(route.rules) : { shadowed: [], overtakes: [] };
  for (const s of order.shadowed) {
    ctx.drop(route.rules[s.index].origin, `This rule is never reached in the source, because rule ${s.by + 1} before it takes every request it matches; Kuma picks the most specific rule, so it is left out to keep the routing the same.`);
  }
  const skip = new Set(order.shadowed.map(s => s.index));
  const written: { rule: RouteRule; index: number; out: OutMap }[] = [];
  route.rules.forEach((rule, index) => {
    if (skip.has(index)) return;
    const out = kumaRule(rule, route, fragment, ctx, ext);
    if (!out) return;
    const over = order.overtakes.find(o => o.index === index);
    if (over) ctx.note(`In the source, requests that match both this rule and rule ${over.over + 1} went to rule ${over.over + 1}, which comes first; Kuma sends them here, to the more specific rule.`, out);
    written.push({ rule, index, out });
  });
  const groups = new Map<string, typeof written>();
  for (const w of written) {
    const key = policyKey(w.rule);
    const group = groups.get(key);
    if (group) group.push(w); else groups.set(key, [w]);
  }
  const defaults = sourceDefaults(route.from);
  const docs: OutDoc[] = [];
  const protocol = route.protocol === 'grpc' ? 'grpc' : 'http';
  const names = groupNames(base, [...groups.values()].map(g => g.map(x => x.rule)));
  let n = 0;
  for (const group of groups.values()) {
    const name = names[n++];
    const target = parent ? outboundTarget(parent, route.namespace, ctx) : { ...external!.targetRef };
    const mhr = kumaObject('MeshHTTPRoute', name, route.namespace, { targetRef: { kind: 'Mesh' }, to: [{ targetRef: target, rules: group.map(g => g.out) }] });
    if (parent?.namespace && route.namespace && parent.namespace !== route.namespace && route.ordered) {
      comment(mhr, `Kuma applies a route in namespace ${route.namespace} for a Service of namespace ${parent.namespace} only to callers in ${route.namespace}; put it in ${parent.namespace} for every caller.`);
    }
    if (groups.size > 1) {
      const which = group.length > 1 ? `rules ${group.map(g => g.index + 1).join(', ')} of ${route.name}, which share theirs, have a MeshHTTPRoute of their own` : `rule ${group[0].index + 1} of ${route.name} has a MeshHTTPRoute of its own`;
      comment(mhr, `Kuma applies timeouts and retries to a whole MeshHTTPRoute, so ${which}.`);
    }
    if (order.shadowed.length || order.overtakes.length) comment(mhr, 'The source takes the first rule that matches, Kuma the most specific one: the rules were checked for requests that would change rule.');
    docs.push({ obj: mhr });
    const routeRef: OutMap = { kind: 'MeshHTTPRoute', name };
    if (route.namespace) routeRef.namespace = route.namespace;
    const { timeouts, retry } = group[0].rule;
    const timeout = meshTimeout(name, route.namespace, routeRef, timeouts, defaults);
    if (timeout) docs.push({ obj: timeout });
    const retryPolicy = meshRetry(name, route.namespace, { ...routeRef }, retry, timeouts?.backendRequest, protocol, ctx);
    if (retryPolicy) docs.push({ obj: retryPolicy });
    else if (defaults) ctx.note(defaults.retries, mhr);
  }
  if (parent) docs.push(...faults(route, parent, written, ctx));
  else {
    const host = external!.host;
    for (const { rule } of written) {
      if (rule.fault) for (const o of faultOrigins(rule.fault)) ctx.drop(o, `Kuma injects faults on the server side of a Service; ${host} is outside the mesh, with no Kuma proxy, so this fault is not converted.`);
    }
  }
  docs.push(...ext.docs);
  return docs;
}

/** One name per MeshHTTPRoute: the source route's, suffixed when there are several (a rule's name when it has one). */
function groupNames(base: string, groups: RouteRule[][]): string[] {
  if (groups.length === 1) return [base];
  const named = groups.map(g => (g.length === 1 && g[0].name && DNS_LABEL.test(g[0].name) ? `${base}-${g[0].name}` : undefined));
  const unique = named.every((x, i) => x && named.indexOf(x) === i);
  return groups.map((_, i) => (unique ? named[i]! : `${base}-${i + 1}`));
}

/** Route-level faults become server-side MeshFaultInjections: the route match no longer limits them. */
function faults(route: Route, parent: ServiceParent, written: { rule: RouteRule }[], ctx: WriteContext): OutDoc[] {
  const withFault = written.filter(w => w.rule.fault);
  const docs: OutDoc[] = [];
  withFault.forEach(({ rule }, i) => {
    const fault = rule.fault!;
    const service: BackendRef = { name: parent.name, namespace: parent.namespace ?? route.namespace, port: parent.port, origin: parent.origin };
    const name = withFault.length > 1 ? `${route.name}-fault-${i + 1}` : `${route.name}-fault`;
    const obj = meshFaultInjection(name, route.namespace, service, fault, fault.origin, ctx);
    if (!obj) return;
    for (const m of rule.matches) {
      ctx.drop(m.origin, `Kuma cannot limit fault injection to the requests of one route rule; the fault now applies to every request to ${parent.name}.`, obj);
    }
    docs.push({ obj });
  });
  return docs;
}
