// A plain Service with Linkerd's retry and timeout annotations: the Linkerd reader reads them, the
// Service stays byte for byte but for those annotations, and the target's policy follows it.
import * as assert from 'node:assert';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import type { ConvertTargetId } from '../../../src/core/convert/model';
import { inputFixture } from './inputFixture';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: webapp
  namespace: booksapp
spec:
  selector:
    app: webapp
  ports:
  - name: service
    port: 7000
`;

describe('convert: Linkerd retry and timeout annotations on a Service', () => {
  const text = inputFixture('linkerd', 'authors-routes.yaml');
  const convert = (id: ConvertTargetId, input = text) => convertFiles([{ path: 'authors-routes.yaml', text: input }], { id }, catalogView())[0];

  for (const id of ['gateway-api', 'istio', 'kuma', 'consul'] as ConvertTargetId[]) {
    it(`→ ${id}: the Service stays as it was without the annotations, and the policy read from them follows it`, () => {
      const r = convert(id);
      assert.ok(r.output.includes(`---\n${SERVICE}---\n# mesh-lens: converted from Service webapp (line 41)\n`), r.output);
      assert.ok(!/^ {4}(retry|timeout)\.linkerd\.io\/.*$/m.test(r.output.slice(r.output.indexOf('kind: Service'), r.output.indexOf('kind: Service') + 200)));
      assert.ok(r.carried.some(c => c.field === 'metadata.annotations["retry.linkerd.io/http"]') || r.dropped.some(d => d.field === 'metadata.annotations["retry.linkerd.io/http"]'));
      assert.ok(!r.dropped.some(d => d.field.startsWith('spec.') && d.line > 40 && d.line < 54), 'no field of the Service itself is reported');
    });
  }

  it('→ linkerd: the Service is kept as it is, annotations included', () => {
    const r = convert('linkerd');
    assert.ok(r.output.includes('  annotations:\n    retry.linkerd.io/http: gateway-error\n    timeout.linkerd.io/idle: 1m\nspec:\n'), r.output);
    assert.ok(!r.output.includes('converted from Service webapp'));
  });

  it('keeps the Service\'s other annotations, and leaves a Service without policy annotations alone', () => {
    const other = SERVICE.replace('  namespace: booksapp\n', '  namespace: booksapp\n  annotations:\n    owner: books\n    retry.linkerd.io/limit: "2"\n    retry.linkerd.io/http: 5xx\n');
    const r = convert('istio', other);
    assert.ok(r.output.startsWith(SERVICE.replace('  namespace: booksapp\n', '  namespace: booksapp\n  annotations:\n    owner: books\n') + '---\n# mesh-lens: converted from Service webapp (line 2)\n'), r.output);
    assert.strictEqual(convert('istio', SERVICE).output, '');
  });
});
