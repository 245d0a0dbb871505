// mTLS modes and JWT request authentication across meshes: what maps, what needs context the
// manifest lacks (a Mesh with mTLS on, Consul's permissive flag), and what has no equivalent.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';
import type { PolicyConversion } from './policyHarness';

const PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: reviews
  namespace: shop
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: reviews
  mtls:
    mode: MODE
`;

const RA = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: shop
spec:
  selector:
    matchLabels:
      app: reviews
  jwtRules:
  - issuer: https://auth.example.com
    jwksUri: https://auth.example.com/jwks.json
    fromHeaders:
    - name: Authorization
      prefix: "Bearer "
    fromParams: ["token"]
    outputPayloadToHeader: x-jwt-payload
`;

describe('convert policies: mTLS and JWT', function () {
  this.timeout(20_000);

  it('STRICT → Kuma MeshTLS Strict, asking for mTLS on the Mesh', () => {
    const c = convertPolicies(PA.replace('MODE', 'STRICT'), 'kuma');
    const [tls] = ofKind(c, 'MeshTLS');
    assert.deepStrictEqual(tls.spec.rules, [{ default: { mode: 'Strict' } }]);
    assert.ok(c.file.needs.some(n => n.what === 'mTLS enabled on the Mesh (spec.mtls.enabledBackend): MeshTLS modes apply only then'));
    assert.deepStrictEqual(c.invalid, []);
  });

  it('port modes Istio rejects are inert drops that say why, and write nothing', () => {
    const rejected = (portLevel: string, selector = '  selector:\n    matchLabels:\n      app: reviews\n') =>
      convertPolicies(`apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: pa\n  namespace: shop\nspec:\n${selector}  portLevelMtls:${portLevel}`, 'kuma');
    const cases: [PolicyConversion, string][] = [
      [rejected('\n    "80":\n      mode: STRICT\n', ''), 'Port modes need a workload selector, so Istio rejects this PeerAuthentication: it has no effect there either.'],
      [rejected(' {}\n'), 'portLevelMtls names no port, so Istio rejects this PeerAuthentication: it has no effect there either.'],
      [rejected('\n    "0":\n      mode: STRICT\n'), 'The port 0 is not between 1 and 65535, so Istio rejects this PeerAuthentication: it has no effect there either.'],
      [rejected('\n    "web":\n      mode: STRICT\n'), 'The port "web" is not a number, so Istio rejects this PeerAuthentication: it has no effect there either.'],
      [rejected('\n    "80":\n      mode: BLAH\n'), 'The mode "BLAH" of port 80 is not one Istio accepts, so Istio rejects this PeerAuthentication: it has no effect there either.'],
    ];
    for (const [c, reason] of cases) {
      assert.deepStrictEqual(c.file.dropped.map(d => [d.reason, d.inert]), [[reason, true]]);
      assert.deepStrictEqual(c.docs, []);
    }
  });

  it('PERMISSIVE → Consul ServiceDefaults of the Service, asking for the Mesh flag', () => {
    const c = convertPolicies(PA.replace('MODE', 'PERMISSIVE'), 'consul');
    const [sd] = ofKind(c, 'ServiceDefaults');
    assert.deepStrictEqual(sd, { apiVersion: 'consul.hashicorp.com/v1alpha1', kind: 'ServiceDefaults', metadata: { name: 'reviews', namespace: 'shop' }, spec: { mutualTLSMode: 'permissive' } });
    assert.ok(c.file.needs.some(n => n.what.startsWith('allowEnablingPermissiveMutualTLS: true in the Consul Mesh config entry')));
  });

  it('STRICT → Linkerd asks for the all-authenticated default inbound policy; DISABLE is dropped', () => {
    const strict = convertPolicies(PA.replace('MODE', 'STRICT'), 'linkerd');
    assert.deepStrictEqual(strict.file.needs.map(n => n.what), ['the annotation config.linkerd.io/default-inbound-policy: all-authenticated on the pod template of Service reviews, so that only meshed (mTLS) callers are accepted']);
    const off = convertPolicies(PA.replace('MODE', 'DISABLE'), 'linkerd');
    assert.deepStrictEqual(off.file.dropped.map(d => [d.field, d.reason]), [['spec.mtls.mode', 'Linkerd always uses mTLS between meshed pods; to accept plain text on a port, list it in the config.linkerd.io/skip-inbound-ports annotation of the pods.']]);
  });

  it('Kuma Mesh mtls → an Istio PeerAuthentication in the root namespace', () => {
    const c = convertPolicies(`apiVersion: kuma.io/v1alpha1
kind: Mesh
metadata:
  name: default
spec:
  mtls:
    enabledBackend: ca-1
    backends:
    - name: ca-1
      type: builtin
      mode: PERMISSIVE
`, 'istio');
    const [pa] = ofKind(c, 'PeerAuthentication');
    assert.deepStrictEqual(pa.metadata, { name: 'default', namespace: 'istio-system' });
    assert.deepStrictEqual(pa.spec, { mtls: { mode: 'PERMISSIVE' } });
    assert.deepStrictEqual(c.file.dropped.map(d => d.field), ['spec.mtls.backends[0].type']);
  });

  it('RequestAuthentication → Consul JWTProvider, saying a token is not required yet', () => {
    const c = convertPolicies(RA, 'consul');
    const [provider] = ofKind(c, 'JWTProvider');
    assert.deepStrictEqual(provider.spec, {
      issuer: 'https://auth.example.com', jsonWebKeySet: { remote: { uri: 'https://auth.example.com/jwks.json' } },
      locations: [{ header: { name: 'Authorization', valuePrefix: 'Bearer ' } }, { queryParam: { name: 'token' } }],
      forwarding: { headerName: 'x-jwt-payload' },
    });
    assert.match(c.file.output, /# Istio validated a token only when a request sent one\. To require it, add jwt\.providers \[\{name: jwt\}\] to the ServiceIntentions/);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('RequestAuthentication → Linkerd and Kuma: dropped with the reason', () => {
    assert.deepStrictEqual(convertPolicies(RA, 'linkerd').file.dropped.map(d => d.reason), ['Linkerd does not validate JSON Web Tokens; check them in the application or an ingress in front of it.']);
    assert.deepStrictEqual(convertPolicies(RA, 'kuma').file.dropped.map(d => d.reason), ['Kuma does not validate JSON Web Tokens; check them in the application or a gateway in front of it.']);
  });
});
