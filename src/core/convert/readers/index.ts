import type { Reader } from '../contract';
import { istioReader } from './istio';
import { gatewayApiReader } from './gatewayApi';
import { linkerdReader } from './linkerd';
import { kumaReader } from './kuma';
import { consulReader } from './consul';
import { smiReader } from './smi';
import { appMeshReader } from './appMesh';

/** One reader per owner of source resources (OSM's policy kinds are read with SMI's). */
export const READERS: Reader[] = [istioReader, gatewayApiReader, linkerdReader, kumaReader, consulReader, smiReader, appMeshReader];
