import type { Writer } from '../contract';
import type { ConvertTargetId } from '../model';
import { gatewayApiWriter } from './gatewayApi';
import { istioWriter } from './istio';
import { dropIstioOnly } from './istioOnly';
import { linkerdWriter } from './linkerd';
import { kumaWriter } from './kuma';
import { consulWriter } from './consul';
import type { OutDoc } from '../output';
import { POLICY_WRITERS } from './policies';
import { mergeServiceResolvers } from './policies/consul';
import { mergeDestinationRules } from './policies/istio';

const CONVERT_WRITER_TARGETS: ConvertTargetId[] = ['gateway-api', 'istio', 'linkerd', 'kuma', 'consul'];

const ROUTING_WRITERS: Record<ConvertTargetId, Writer> = {
  'gateway-api': gatewayApiWriter, istio: istioWriter, linkerd: linkerdWriter, kuma: kumaWriter, consul: consulWriter,
};

/** One source object that both writers describe (a DestinationRule's subsets and traffic policy) stays one object. */
const MERGE: Partial<Record<ConvertTargetId, (docs: OutDoc[]) => OutDoc[]>> = { istio: mergeDestinationRules, consul: mergeServiceResolvers };

/** Each target's routing writer, then its policy writer (routing writers ignore `fragment.policies`). What
 *  only Istio's own kinds say is dropped first for the other targets. */
export const WRITERS = Object.fromEntries(CONVERT_WRITER_TARGETS.map(t => [t, {
  target: t,
  write: (f, ctx) => {
    const fragment = t === 'istio' ? f : dropIstioOnly(f, ctx);
    return (MERGE[t] ?? (d => d))([...ROUTING_WRITERS[t].write(fragment, ctx), ...POLICY_WRITERS[t].write(fragment, ctx)]);
  },
} satisfies Writer])) as Record<ConvertTargetId, Writer>;
