// A Linkerd AuthorizationPolicy whose Server is not in the input: the callers are known, the pods and
// port are the Server's. Each target gets the policy with those asked for, behind placeholders that
// select no pod and no port until answered, so an unanswered policy never allows more than the original.
import * as assert from 'node:assert';
import { answerableNeeds, applyAnswers } from '../../../src/core/convert/answers';
import { convertPolicies, ofKind } from './policyHarness';
import { validateAgainstCrds } from './crdValidator';
import * as yaml from 'js-yaml';

const POLICY = `apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata:
  namespace: linkerd-viz
  name: prometheus-admin-flagger
spec:
  targetRef:
    group: policy.linkerd.io
    kind: Server
    name: prometheus-admin
  requiredAuthenticationRefs:
    - kind: ServiceAccount
      name: flagger
      namespace: flagger-system
`;

const LABELS_NEED = (key: string) => `the pod labels (key=value) of the pods of Server prometheus-admin in ${key}`;

describe('convert policies: a Linkerd AuthorizationPolicy whose Server is not in the input', function () {
  this.timeout(20_000);

  it('→ Linkerd: the policy names the Server again; only the authentication is written, no new Server', () => {
    const c = convertPolicies(POLICY, 'linkerd');
    assert.deepStrictEqual(c.docs.map(d => d.kind), ['MeshTLSAuthentication', 'AuthorizationPolicy']);
    assert.deepStrictEqual(ofKind(c, 'AuthorizationPolicy')[0].spec, {
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'prometheus-admin' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'prometheus-admin-flagger' }],
    });
    assert.deepStrictEqual(ofKind(c, 'MeshTLSAuthentication')[0].spec, { identityRefs: [{ kind: 'ServiceAccount', name: 'flagger', namespace: 'flagger-system' }] });
    assert.deepStrictEqual([c.file.dropped, c.file.needs, c.invalid], [[], [], []]);
  });

  it('→ Istio: the caller on a placeholder selector and port that match nothing, both asked for; answered, the real ones', () => {
    const c = convertPolicies(POLICY, 'istio');
    const [ap] = ofKind(c, 'AuthorizationPolicy');
    assert.deepStrictEqual(ap.spec, {
      selector: { matchLabels: { 'set-pod-labels-of-server': 'prometheus-admin' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/flagger-system/sa/flagger'] } }], to: [{ operation: { ports: ['<port>'] } }] }],
    });
    assert.deepStrictEqual(c.invalid, []);
    assert.deepStrictEqual(answerableNeeds(c.file.needs).map(n => [n.kind, n.what]).sort(), [
      ['labels', LABELS_NEED('selector')],
      ['port', 'the port of Server prometheus-admin in ports'],
      ['trust-domain', 'the trust domain of the Istio mesh in the principals, if it is not cluster.local'],
    ]);
    const answered = applyAnswers(c.file.output, { [LABELS_NEED('selector')]: 'app.kubernetes.io/name=prometheus, component=server', 'the port of Server prometheus-admin in ports': '9090' });
    const doc = yaml.load(answered) as { spec: unknown };
    assert.deepStrictEqual(doc.spec, {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus', component: 'server' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/flagger-system/sa/flagger'] } }], to: [{ operation: { ports: ['9090'] } }] }],
    });
    assert.deepStrictEqual(validateAgainstCrds(doc), []);
    assert.ok(!answered.includes('set the port of Server') && !answered.includes('set the pod labels'), answered);
  });

  it('a labels answer that is not key=value is refused, and the placeholder stays', () => {
    const c = convertPolicies(POLICY, 'istio');
    assert.strictEqual(applyAnswers(c.file.output, { [LABELS_NEED('selector')]: 'prometheus' }), c.file.output);
  });

  it('→ Kuma: nothing is written (a MeshTrafficPermission has no port condition, and one allowing nobody would be noise), and nothing is asked', () => {
    const kuma = convertPolicies(POLICY, 'kuma');
    assert.deepStrictEqual(ofKind(kuma, 'MeshTrafficPermission'), []);
    assert.deepStrictEqual(kuma.file.dropped.map(d => [d.field, d.reason]), [['spec', 'Every rule of this policy is for some ports, methods or paths only, which MeshTrafficPermission cannot say, so none can be written without allowing more, and nothing is written for it. '
      + 'A new mesh\'s default MeshTrafficPermission allows every caller; with MeshIdentity on, remove it so that these proxies deny callers as the source did.']]);
    assert.deepStrictEqual([kuma.file.needs, kuma.invalid], [[], []]);
  });

  it('→ Consul: the caller allowed on the service of the Server\'s port (one Consul service per port), a placeholder name no service has, asked for', () => {
    const consul = convertPolicies(POLICY, 'consul');
    const [si] = ofKind(consul, 'ServiceIntentions');
    assert.deepStrictEqual(si.spec, { destination: { name: 'set-service-of-server-prometheus-admin' }, sources: [{ name: 'flagger', action: 'allow' }, { name: '*', action: 'deny' }] });
    const what = 'the Consul service name of the pods of Server prometheus-admin that serves its port in name';
    assert.deepStrictEqual([consul.file.needs.map(n => n.what), consul.file.dropped, consul.invalid], [[what], [], []]);
    const answered = yaml.load(applyAnswers(consul.file.output, { [what]: 'prometheus' })) as { spec: { destination: unknown } };
    assert.deepStrictEqual(answered.spec.destination, { name: 'prometheus' });
  });
});
