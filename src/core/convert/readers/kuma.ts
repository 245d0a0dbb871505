// Reads Kuma resources (Kubernetes form, or universal form with `type:` at the top) into the
// neutral model: routes from MeshHTTPRoute/MeshTCPRoute, service policies from MeshRetry, MeshTimeout
// and MeshFaultInjection, and the simple legacy TrafficRoute.
import type { ReadContext, Reader } from '../contract';
import { readKumaLegacy } from './kuma/legacy';
import { readKumaPolicy } from './kuma/policies';
import { readKumaRoute } from './kuma/routes';

const ROUTES = ['MeshHTTPRoute', 'MeshTCPRoute'];
const LEGACY = ['TrafficRoute', 'Retry', 'Timeout', 'FaultInjection'];
const POLICIES = ['MeshRetry', 'MeshTimeout', 'MeshFaultInjection'];

/** The top-level identity of the universal form (`type`, `name`) and the mesh a resource belongs to. */
function readIdentity(ctx: ReadContext): void {
  ctx.root.get('type').str();
  ctx.root.get('name').str();
  const mesh = ctx.root.get('mesh');
  if (mesh.peek() === undefined || mesh.peek() === 'default') mesh.str();
  else ctx.drop(mesh, `Mesh Lens converts into one mesh; that this resource belongs to the mesh "${mesh.peek()}" is not carried.`);
}

export const kumaReader: Reader = {
  owner: 'kuma',
  kinds: [...ROUTES, ...POLICIES, ...LEGACY],
  // Converted to Kuma, the current kinds stay as written; the legacy ones become their Mesh* successors.
  keptInOwnMesh: [...ROUTES, ...POLICIES],
  read(resourceKind, ctx) {
    // The universal form has no `kind`: its `type` names it.
    const kind = resourceKind || ctx.root.get('type').peek() || '';
    if (![...ROUTES, ...POLICIES, ...LEGACY].includes(kind)) return undefined;
    readIdentity(ctx);
    if (kind === 'MeshHTTPRoute') return readKumaRoute('http', ctx);
    if (kind === 'MeshTCPRoute') return readKumaRoute('tcp', ctx);
    if (POLICIES.includes(kind)) return readKumaPolicy(kind, ctx);
    if (LEGACY.includes(kind)) return readKumaLegacy(kind, ctx);
    return undefined;
  },
};
