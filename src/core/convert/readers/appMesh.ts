// Reads AWS App Mesh resources into the neutral model: VirtualRouter routes (ordered by priority),
// VirtualNode listener timeouts, VirtualGateway listeners and GatewayRoutes. A VirtualService only
// says which Service a router serves: the router's reader looks it up, so alone it yields nothing.
import type { Reader } from '../contract';
import { emptyFragment } from '../model';
import { readGatewayRoute, readVirtualGateway } from './appMesh/gateway';
import { readVirtualNode } from './appMesh/virtualNode';
import { readVirtualRouter } from './appMesh/virtualRouter';

export const appMeshReader: Reader = {
  owner: 'app-mesh',
  kinds: ['VirtualRouter', 'VirtualNode', 'VirtualService', 'VirtualGateway', 'GatewayRoute'],
  read(kind, ctx) {
    if (kind === 'VirtualRouter') return readVirtualRouter(ctx);
    if (kind === 'VirtualNode') return readVirtualNode(ctx);
    if (kind === 'VirtualGateway') return readVirtualGateway(ctx);
    if (kind === 'GatewayRoute') return readGatewayRoute(ctx);
    if (kind === 'VirtualService') {
      ctx.root.get('spec').use();
      return emptyFragment();
    }
    return undefined;
  },
};
