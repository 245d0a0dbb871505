// What the gateway-api target writes in Gateway API's experimental channel, and only there: retry
// budgets and cookie-based sticky sessions of a Service as XBackendTrafficPolicy (v1.3 and later), a
// named external host as XBackend (v1.6 and later). Real YAML in; the written objects, the comments a
// user reads and the report out; every object valid against the vendored experimental CRDs, and found
// again by `check`.
import * as assert from 'node:assert';
import { Analyzer, catalogView } from '../../../src/core';
import { inputFixture } from './readerHarness';
import { convertPolicies, ofKind } from './policyHarness';

const SERVICE_PROFILE = `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata:
  name: books.booksapp.svc.cluster.local
  namespace: booksapp
spec:
  retryBudget:
    retryRatio: 0.125
    minRetriesPerSecond: 5
    ttl: 30s
`;

const DESTINATION_RULES = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: cart
  namespace: shop
spec:
  host: cart
  trafficPolicy:
    retryBudget:
      percent: 20
      minRetryConcurrency: 5
    loadBalancer:
      consistentHash:
        httpCookie:
          name: cart-session
          ttl: 1800s
    outlierDetection:
      consecutive5xxErrors: 5
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: profile
  namespace: shop
spec:
  host: profile
  trafficPolicy:
    loadBalancer:
      consistentHash:
        httpCookie:
          name: JSESSIONID
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: search
  namespace: shop
spec:
  host: search
  trafficPolicy:
    loadBalancer:
      consistentHash:
        httpHeaderName: x-user
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews-sticky
  namespace: shop
spec:
  host: reviews
  workloadSelector:
    matchLabels:
      app: productpage
  trafficPolicy:
    loadBalancer:
      consistentHash:
        httpCookie:
          name: user
          ttl: 3600s
`;

const KUMA_STICKY = `apiVersion: kuma.io/v1alpha1
kind: MeshLoadBalancingStrategy
metadata:
  name: cart-sticky
  namespace: shop
  labels:
    kuma.io/mesh: default
spec:
  targetRef:
    kind: Mesh
  to:
  - targetRef:
      kind: MeshService
      name: cart
    default:
      loadBalancer:
        type: RingHash
        ringHash:
          hashPolicies:
          - type: Cookie
            cookie:
              name: cart-session
              ttl: 0s
          - type: SourceIP
`;

const CONSUL_RESOLVER = `apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceResolver
metadata:
  name: cart
  namespace: shop
spec:
  loadBalancer:
    policy: ring_hash
    hashPolicies:
    - field: cookie
      fieldValue: cart-session
      cookieConfig:
        session: true
    - field: header
      fieldValue: x-user
`;

const SERVICE_ENTRY = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partners
  namespace: shop
spec:
  hosts:
  - api.partner.example
  - "*.cdn.example"
  addresses:
  - 203.0.113.0/24
  ports:
  - number: 80
    name: http
    protocol: HTTP
  - number: 50051
    name: grpc
    protocol: GRPC
  location: MESH_EXTERNAL
  resolution: DNS
`;

const MESH_EXTERNAL_SERVICE = `apiVersion: kuma.io/v1alpha1
kind: MeshExternalService
metadata:
  name: payments
  namespace: kuma-system
  labels:
    kuma.io/mesh: default
spec:
  match:
    type: HostnameGenerator
    port: 443
    protocol: tcp
  endpoints:
  - address: api.payments.example
    port: 443
`;

const EXPERIMENTAL = 'XBackendTrafficPolicy gateway.networking.x-k8s.io/v1alpha1 is in the experimental channel of Gateway API: the cluster needs the experimental-channel CRDs.';
const TARGET_REFS = (name: string) => [{ group: '', kind: 'Service', name }];

/** The features `check` finds in a converted file. */
function featuresOf(text: string): string[] {
  return [...new Set(new Analyzer(catalogView()).inventory(text).uses.map(u => u.feature))].sort();
}

