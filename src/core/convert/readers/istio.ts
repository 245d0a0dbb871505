// Reads istio resources into the neutral model. (Stub: its reader is being written.)
import type { Reader } from '../contract';

export const istioReader: Reader = {
  owner: 'istio',
  kinds: [],
  read: () => undefined,
};
