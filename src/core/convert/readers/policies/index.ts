// The policy reader of each source owner; readers/index.ts appends them after the routing readers
// (the pipeline takes the first reader whose owner and kinds match, so the kinds do not overlap).
import type { Reader } from '../../contract';
import { consulPolicyReader } from './consul';
import { istioPolicyReader } from './istio';
import { kumaPolicyReader } from './kuma';
import { linkerdPolicyReader } from './linkerd';
import { osmPolicyReader } from './osm';
import { smiPolicyReader } from './smi';

export const POLICY_READERS: Reader[] = [istioPolicyReader, linkerdPolicyReader, kumaPolicyReader, consulPolicyReader, smiPolicyReader, osmPolicyReader];