describe('convert policies → gateway-api: the experimental channel', function () {
  this.timeout(20_000);

  it('Linkerd retry budget → XBackendTrafficPolicy retryConstraint: ratio as a whole percent, ttl as the window, the floor per second', () => {
    const c = convertPolicies(SERVICE_PROFILE, 'gateway-api');
    const policy = c.file.output.slice(c.file.output.indexOf('---\n') + 4);
    assert.strictEqual(policy, `# ${EXPERIMENTAL}
apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XBackendTrafficPolicy
metadata:
  name: books
  namespace: booksapp
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: books
  # Gateway API takes a whole percent: the source's 12.5 % is written as 12 %, a slightly smaller budget.
  retryConstraint:
    budget:
      percent: 12
      interval: 30s
    minRetryRate:
      count: 5
      interval: 1s
`);
    assert.deepStrictEqual(c.file.dropped, []);
    assert.deepStrictEqual(c.file.carried.filter(f => f.feature === 'retry_budget'), [{ feature: 'retry_budget', field: 'spec.retryBudget', line: 7 }]);
    assert.deepStrictEqual(c.invalid, []);
    assert.ok(featuresOf(c.file.output).includes('retry_budget'));
  });

  it('Istio DestinationRule → one XBackendTrafficPolicy with the retry budget and the cookie as session persistence; the concurrency floor and outlier detection dropped', () => {
    const c = convertPolicies(DESTINATION_RULES, 'gateway-api');
    const policies = ofKind(c, 'XBackendTrafficPolicy');
    assert.deepStrictEqual(policies.map(p => p.metadata.name), ['cart']);
    assert.deepStrictEqual(policies[0].spec, {
      targetRefs: TARGET_REFS('cart'),
      retryConstraint: { budget: { percent: 20 } },
      sessionPersistence: { sessionName: 'cart-session', absoluteTimeout: '30m', type: 'Cookie', cookieConfig: { lifetimeType: 'Permanent' } },
    });
    assert.match(c.file.output, /\n {2}# The source sets no window, so Gateway API's default applies: budget\.interval 10s\.\n {2}retryConstraint:\n/);
    assert.match(c.file.output, /\n {2}# The source pins a client to one endpoint by hashing the cookie cart-session, which its proxy sets when absent; Gateway API session persistence pins it by a cookie of that name the implementation sets\.\n {2}sessionPersistence:\n/);
    assert.deepStrictEqual(c.file.dropped.map(d => [d.feature, d.field, d.reason]), [
      ['retry_budget', 'spec.trafficPolicy.retryBudget.minRetryConcurrency', 'This floor counts retries in flight at once; Gateway API\'s minRetryRate counts retries per interval, a different quantity, so its default of 10 per second applies instead.'],
      ['outlier_detection', 'spec.trafficPolicy.outlierDetection', 'Gateway API has no circuit breaking, connection limits or load-balancing algorithm; keep the mesh\'s own traffic policy next to the routes.'],
      ['session_affinity', 'spec.trafficPolicy.loadBalancer', 'Without a ttl the proxy only hashes on a cookie JSESSIONID the application sets; Gateway API\'s session persistence writes its own cookie of that name, which would replace the application\'s, so it is not converted.'],
      ['session_affinity', 'spec.trafficPolicy.loadBalancer', 'Hashing on a request header is not session persistence, which pins a client by a cookie or header the implementation sets, and Gateway API has no consistent hashing; it is not converted.'],
      ['session_affinity', 'spec.trafficPolicy.loadBalancer', 'XBackendTrafficPolicy applies to every caller of Service reviews; the source sets this only for the pods labelled app=productpage, so it is not converted.'],
    ]);
    assert.deepStrictEqual(c.invalid, []);
    assert.deepStrictEqual(featuresOf(ofKindText(c.file.output, 'cart')), ['retry_budget', 'session_affinity']);
  });

  it('Kuma Cookie hash with ttl 0s → a session cookie; the source-address key is dropped', () => {
    const c = convertPolicies(KUMA_STICKY, 'gateway-api');
    const [policy] = ofKind(c, 'XBackendTrafficPolicy');
    assert.deepStrictEqual(policy.metadata, { name: 'cart-sticky', namespace: 'shop' });
    assert.deepStrictEqual(policy.spec, { targetRefs: TARGET_REFS('cart'), sessionPersistence: { sessionName: 'cart-session', type: 'Cookie', cookieConfig: { lifetimeType: 'Session' } } });
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.reason]), [
      ['spec.to[0].default.loadBalancer.ringHash.hashPolicies[1]', 'Hashing on the caller\'s address is not session persistence, which pins a client by a cookie or header the implementation sets, and Gateway API has no consistent hashing; it is not converted.'],
    ]);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Consul ServiceResolver session cookie → session persistence; Consul → Consul keeps it a session cookie', () => {
    const c = convertPolicies(CONSUL_RESOLVER, 'gateway-api');
    const [policy] = ofKind(c, 'XBackendTrafficPolicy');
    assert.deepStrictEqual(policy.spec, { targetRefs: TARGET_REFS('cart'), sessionPersistence: { sessionName: 'cart-session', type: 'Cookie', cookieConfig: { lifetimeType: 'Session' } } });
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.reason]), [
      ['spec.loadBalancer.hashPolicies[1]', 'Hashing on a request header is not session persistence, which pins a client by a cookie or header the implementation sets, and Gateway API has no consistent hashing; it is not converted.'],
    ]);
    assert.deepStrictEqual(c.invalid, []);
    const consul = convertPolicies(CONSUL_RESOLVER, 'consul');
    assert.deepStrictEqual(ofKind(consul, 'ServiceResolver')[0].spec, { loadBalancer: { policy: 'ring_hash', hashPolicies: [
      { field: 'cookie', fieldValue: 'cart-session', cookieConfig: { session: true } },
      { field: 'header', fieldValue: 'x-user' },
    ] } });
    assert.deepStrictEqual(consul.file.dropped, []);
  });

  it('before v1.3 there is no XBackendTrafficPolicy: the budget and the cookie are dropped, saying from which version', () => {
    const c = convertPolicies(DESTINATION_RULES.split('---\n')[0], 'gateway-api', 'policies.yaml', '1.2');
    assert.deepStrictEqual(c.file.resources, []);
    const reason = 'Mesh Lens writes the retry budget and sticky sessions of a Service as XBackendTrafficPolicy, which Gateway API serves from v1.3; keep the mesh\'s own setting.';
    assert.deepStrictEqual(c.file.dropped.filter(d => d.reason === reason).map(d => d.field), ['spec.trafficPolicy.retryBudget', 'spec.trafficPolicy.loadBalancer']);
  });

  it('Istio ServiceEntry → an XBackend per named host and port; the wildcard host and the network are dropped', () => {
    const c = convertPolicies(SERVICE_ENTRY, 'gateway-api');
    const backends = ofKind(c, 'XBackend');
    assert.deepStrictEqual(backends.map(b => [b.metadata.name, b.spec]), [
      ['partners-80', { type: 'ExternalHostname', externalHostname: { hostname: 'api.partner.example' }, port: { port: 80 }, protocol: 'HTTP' }],
      ['partners-50051', { type: 'ExternalHostname', externalHostname: { hostname: 'api.partner.example' }, port: { port: 50051 }, protocol: 'H2C' }],
    ]);
    assert.ok(c.file.output.includes('# XBackend gateway.networking.x-k8s.io/v1alpha1 is in the experimental channel of Gateway API: the cluster needs the experimental-channel CRDs.\n'
      + '# Only a route that names this XBackend in its backendRefs (group gateway.networking.x-k8s.io, kind XBackend) sends to it; Gateway API has no egress lock-down, so other calls to api.partner.example are not governed by it.\n'
      + 'apiVersion: gateway.networking.x-k8s.io/v1alpha1\nkind: XBackend\n'));
    assert.deepStrictEqual(c.file.dropped.map(d => [d.feature, d.field, d.reason]), [
      ['egress_gateway', 'spec.hosts[1]', 'XBackend names one host; a wildcard host has no equivalent in Gateway API, so it is not converted.'],
      [undefined, 'spec.addresses[0]', 'XBackend names a host by its DNS name, never an address or a network; it is not converted.'],
    ]);
    assert.deepStrictEqual(c.invalid, []);
    assert.ok(featuresOf(c.file.output).includes('egress_gateway'));
  });

  it('Kuma MeshExternalService → an XBackend, saying that the host name Kuma generated is gone', () => {
    const c = convertPolicies(MESH_EXTERNAL_SERVICE, 'gateway-api');
    const [backend] = ofKind(c, 'XBackend');
    assert.deepStrictEqual(backend.metadata, { name: 'payments', namespace: 'kuma-system' });
    assert.deepStrictEqual(backend.spec, { type: 'ExternalHostname', externalHostname: { hostname: 'api.payments.example' }, port: { port: 443 }, protocol: 'TCP' });
    assert.ok(c.file.output.includes('# Kuma\'s workloads called this destination by a host name Kuma generated, which does not exist without Kuma: call api.payments.example itself, or a route that sends to this XBackend.\n'));
    assert.deepStrictEqual(c.file.dropped, []);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Consul ServiceDefaults destination → an XBackend for its host name with the service\'s protocol; an IP destination is dropped', () => {
    const c = convertPolicies(inputFixture('policies', 'consul-destination.yaml'), 'gateway-api');
    assert.deepStrictEqual(ofKind(c, 'XBackend').map(b => [b.metadata, b.spec]), [
      [{ name: 'payments-api', namespace: 'shop' }, { type: 'ExternalHostname', externalHostname: { hostname: 'api.payments.example.com' }, port: { port: 80 }, protocol: 'HTTP' }],
    ]);
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.line, d.reason]), [
      ['spec.destination.addresses[0]', 23, 'XBackend names a host by its DNS name, never an address or a network; it is not converted.'],
    ]);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('before v1.6 there is no XBackend: the ServiceEntry is dropped, saying from which version', () => {
    const c = convertPolicies(SERVICE_ENTRY, 'gateway-api', 'policies.yaml', '1.5');
    assert.deepStrictEqual(c.file.resources, []);
    assert.deepStrictEqual(c.file.dropped.map(d => d.reason), ['Gateway API names an external destination only in XBackend, which arrived in v1.6; keep the mesh\'s own egress resources.']);
  });
});

/** The converted document named `name`, as text. */
function ofKindText(output: string, name: string): string {
  return output.split(/^---\n/m).find(doc => new RegExp(`^  name: ${name}$`, 'm').test(doc)) ?? '';
}
