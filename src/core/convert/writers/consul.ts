// Writes the neutral model as consul resources. (Stub: its writer is being written.)
import type { Writer } from '../contract';

export const consulWriter: Writer = {
  target: 'consul',
  write: () => [],
};
