import type { Reader } from '../contract';
import { istioReader } from './istio';
import { gatewayApiReader } from './gatewayApi';
import { linkerdReader } from './linkerd';
import { kumaReader } from './kuma';
import { consulReader } from './consul';
import { smiReader } from './smi';
import { osmReader } from './osm';
import { appMeshReader } from './appMesh';
import { POLICY_READERS } from './policies';

/** One reader per owner of source resources. */
export const READERS: Reader[] = [istioReader, gatewayApiReader, linkerdReader, kumaReader, consulReader, smiReader, osmReader, appMeshReader, ...POLICY_READERS];
