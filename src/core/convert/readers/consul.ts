// Reads consul resources into the neutral model. (Stub: its reader is being written.)
import type { Reader } from '../contract';

export const consulReader: Reader = {
  owner: 'consul',
  kinds: [],
  read: () => undefined,
};
