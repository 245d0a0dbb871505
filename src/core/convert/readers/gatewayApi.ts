// Reads gateway-api resources into the neutral model. (Stub: its reader is being written.)
import type { Reader } from '../contract';

export const gatewayApiReader: Reader = {
  owner: 'gateway-api',
  kinds: [],
  read: () => undefined,
};
