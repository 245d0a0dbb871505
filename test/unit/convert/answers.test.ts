// Answers to `needs`: which needs one value answers, how a value is checked, and the converted text
// with the answers written where the placeholders were (real inputs converted by the real writers).
import * as assert from 'node:assert';
import * as yaml from 'js-yaml';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import { answerableNeeds, answerProblem, applyAnswers, remainingNeeds } from '../../../src/core/convert/answers';
import type { ConvertTargetId } from '../../../src/core/convert/model';
import { inputFixture } from './inputFixture';
import { validateAgainstCrds } from './crdValidator';

const MIRROR = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: recommendation
spec:
  hosts:
  - recommendation
  http:
  - route:
    - destination:
        host: recommendation
        subset: version-v1
    mirror:
      host: recommendation
      subset: version-v2
`;

function convert(text: string, to: ConvertTargetId) {
  return convertFiles([{ path: 'in.yaml', text }], { id: to }, catalogView())[0];
}

/** Every converted document still parses and validates against the vendored CRDs. */
function assertValid(text: string): void {
  for (const doc of yaml.loadAll(text)) {
    if (!doc) continue;
    assert.deepStrictEqual(validateAgainstCrds(doc), [], yaml.dump(doc));
  }
}

describe('convert: answering needs', function () {
  // Converting and validating against the CRDs compiles schemas the first time: slow on a busy machine.
  this.timeout(20_000);

  it('offers the port of a backend Service, not the Service that only a person can write', () => {
    const file = convert(MIRROR, 'linkerd');
    assert.deepStrictEqual(file.needs.map(n => n.what), [
      'the Service recommendation-version-v1: the pods of Service recommendation with the labels of subset version-v1, which no resource of the input declares',
      'the port of Service recommendation',
    ]);
    assert.deepStrictEqual(answerableNeeds(file.needs), [{ what: 'the port of Service recommendation', kind: 'port', lines: [10] }]);
  });

  it('writes an answered port into the backendRef and keeps the unanswered need marked', () => {
    const file = convert(MIRROR, 'linkerd');
    const text = applyAnswers(file.output, { 'the port of Service recommendation': '9080' });
    assert.ok(text.includes([
      '  - backendRefs:',
      '    # mesh-lens: set the Service recommendation-version-v1: the pods of Service recommendation with the labels of subset version-v1, which no resource of the input declares',
      '    - name: recommendation-version-v1',
      '      port: 9080',
    ].join('\n')), text);
    assert.ok(!text.includes('mesh-lens: set the port of Service recommendation'), text);
    assert.deepStrictEqual(remainingNeeds(text, file.needs).map(n => n.what), [file.needs[0].what]);
    assertValid(text);
  });

  it('leaves the text as it is without answers, or with an answer that is not a valid value', () => {
    const file = convert(MIRROR, 'linkerd');
    assert.strictEqual(applyAnswers(file.output, {}), file.output);
    assert.strictEqual(applyAnswers(file.output, { 'the port of Service recommendation': 'http' }), file.output);
    assert.strictEqual(applyAnswers(file.output, { 'the port of Service recommendation': '70000' }), file.output);
  });

  it('writes the zone of Kuma SPIFFE IDs converted from Istio principals', () => {
    const file = convert(inputFixture('policies', 'istio-security.yaml'), 'kuma');
    const zone = answerableNeeds(file.needs).find(n => n.kind === 'zone');
    assert.ok(zone, JSON.stringify(file.needs));
    const text = applyAnswers(file.output, { [zone!.what]: 'east' });
    assert.match(text, /value: spiffe:\/\/default\.east\.mesh\.local\/ns\/legacy\/sa\/old-client$/m);
    assert.ok(!text.includes('<zone>') && !text.includes('mesh-lens: set the zone name'), text);
    assert.match(text, /# mesh-lens: set mTLS enabled on the Mesh/, 'a need no value answers stays');
    assertValid(text);
  });

  it('writes the Istio trust domain into principals converted from Kuma', () => {
    const file = convert(inputFixture('policies', 'kuma-security.yaml'), 'istio');
    const trust = answerableNeeds(file.needs).find(n => n.kind === 'trust-domain');
    assert.ok(trust, JSON.stringify(file.needs));
    const text = applyAnswers(file.output, { [trust!.what]: 'prod.example.org' });
    assert.match(text, /^ {8}- prod\.example\.org\/ns\/kuma-demo\/sa\/frontend$/m);
    assert.ok(!/- "?cluster\.local\/ns\//.test(text) && !text.includes('set the trust domain'), text);
    assertValid(text);
  });

  it('writes the Kuma control-plane namespace into metadata.namespace', () => {
    const file = convert(inputFixture('policies', 'consul-intentions.yaml'), 'kuma');
    const ns = answerableNeeds(file.needs).find(n => n.what.startsWith('the namespace of the Kuma control plane'));
    assert.ok(ns, JSON.stringify(file.needs));
    const text = applyAnswers(file.output, { [ns!.what]: 'mesh-system' });
    assert.match(text, /^ {2}namespace: mesh-system$/m);
    assert.ok(!text.includes('set the namespace of the Kuma control plane') && !/namespace: kuma-system/.test(text), text);
    assertValid(text);
  });

  it('writes a Linkerd Server port as a number or a port name', () => {
    const file = convert(inputFixture('policies', 'istio-security.yaml'), 'linkerd');
    const port = answerableNeeds(file.needs).find(n => n.kind === 'port-or-name');
    assert.ok(port, JSON.stringify(file.needs));
    assert.match(applyAnswers(file.output, { [port!.what]: '9080' }), /^ {2}port: 9080$/m);
    const named = applyAnswers(file.output, { [port!.what]: 'http' });
    assert.match(named, /^ {2}port: http$/m);
    assert.ok(!named.includes(`set ${port!.what}`));
    assertValid(named);
  });

  it('says what is wrong with a value', () => {
    assert.strictEqual(answerProblem('port', '8080'), undefined);
    assert.strictEqual(answerProblem('port', '0'), 'Enter a port number from 1 to 65535.');
    assert.strictEqual(answerProblem('port', ' '), 'Enter a value, or press Escape to leave this one to set later.');
    assert.strictEqual(answerProblem('port-or-name', 'http-metrics'), undefined);
    assert.match(answerProblem('port-or-name', 'a-very-long-port-name')!, /port name/);
    assert.strictEqual(answerProblem('namespace', 'istio-system'), undefined);
    assert.strictEqual(answerProblem('namespace', 'Istio_System'), 'Enter a valid namespace: up to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.');
    assert.match(answerProblem('zone', 'east.1')!, /^Enter a valid zone name/);
    assert.strictEqual(answerProblem('trust-domain', 'cluster.local'), undefined);
    assert.match(answerProblem('trust-domain', 'spiffe://x')!, /^Enter a trust domain/);
  });
});
