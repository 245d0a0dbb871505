// What Consul's routers and splitters share: the service a request goes to (a service, a subset of it)
// and the header changes made on the way.
import type { ReadContext } from '../../contract';
import type { BackendRef, HeaderChanges } from '../../model';
import type { SourceView } from '../../source';

const ENTERPRISE = 'Consul namespaces and admin partitions are Enterprise features with no Kubernetes equivalent; '
  + 'the backend is taken to be in the route\'s own namespace.';

/** The `service`/`serviceSubset` of a destination or split; the service defaults to the one configured. */
export function consulService(view: SourceView, defaultName: string, ctx: ReadContext): BackendRef {
  const ref: BackendRef = { name: view.get('service').str() ?? defaultName, origin: view.origin };
  const subset = view.get('serviceSubset').str();
  if (subset) ref.subset = subset;
  for (const key of ['namespace', 'partition']) {
    const field = view.get(key);
    if (field.exists) ctx.drop(field, ENTERPRISE);
  }
  return ref;
}

/** `requestHeaders`/`responseHeaders`: `{set, add, remove}`; undefined when absent. */
export function readHeaderChanges(view: SourceView): HeaderChanges | undefined {
  if (!view.exists) return undefined;
  return { set: view.get('set').stringMap(), add: view.get('add').stringMap(), remove: view.get('remove').strings(), origin: view.origin };
}
