// The policy writer of each target; writers/index.ts composes each with the target's routing writer.
import type { Writer } from '../../contract';
import type { ConvertTargetId } from '../../model';
import { consulPolicyWriter } from './consul';
import { gatewayApiPolicyWriter } from './gatewayApi';
import { istioPolicyWriter } from './istio';
import { kumaPolicyWriter } from './kuma';
import { linkerdPolicyWriter } from './linkerd';

export const POLICY_WRITERS: Record<ConvertTargetId, Writer> = {
  'gateway-api': gatewayApiPolicyWriter, istio: istioPolicyWriter, linkerd: linkerdPolicyWriter, kuma: kumaPolicyWriter, consul: consulPolicyWriter,
};
