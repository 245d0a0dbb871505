// Consul config entries as consul-k8s CRDs, and the ones a router or splitter needs around it:
// ServiceDefaults with an L7 protocol for every service of the chain, ServiceResolvers for subsets.
import type { WriteContext } from '../../contract';
import type { Subset } from '../../model';
import type { OutDoc, OutMap } from '../../output';
import { comment } from '../../output';
import { splitServiceHost } from '../../values';

export const CONSUL_API_VERSION = 'consul.hashicorp.com/v1alpha1';

export function consulObject(kind: string, name: string, namespace: string | undefined, spec: OutMap): OutMap {
  const metadata: OutMap = { name };
  if (namespace) metadata.namespace = namespace;
  return { apiVersion: CONSUL_API_VERSION, kind, metadata, spec };
}

/** Collects the services of the written chains that need `protocol: http|grpc`, once each. */
export class L7Services {
  private readonly seen = new Map<string, { name: string; namespace?: string; protocol: 'http' | 'grpc' }>();

  add(name: string, namespace: string | undefined, protocol: 'http' | 'grpc'): void {
    const key = `${namespace ?? ''}/${name}`;
    if (!this.seen.has(key)) this.seen.set(key, { name, namespace, protocol });
  }

  docs(): OutDoc[] {
    return [...this.seen.values()].map(s => ({
      obj: consulObject('ServiceDefaults', s.name, s.namespace, { protocol: s.protocol }),
      generated: `Consul routes and splits only services whose protocol is ${s.protocol === 'grpc' ? 'gRPC' : 'HTTP'} (${s.name})`,
    }));
  }
}

/** The service-metadata key Consul reads for a pod label (the part after `service-meta-` in the annotation). */
function metaKey(label: string): string {
  return label.replace(/[^A-Za-z0-9_-]/g, '-');
}

/**
 * One ServiceResolver per Service whose subsets the source declares. Consul filters on service
 * metadata, not on pod labels: each label must reach Service.Meta through an annotation on the pods.
 */
export function subsetResolvers(subsets: Subset[], ctx: WriteContext): OutDoc[] {
  const byService = new Map<string, { name: string; namespace?: string; subsets: Subset[] }>();
  for (const subset of subsets) {
    const host = splitServiceHost(subset.host);
    const namespace = subset.namespace ?? host.namespace ?? subset.from.namespace;
    const key = `${namespace ?? ''}/${host.name}`;
    const entry = byService.get(key) ?? { name: host.name, namespace, subsets: [] };
    entry.subsets.push(subset);
    byService.set(key, entry);
  }
  const docs: OutDoc[] = [];
  for (const service of byService.values()) {
    const specSubsets: OutMap = {};
    for (const subset of service.subsets) {
      const labels = Object.entries(subset.labels);
      const entry: OutMap = { filter: labels.map(([k, v]) => `Service.Meta.${metaKey(k)} == ${JSON.stringify(v)}`).join(' and ') };
      specSubsets[subset.name] = entry;
      for (const [k, v] of labels) {
        ctx.need(`the annotation consul.hashicorp.com/service-meta-${metaKey(k)}: "${v}" on the pods of subset ${subset.name} of ${service.name}`, subset.origin, entry, 'filter');
      }
    }
    const obj = consulObject('ServiceResolver', service.name, service.namespace, { subsets: specSubsets });
    comment(obj, 'Consul selects subsets by service metadata, not by pod labels: a pod label reaches Service.Meta only through a consul.hashicorp.com/service-meta-<key> annotation on the pod.');
    docs.push({ obj });
  }
  return docs;
}
