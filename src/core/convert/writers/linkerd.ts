// Writes the neutral model as linkerd resources. (Stub: its writer is being written.)
import type { Writer } from '../contract';

export const linkerdWriter: Writer = {
  target: 'linkerd',
  write: () => [],
};
