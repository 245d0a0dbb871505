// Reads smi resources into the neutral model. (Stub: its reader is being written.)
import type { Reader } from '../contract';

export const smiReader: Reader = {
  owner: 'smi',
  kinds: [],
  read: () => undefined,
};
