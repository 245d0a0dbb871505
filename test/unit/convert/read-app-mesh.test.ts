import * as assert from 'node:assert';
import { appMeshReader } from '../../../src/core/convert/readers/appMesh';
import type { InputContext } from '../../../src/core/convert/contract';
import { readEach } from './readerHarness';
import { inputFixture, inputResources } from './inputFixture';
import { bare } from './modelShape';

const read = (file: string, input?: Partial<InputContext>) => readEach(inputFixture('app-mesh', file), appMeshReader, input);

/** The VirtualNodes and VirtualService of the colour app, as the input would hold them next to the router. */
const colourApp = inputResources('app-mesh', `
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: {name: color, namespace: howto-k8s-http-headers}
spec:
  awsName: color.howto-k8s-http-headers.svc.cluster.local
  provider: {virtualRouter: {virtualRouterRef: {name: color}}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: blue, namespace: howto-k8s-http-headers}
spec: {serviceDiscovery: {dns: {hostname: color-blue.howto-k8s-http-headers.svc.cluster.local}}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: green, namespace: howto-k8s-http-headers}
spec: {serviceDiscovery: {dns: {hostname: color-green.howto-k8s-http-headers.svc.cluster.local}}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: red, namespace: howto-k8s-http-headers}
spec: {serviceDiscovery: {dns: {hostname: color-red}}}
`);

