// Reads Kuma MeshHealthCheck (active health checks: the caller's proxy probes each endpoint of the
// called MeshService) into the neutral model, one policy per `to[]` entry. Only Kuma has them among
// the targets; the others only stop sending to endpoints after failures they see.
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment } from '../../model';
import type { HealthCheckPolicy, PolicyScope } from '../../policyModel';
import type { SourceView } from '../../source';
import { valuedNumber as num, valuedDuration as duration } from '../fieldValues';
import { serviceTarget } from '../kuma/targetRefs';

export function readMeshHealthCheck(ctx: ReadContext, spec: SourceView, name: string, callers: PolicyScope | undefined): ModelFragment {
  const fragment = emptyFragment();
  const to = spec.get('to').items();
  to.forEach((t, i) => {
    const target = serviceTarget(t.get('targetRef'), ctx);
    if (!target) { t.use(); return; }
    const conf = t.get('default');
    const policy: HealthCheckPolicy = { type: 'healthCheck', name: to.length > 1 ? `${name}-${i + 1}` : name, service: target.ref, from: ctx.source, origin: conf.exists ? conf.origin : t.origin };
    if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
    if (callers) policy.callers = callers;
    const set = <K extends 'interval' | 'timeout' | 'healthyThreshold' | 'unhealthyThreshold'>(key: K, value: HealthCheckPolicy[K] | undefined) => { if (value) policy[key] = value; };
    set('interval', duration(conf.get('interval'), ctx));
    set('timeout', duration(conf.get('timeout'), ctx));
    set('healthyThreshold', num(conf.get('healthyThreshold'), ctx));
    set('unhealthyThreshold', num(conf.get('unhealthyThreshold'), ctx));
    const http = conf.get('http'), tcp = conf.get('tcp');
    if (http.exists && http.get('disabled').bool() !== true) {
      policy.http = { origin: http.origin };
      const path = http.get('path');
      if (path.str() !== undefined) policy.http.path = { value: path.str()!, origin: path.origin };
    }
    if (tcp.exists && tcp.get('disabled').bool() !== true) policy.tcp = { origin: tcp.origin };
    for (const [key, field] of [...conf.entries().filter(([k]) => k !== 'http' && k !== 'tcp'), ...http.entries(), ...tcp.entries()]) {
      if (field.unused().length) ctx.drop(field, `The health check setting ${key} is not converted.`);
    }
    (fragment.policies ??= []).push(policy);
  });
  return fragment;
}
