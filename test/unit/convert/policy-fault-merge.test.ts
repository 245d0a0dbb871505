// Faults of several Kuma MeshFaultInjection entries for one service: a delay and an abort of the
// whole mesh's callers make one fault; an abort for some callers only is dropped (a route rule would
// inject it for every caller); a target without fault injection names every part it loses.
import * as assert from 'node:assert';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import type { ConvertTargetId } from '../../../src/core/convert/model';

const FAULTS = `# own fixture
apiVersion: kuma.io/v1alpha1
kind: MeshFaultInjection
metadata:
  name: ratings-faults
  namespace: bookinfo
spec:
  targetRef:
    kind: MeshService
    name: ratings
  from:
  - targetRef:
      kind: Mesh
    default:
      http:
      - delay:
          value: 7s
          percentage: 50
      - abort:
          httpStatus: 503
          percentage: 10
  rules:
  - matches:
    - spiffeID:
        type: Prefix
        value: spiffe://default.east.mesh.local/ns/bookinfo/
    default:
      http:
      - abort:
          httpStatus: 418
`;

const CALLERS_ONLY = 'The source injects this fault only for requests from SPIFFE ID prefix spiffe://default.east.mesh.local/ns/bookinfo/; a route rule injects it for every caller, so it is not converted.';

function convert(target: ConvertTargetId) {
  const [out] = convertFiles([{ path: 'faults.yaml', text: FAULTS }], { id: target }, catalogView());
  return out;
}

describe('convert: Kuma fault injection entries of one service', () => {
  it('Istio: the delay and the mesh-wide abort make one fault; the abort for some callers is dropped', () => {
    const out = convert('istio');
    assert.match(out.output, /fault:\n {6}delay:\n {8}fixedDelay: 7s\n {8}percentage:\n {10}value: 50\n {6}abort:\n {8}httpStatus: 503\n {8}percentage:\n {10}value: 10\n/);
    assert.doesNotMatch(out.output, /httpStatus: 418/);
    assert.deepStrictEqual(out.dropped.map(d => [d.field, d.line, d.reason]), [['spec.rules[0].default.http[0].abort', 29, CALLERS_ONLY]]);
    assert.deepStrictEqual(out.carried.filter(c => c.feature === 'abort_injection').map(c => c.line), [19]);
  });

  for (const [target, reason] of [
    ['linkerd', 'Linkerd has no fault injection; test with a failing backend instead.'],
    ['gateway-api', 'Gateway API has no fault injection; test with a failing backend instead.'],
    ['consul', 'Consul fault injection needs Consul Enterprise.'],
  ] as const) {
    it(`${target}: every delay and abort is in dropped with its reason, none carried`, () => {
      const out = convert(target);
      assert.deepStrictEqual(out.carried.filter(c => c.feature === 'abort_injection' || c.feature === 'delay_injection'), []);
      assert.deepStrictEqual(out.dropped.map(d => [d.feature, d.field, d.reason]).sort(), [
        ['abort_injection', 'spec.from[0].default.http[1].abort', reason],
        ['abort_injection', 'spec.rules[0].default.http[0].abort', CALLERS_ONLY],
        ['delay_injection', 'spec.from[0].default.http[0].delay', reason],
      ]);
      for (const d of out.dropped) assert.ok(out.output.includes(`# mesh-lens: not converted: ${d.field} — ${d.reason}`), d.field);
    });
  }
});
