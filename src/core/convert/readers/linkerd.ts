// Reads linkerd resources into the neutral model. (Stub: its reader is being written.)
import type { Reader } from '../contract';

export const linkerdReader: Reader = {
  owner: 'linkerd',
  kinds: [],
  read: () => undefined,
};
