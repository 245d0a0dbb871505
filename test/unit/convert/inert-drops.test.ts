// A drop of a construct that has no effect in its own mesh either says `inert: true` in the JSON report:
// a Gateway API route naming no parent routes nothing, wherever it is converted.
import * as assert from 'node:assert';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import type { ConvertTargetId } from '../../../src/core/convert/model';

const PARENTLESS = `# own fixture
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: foo-route
spec:
  hostnames:
  - foo.example.com
  rules:
  - backendRefs:
    - name: foo-v1
      port: 8080
      weight: 90
    - name: foo-v2
      port: 8080
      weight: 10
`;

describe('convert: drops of constructs with no effect in their own mesh are marked inert', () => {
  for (const target of ['istio', 'linkerd', 'kuma', 'consul'] as ConvertTargetId[]) {
    it(`a route naming no parent → ${target}`, () => {
      const [out] = convertFiles([{ path: 'route.yaml', text: PARENTLESS }], { id: target }, catalogView());
      const reason = 'Route foo-route names no parent (parentRefs), so it routes nothing in its own mesh either; this rule is not written.';
      assert.deepStrictEqual(out.dropped, [{ feature: 'canary_releases', field: 'spec.rules[0]', line: 10, reason, inert: true }]);
      assert.deepStrictEqual(out.needs, []);
      assert.ok(out.output.includes(`# mesh-lens: not converted: spec.rules[0] — ${reason}`));
    });
  }

  it('a route whose parent Service is only missing from the input is not inert', () => {
    const text = PARENTLESS.replace('spec:\n', 'spec:\n  parentRefs:\n  - group: ""\n    kind: Service\n    name: foo\n');
    const [out] = convertFiles([{ path: 'route.yaml', text }], { id: 'kuma' }, catalogView());
    assert.ok(out.dropped.every(d => !d.inert));
  });
});
