// Reads kuma resources into the neutral model. (Stub: its reader is being written.)
import type { Reader } from '../contract';

export const kumaReader: Reader = {
  owner: 'kuma',
  kinds: [],
  read: () => undefined,
};
