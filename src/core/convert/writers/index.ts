import type { Writer } from '../contract';
import type { ConvertTargetId } from '../model';
import { gatewayApiWriter } from './gatewayApi';
import { istioWriter } from './istio';
import { linkerdWriter } from './linkerd';
import { kumaWriter } from './kuma';
import { consulWriter } from './consul';

export const WRITERS: Record<ConvertTargetId, Writer> = {
  'gateway-api': gatewayApiWriter, istio: istioWriter, linkerd: linkerdWriter, kuma: kumaWriter, consul: consulWriter,
};
