// When `check` on a converted output counts as finding a feature of the input: the same row, or a row
// that names the same construct in the target. Shared by the round-trip test and the carried check.
import type { ConvertTargetId } from '../../../src/core/convert/model';

// The SMI rows name an API, not a behaviour: every SMI construct also carries its general row (a
// TrafficSplit's backends are traffic_split and canary_releases). A target that supports the SMI row
// reads the behaviour through its replacement (GAMMA HTTPRoute weights and matches, as its support
// cell says), so the SMI row counts as found when the output has the general row of the same field.
export const SMI_API_ROWS: Record<string, string[]> = {
  traffic_split: ['canary_releases'],
  traffic_specs: ['http_request_matching_rules', 'l4_traffic_matching_rules'],
};

// Rows that name one construct under different ids in different meshes' detectors: a Kuma MeshTLS is
// `mtls` where an Istio PeerAuthentication (the same strict or permissive mode) is
// `peer_authentication`; a Kuma RingHash load balancer is `load_balancing_options` where Istio's
// consistentHash is `session_affinity`. In Linkerd, which has no mTLS mode, a permissive port is a Server
// admitting every caller, detected as `workload_to_workload_authorization` (its support cell says so).
const SAME_CONSTRUCT: Record<string, string[]> = {
  mtls: ['peer_authentication'],
  peer_authentication: ['mtls'],
  load_balancing_options: ['session_affinity'],
};
const SAME_CONSTRUCT_IN: Partial<Record<ConvertTargetId, Record<string, string[]>>> = {
  linkerd: { mtls_permissive_mode: ['workload_to_workload_authorization'] },
};
// Consul always uses mTLS between proxies (its support cell: automatic, always on), and its detectors
// see only the permissive mode: a strict mode is in every Consul output whether written or not.
const ALWAYS_ON: Partial<Record<ConvertTargetId, string[]>> = { consul: ['mtls', 'peer_authentication'] };

/** True when the output's features (`after`) hold `feature` itself, the same construct under another row, or the target always has it. */
export function foundInOutput(feature: string, target: ConvertTargetId, after: Set<string>): boolean {
  if (after.has(feature) || ALWAYS_ON[target]?.includes(feature)) return true;
  return [...(SAME_CONSTRUCT[feature] ?? []), ...(SAME_CONSTRUCT_IN[target]?.[feature] ?? [])].some(f => after.has(f));
}
