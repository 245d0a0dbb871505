// Kuma resources come in two forms: Kubernetes (`metadata.name`) and universal (`type`/`name`/`mesh`
// at the top level, as `kumactl apply` takes them).
import type { ReadContext } from '../../contract';

/** The resource's name in either form. */
export function kumaName(ctx: ReadContext): string {
  return ctx.source.name || ctx.root.get('name').peek() || ctx.root.at('metadata', 'name').peek() || '';
}