describe('convert: App Mesh reader', () => {
  it('reads a VirtualRouter by priority for the Service of its VirtualService, targets as the Services of their VirtualNodes', () => {
    const [r] = read('virtualrouter.yaml', colourApp);
    assert.deepStrictEqual([r.unused, r.dropped, r.needs], [[], [], []]);
    const [route] = r.fragment!.routes;
    assert.deepStrictEqual([route.name, route.namespace, route.protocol, route.ordered], ['color', 'howto-k8s-http-headers', 'http', true]);
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Service', name: 'color', namespace: 'howto-k8s-http-headers', port: 8080 }]);
    assert.deepStrictEqual(route.rules.map(rule => rule.name), ['color-route-blue', 'color-route-green', 'color-route-default'],
      'priority 10 before 20, a route without priority last');
    assert.deepStrictEqual(bare(route.rules[0]), {
      name: 'color-route-blue', mirrors: [],
      matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'color_header', type: 'Exact', value: 'blue' }], queryParams: [] }],
      backends: [{ ref: { name: 'color-blue', namespace: 'howto-k8s-http-headers' }, weight: 1 }],
    });
    assert.deepStrictEqual(bare(route.rules[2].backends), [{ ref: { name: 'color-red' }, weight: 1 }]);
  });

  it('asks for the Services when the VirtualService and VirtualNodes are not in the input', () => {
    const [r] = read('virtualrouter.yaml');
    assert.deepStrictEqual(r.needs.map(n => n.what), [
      'the Service clients call through VirtualRouter color (the VirtualService that names it; the router\'s name is used until then)',
      'the Service of VirtualNode blue (its serviceDiscovery hostname; the node\'s name is used until then)',
      'the Service of VirtualNode green (its serviceDiscovery hostname; the node\'s name is used until then)',
      'the Service of VirtualNode red (its serviceDiscovery hostname; the node\'s name is used until then)',
    ]);
    const [route] = r.fragment!.routes;
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Service', name: 'color', port: 8080 }]);
    assert.deepStrictEqual(route.rules.map(rule => rule.backends[0].ref.name), ['blue', 'green', 'red']);
  });

  it('reads every route kind, match, retry policy and timeout, one model route per protocol', () => {
    const [, r] = read('virtualrouter.yaml', inputResources('app-mesh', `
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: {name: payments, namespace: shop}
spec: {provider: {virtualRouter: {virtualRouterRef: {name: payments-router}}}}
`));
    assert.deepStrictEqual(r.unused, []);
    assert.deepStrictEqual(r.dropped, [
      { field: 'spec.awsName', reason: 'The App Mesh name of a resource has no equivalent; the Kubernetes name is kept.' },
      { field: 'spec.meshRef', reason: 'The target mesh has no named meshes to reference.' },
      { field: 'spec.routes[1].http2Route.match.headers[0].invert',
        reason: 'An inverted header match has no equivalent; this route is left out so it never takes requests it did not take before.' },
      { field: 'spec.routes[3].tcpRoute.action.weightedTargets[0]',
        reason: 'A target given by its AWS ARN cannot be resolved to a Kubernetes Service; reference the VirtualNode by name.' },
    ]);
    const [http, grpc, tcp] = r.fragment!.routes;
    assert.strictEqual(tcp, undefined, 'the TCP route, whose only target was left out, is left out');
    assert.deepStrictEqual([http.name, grpc.name], ['payments-router-1', 'payments-router-2']);
    assert.deepStrictEqual([http.protocol, grpc.protocol], ['http', 'grpc']);
    assert.deepStrictEqual(bare(http.parents), [{ kind: 'Service', name: 'payments', port: 9000 }]);
    assert.deepStrictEqual(bare(http.rules), [{
      name: 'api', mirrors: [],
      matches: [{
        path: { type: 'RegularExpression', value: '/api/v[0-9]+/.*' },
        method: { value: 'POST' },
        headers: [
          { name: 'x-client', type: 'RegularExpression', value: '.*\\.internal' },
          { name: 'x-region', type: 'Prefix', value: 'eu-' },
          { name: 'x-trace', type: 'Present', value: '' },
        ],
        queryParams: [{ name: 'debug', type: 'Exact', value: '1' }],
      }],
      backends: [{ ref: { name: 'payments-v1', port: 9000 }, weight: 80 }, { ref: { name: 'payments-v2' }, weight: 20 }],
      retry: { attempts: 3, perTryTimeout: 250, conditions: ['5xx', 'gateway-error', 'retriable-4xx', 'refused-stream', 'connect-failure'], codes: [] },
      timeouts: { request: 5000, idle: 60000 },
    }], 'the route with an inverted header match is left out');
    assert.deepStrictEqual(bare(grpc.rules[0].matches), [{
      grpc: { type: 'Exact', service: 'payments.Ledger', method: 'Post' },
      headers: [{ name: 'x-tenant', type: 'Exact', value: 'acme' }], queryParams: [],
    }]);
    assert.deepStrictEqual(bare(grpc.rules[0].retry), { attempts: 2, conditions: ['unavailable', 'deadline-exceeded'], codes: [] });
  });

  it('reads a TCP route with its port match, weighted targets and idle timeout', () => {
    const [, , r] = read('virtualrouter.yaml', inputResources('app-mesh', `
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: redis-replica, namespace: cache-replicas}
spec: {serviceDiscovery: {dns: {hostname: redis-replica.cache-replicas.svc.cluster.local}}}
`));
    assert.deepStrictEqual([r.unused, r.dropped], [[], []]);
    assert.deepStrictEqual(r.needs.map(n => n.what), [
      'the Service clients call through VirtualRouter redis-router (the VirtualService that names it; the router\'s name is used until then)',
      'the Service of VirtualNode redis-primary (its serviceDiscovery hostname; the node\'s name is used until then)',
    ]);
    const [route] = r.fragment!.routes;
    assert.deepStrictEqual([route.protocol, route.name], ['tcp', 'redis-router']);
    assert.deepStrictEqual(bare(route.rules), [{
      name: 'redis', mirrors: [],
      matches: [{ port: { value: 6379 }, headers: [], queryParams: [] }],
      backends: [{ ref: { name: 'redis-primary' }, weight: 9 }, { ref: { name: 'redis-replica', namespace: 'cache-replicas' }, weight: 1 }],
      timeouts: { idle: 600000 },
    }]);
  });

  it('reads VirtualNode listener timeouts as policies of its Service and drops the rest with plain reasons', () => {
    const [colorapp, front] = read('virtualnode.yaml');
    assert.deepStrictEqual(colorapp.unused, []);
    assert.deepStrictEqual(bare(colorapp.fragment!.servicePolicies), [{
      service: { name: 'colorapp', namespace: 'shop', port: 8080 }, protocol: 'http', timeouts: { request: 1500, idle: 30000 },
    }]);
    assert.deepStrictEqual(colorapp.dropped.map(d => d.field), [
      'spec.listeners[0].outlierDetection', 'spec.listeners[0].healthCheck', 'spec.backends', 'spec.podSelector',
    ]);
    assert.strictEqual(colorapp.dropped[0].reason, 'Mesh Lens does not convert circuit breaking and outlier detection yet.');

    assert.deepStrictEqual(front.unused, []);
    assert.deepStrictEqual(front.dropped.map(d => d.field), ['spec.serviceDiscovery.awsCloudMap', 'spec.listeners[0].timeout.grpc', 'spec.podSelector']);
    assert.strictEqual(front.dropped[1].reason, 'The node has no DNS hostname, so the Service these timeouts apply to is unknown.');
    assert.deepStrictEqual(front.fragment!.servicePolicies, []);
  });

  it('reads a VirtualGateway as a Gateway and its GatewayRoutes as routes to the target VirtualService, with App Mesh\'s default rewrites', () => {
    const text = inputFixture('app-mesh', 'gateway.yaml');
    const [gw, paths, exact, service] = read('gateway.yaml', inputResources('app-mesh', text));
    assert.deepStrictEqual(gw.unused, []);
    assert.deepStrictEqual(gw.dropped.map(d => d.field), ['spec.listeners[1].tls.certificate', 'spec.gatewayRouteSelector', 'spec.logging']);
    assert.deepStrictEqual(gw.needs, []);
    assert.deepStrictEqual(bare(gw.fragment!.gateways), [{
      name: 'ingress-gw', namespace: 'shop', selector: { app: 'ingress-gw' },
      listeners: [
        { name: 'http-8088', port: 8088, protocol: 'HTTP', allowedRoutes: { from: 'Selector', namespace: 'shop' } },
        { name: 'http-8443', port: 8443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [] }, allowedRoutes: { from: 'Selector', namespace: 'shop' } },
      ],
    }]);

    assert.deepStrictEqual([paths.unused, paths.dropped, paths.needs], [[], [], []]);
    assert.deepStrictEqual(bare(paths.fragment!.routes), [{
      protocol: 'http', name: 'color-paths', namespace: 'shop', parents: [{ kind: 'Gateway', name: 'ingress-gw' }],
      hostnames: ['*.example.com'], ordered: false,
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/color' }, headers: [], queryParams: [] }],
        backends: [{ ref: { name: 'color', namespace: 'shop' }, weight: 1 }], mirrors: [],
        rewrite: { path: { type: 'ReplacePrefixMatch', value: '/' }, hostname: 'color.shop.svc.cluster.local' },
      }],
    }], 'the parent is the only VirtualGateway whose route selector takes this route');

    assert.deepStrictEqual(exact.unused, []);
    assert.deepStrictEqual(exact.dropped, [{ field: 'spec.priority',
      reason: 'Priorities between gateway routes have no equivalent; the target orders routes by how specific their matches are.' }]);
    const [route] = exact.fragment!.routes;
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Gateway', name: 'ingress-gw' }]);
    assert.deepStrictEqual(route.hostnames, ['shop.example.com']);
    assert.deepStrictEqual(bare(route.rules[0].backends), [{ ref: { name: 'color', namespace: 'shop', port: 8080 }, weight: 1 }]);
    assert.deepStrictEqual(bare(route.rules[0].rewrite), { path: { type: 'ReplaceFullPath', value: '/color/paint' } });

    assert.deepStrictEqual([service.unused, service.dropped, service.fragment], [[], [], { routes: [], gateways: [], subsets: [], servicePolicies: [] }]);
  });

  it('asks for the VirtualGateway of a GatewayRoute that names none when the input does not say', () => {
    const [, paths] = read('gateway.yaml');
    assert.deepStrictEqual(paths.needs.map(n => n.what), [
      'the VirtualGateway of GatewayRoute color-paths (set spec.virtualGatewayRef or convert it with its gateway)',
      'the Service of VirtualService color (its awsName; the VirtualService\'s name is used until then)',
    ]);
    assert.deepStrictEqual(paths.fragment!.routes[0].parents, []);
  });
});
