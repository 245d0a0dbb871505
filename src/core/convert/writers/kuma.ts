// Writes the neutral model as kuma resources. (Stub: its writer is being written.)
import type { Writer } from '../contract';

export const kumaWriter: Writer = {
  target: 'kuma',
  write: () => [],
};
