// Linkerd failure accrual from another mesh's outlier detection: written as annotations on the Service
// itself when the input holds it, else asked for with a "set" comment; never on a Service the input lacks.
import * as assert from 'node:assert';
import { convertPolicies } from './policyHarness';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: httpbin
  namespace: bookinfo
spec:
  selector:
    app: httpbin
  ports:
  - name: http
    port: 8000
`;

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin
  namespace: bookinfo
spec:
  host: httpbin
  trafficPolicy:
    outlierDetection:
      consecutive5xxErrors: 3
      interval: 1s
      baseEjectionTime: 30s
`;

const ANNOTATIONS = `    balancer.linkerd.io/failure-accrual: "consecutive"
    balancer.linkerd.io/failure-accrual-consecutive-max-failures: "3"
    balancer.linkerd.io/failure-accrual-consecutive-min-penalty: "30s"
`;

describe('convert policies: Linkerd failure accrual on the Service', () => {
  it('the Service in the input gets the annotations in place, with where they come from', () => {
    const c = convertPolicies(`${SERVICE}---\n${DR}`, 'linkerd');
    assert.ok(c.file.output.startsWith(`apiVersion: v1
kind: Service
metadata:
  name: httpbin
  namespace: bookinfo
  annotations:
    # mesh-lens: from DestinationRule httpbin (line 14)
${ANNOTATIONS}spec:
`), c.file.output);
    assert.deepStrictEqual(c.file.needs, []);
    assert.deepStrictEqual(c.file.dropped.map(d => d.field), ['spec.trafficPolicy.outlierDetection.interval']);
  });

  it('existing annotations of the Service are kept, the new ones join them', () => {
    const service = SERVICE.replace('  namespace: bookinfo\n', '  namespace: bookinfo\n  annotations:\n    team: web\n');
    const c = convertPolicies(`${service}---\n${DR}`, 'linkerd');
    assert.ok(c.file.output.includes(`  annotations:\n    # mesh-lens: from DestinationRule httpbin (line 16)\n${ANNOTATIONS}    team: web\n`), c.file.output);
  });

  it('without the Service in the input, the annotations are asked for', () => {
    const c = convertPolicies(DR, 'linkerd');
    assert.deepStrictEqual(c.file.needs.map(n => n.what), ['the annotations balancer.linkerd.io/failure-accrual: consecutive, balancer.linkerd.io/failure-accrual-consecutive-max-failures: "3", balancer.linkerd.io/failure-accrual-consecutive-min-penalty: 30s on Service httpbin (namespace bookinfo)']);
  });

  it('a Service already set to another failure accrual is left alone and the annotations are asked for', () => {
    const service = SERVICE.replace('  namespace: bookinfo\n', '  namespace: bookinfo\n  annotations:\n    balancer.linkerd.io/failure-accrual: disabled\n');
    const c = convertPolicies(`${service}---\n${DR}`, 'linkerd');
    assert.ok(c.file.output.startsWith(service), c.file.output);
    assert.strictEqual(c.file.needs.length, 1);
  });
});
