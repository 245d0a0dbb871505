// What every policy writer needs to know about a policy's scope: the pods it selects (labels from the
// policy, or the selector of the Service in the input) and the namespace it lives in. Missing labels
// are asked for, never invented.
import type { WriteContext } from '../../contract';
import type { Origin } from '../../model';
import type { OutMap, OutValue } from '../../output';
import type { Identity, PolicyScope } from '../../policyModel';

/** The pod labels a scope selects; undefined for a namespace or the mesh, or when the input does not hold them. */
export function scopeLabels(scope: PolicyScope, ctx: WriteContext): Record<string, string> | undefined {
  // A Server's pods are not known: undefined, never an empty selector (which would select every pod).
  if (scope.kind === 'workload') return scope.server ? undefined : { ...scope.labels };
  if (scope.kind === 'service') {
    const selector = ctx.input.service(scope.name, scope.namespace)?.selector;
    return selector && Object.keys(selector).length ? { ...selector } : undefined;
  }
  return undefined;
}

/** The label key of the placeholder selector of a Server's pods: it selects no pod until the user sets the real labels. */
export const SERVER_PODS_PLACEHOLDER = 'set-pod-labels-of-server';
/** The port placeholder of a Server's port, in the targets that take a port as text. */
export const SERVER_PORT_PLACEHOLDER = '<port>';

/** Labels for a selector that must be there: the scope's, or an empty map with a `set` comment asking for them. */
export function requiredLabels(scope: PolicyScope, ctx: WriteContext, at: OutMap, key: string): Record<string, string> {
  if (scope.kind === 'workload' && scope.server) return serverPodLabels(scope, scope.server, ctx, at, key);
  const labels = scopeLabels(scope, ctx);
  if (labels) return labels;
  ctx.need(`the pod labels of ${scopeName(scope)} in ${key}`, scope.origin, at, key);
  return {};
}

/**
 * A placeholder selector for the pods of a Server the input does not hold, with a `set` comment: left
 * unanswered it selects no pod (an empty selector would select them all), so the policy allows nothing more.
 */
export function serverPodLabels(scope: PolicyScope, server: string, ctx: WriteContext, at: OutMap, key: string): Record<string, string> {
  ctx.need(`the pod labels (key=value) of the pods of Server ${server} in ${key}`, scope.origin, at, key);
  return { [SERVER_PODS_PLACEHOLDER]: kubeName(server) };
}

/** A scope as a user reads it: "Service reviews", "the pods labelled app=reviews", "namespace prod". */
export function scopeName(scope: PolicyScope): string {
  if (scope.kind === 'workload' && scope.server) return `the pods of Server ${scope.server}`;
  if (scope.kind === 'service') return `Service ${scope.name}`;
  if (scope.kind === 'workload') return `the pods labelled ${Object.entries(scope.labels).map(([k, v]) => `${k}=${v}`).join(', ') || '(any)'}`;
  if (scope.kind === 'namespace') return scope.namespace ? `namespace ${scope.namespace}` : 'the namespace';
  if (scope.kind === 'serviceAccount') return `the pods of service account ${scope.name}${scope.namespace ? ` in namespace ${scope.namespace}` : ''}`;
  return 'the whole mesh';
}

/** A caller as a user reads it. */
export function identityName(id: Identity): string {
  if (id.anyAuthenticated) return 'any authenticated caller';
  if (id.service) return `service ${id.service}`;
  if (id.serviceAccount) return `service account ${id.serviceAccount}${id.namespace ? ` in namespace ${id.namespace}` : ''}`;
  return `every service account of namespace ${id.namespace ?? '(unknown)'}`;
}

/**
 * The service account behind an identity. Consul and Kuma name services: the service's name is written
 * (consul-k8s registers a pod under its service account's name) and the account is asked for.
 */
export function accountOf(id: Identity, ctx: WriteContext, at?: OutMap | OutValue[]): string | undefined {
  if (id.serviceAccount || !id.service) return id.serviceAccount;
  ctx.need(`the service account of service ${id.service}, if it is not ${id.service}`, id.origin, at);
  return id.service;
}

/** Standard metadata of an output object. */
export function metadata(name: string, namespace: string | undefined, extra: OutMap = {}): OutMap {
  const out: OutMap = { name };
  if (namespace) out.namespace = namespace;
  return { ...out, ...extra };
}

/** Asks for a value the schema requires and the source lacks, writing `placeholder` in its place. */
export function placeholder(what: string, value: OutValue, origin: Origin, at: OutMap, key: string, ctx: WriteContext): OutValue {
  ctx.need(what, origin, at, key);
  return value;
}

/** A name safe for Kubernetes metadata: lower case, `-` for anything else, at most 63 characters. */
export function kubeName(...parts: string[]): string {
  return parts.filter(Boolean).join('-').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
}
