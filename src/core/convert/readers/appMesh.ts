// Reads app-mesh resources into the neutral model. (Stub: its reader is being written.)
import type { Reader } from '../contract';

export const appMeshReader: Reader = {
  owner: 'app-mesh',
  kinds: [],
  read: () => undefined,
};
