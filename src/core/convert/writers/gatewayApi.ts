// Writes the neutral model as gateway-api resources. (Stub: its writer is being written.)
import type { Writer } from '../contract';

export const gatewayApiWriter: Writer = {
  target: 'gateway-api',
  write: () => [],
};
