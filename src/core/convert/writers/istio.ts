// Writes the neutral model as istio resources. (Stub: its writer is being written.)
import type { Writer } from '../contract';

export const istioWriter: Writer = {
  target: 'istio',
  write: () => [],
};
