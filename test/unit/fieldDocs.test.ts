import * as assert from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FieldDocIndex, concretePath } from '../../src/core/hover/fieldDocs';

/** data/field-docs.json, found from the working directory or from wherever this bundle lives. */
function loadRaw(): unknown {
  const starts = [process.cwd(), __dirname];
  for (const start of starts) {
    let dir = resolve(start);
    for (let i = 0; i < 5; i++) {
      const p = join(dir, 'data', 'field-docs.json');
      if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8'));
      dir = dirname(dir);
    }
  }
  throw new Error('data/field-docs.json not found (run npm run data:field-docs)');
}

describe('field docs (data/field-docs.json)', () => {
  let idx: FieldDocIndex;
  before(() => {
    idx = new FieldDocIndex(loadRaw());
  });

  it('loads without error and has the meshes\' kinds', () => {
    assert.strictEqual(idx.error, undefined);
    const kinds = idx.kinds();
    assert.ok(kinds.length >= 130, `only ${kinds.length} kinds`);
    for (const k of [
      'networking.istio.io/VirtualService', 'policy.linkerd.io/Server', 'kuma.io/MeshRetry',
      'consul.hashicorp.com/ServiceRouter', 'gateway.networking.k8s.io/HTTPRoute', 'split.smi-spec.io/TrafficSplit',
      'appmesh.k8s.aws/VirtualRouter', 'policy.openservicemesh.io/UpstreamTrafficSetting', 'specs.smi.nginx.com/RateLimit',
    ]) assert.ok(kinds.includes(k), k);
    assert.deepStrictEqual(kinds, [...kinds].sort());
    assert.ok(idx.fieldCount() > 5000);
  });

  describe('Istio', () => {
    it('VirtualService spec.http[0].mirror is about mirroring', () => {
      const d = idx.describe('networking.istio.io', 'VirtualService', ['spec', 'http', 0, 'mirror']);
      assert.ok(d);
      assert.strictEqual(d.path, 'spec.http[].mirror');
      assert.strictEqual(d.type, 'object');
      assert.match(d.description ?? '', /[Mm]irror/);
      assert.strictEqual(d.versions, undefined, 'in all served versions');
    });

    it('VirtualService spec.http[2].retries.perTryTimeout', () => {
      const d = idx.describe('networking.istio.io', 'VirtualService', ['spec', 'http', 2, 'retries', 'perTryTimeout']);
      assert.ok(d);
      assert.strictEqual(d.type, 'string');
      assert.match(d.description ?? '', /per attempt/i);
    });

    it('DestinationRule spec.trafficPolicy.outlierDetection and its fields', () => {
      const d = idx.describe('networking.istio.io', 'DestinationRule', ['spec', 'trafficPolicy', 'outlierDetection']);
      assert.ok(d);
      assert.strictEqual(d.type, 'object');
      // Istio's generated CRD describes outlierDetection's fields, not the object itself
      assert.strictEqual(d.description, undefined);
      const c = idx.describe('networking.istio.io', 'DestinationRule', ['spec', 'trafficPolicy', 'outlierDetection', 'consecutive5xxErrors']);
      assert.match(c?.description ?? '', /5xx/);
      assert.match(idx.describe('networking.istio.io', 'DestinationRule', ['spec', 'trafficPolicy', 'outlierDetection', 'baseEjectionTime'])?.description ?? '', /ejection/);
      const tls = idx.describe('networking.istio.io', 'DestinationRule', ['spec', 'trafficPolicy', 'tls', 'mode']);
      assert.ok(tls?.enum?.includes('ISTIO_MUTUAL'), JSON.stringify(tls));
    });

    it('kind facts: served versions, storage version, description, source', () => {
      const k = idx.kind('networking.istio.io', 'VirtualService');
      assert.ok(k);
      assert.deepStrictEqual([...k.versions].sort(), ['v1', 'v1alpha3', 'v1beta1']);
      assert.strictEqual(k.storageVersion, 'v1');
      assert.match(k.description ?? '', /routing/i);
      assert.deepStrictEqual(k.files, ['istio/customresourcedefinitions.gen.yaml']);
      assert.strictEqual(k.fieldCount, idx.fieldCount('networking.istio.io', 'VirtualService'));
      const src = idx.sources('networking.istio.io');
      assert.strictEqual(src[0]?.repo, 'istio/api');
      assert.strictEqual(src[0]?.license, 'Apache-2.0');
      assert.match(src[0]?.commit ?? '', /^[0-9a-f]{40}$/);
      // Telemetry: v1 is served but v1alpha1 is the storage version
      assert.strictEqual(idx.kind('telemetry.istio.io', 'Telemetry')?.storageVersion, 'v1alpha1');
    });

    it('a key under a map-typed field maps to {}', () => {
      const d = idx.describe('networking.istio.io', 'VirtualService', ['spec', 'http', 0, 'match', 0, 'headers', 'x-user', 'exact']);
      assert.ok(d);
      assert.strictEqual(d.path, 'spec.http[].match[].headers{}.exact');
      assert.strictEqual(idx.schemaPath('networking.istio.io', 'Sidecar', ['spec', 'workloadSelector', 'labels', 'app']), 'spec.workloadSelector.labels{}');
    });
  });

  describe('Linkerd', () => {
    it('policy.linkerd.io Server spec.proxyProtocol: documented, string, default unknown (the CRD has no enum)', () => {
      const d = idx.describe('policy.linkerd.io', 'Server', ['spec', 'proxyProtocol']);
      assert.ok(d);
      assert.strictEqual(d.type, 'string');
      assert.match(d.description ?? '', /protocol discovery/i);
      assert.strictEqual(d.default, 'unknown');
      // Linkerd validates the value in its admission webhook, not in the CRD schema
      assert.strictEqual(d.enum, undefined);
    });

    it('Server fields added in later versions carry their versions; enums come from the CRD', () => {
      const k = idx.kind('policy.linkerd.io', 'Server');
      assert.strictEqual(k?.storageVersion, 'v1beta3');
      assert.ok(k?.deprecatedVersions?.includes('v1alpha1'));
      const sel = idx.describe('policy.linkerd.io', 'Server', ['spec', 'externalWorkloadSelector']);
      assert.deepStrictEqual(sel?.versions, ['v1beta3', 'v1beta2']);
      // inherited by the fields below it
      assert.deepStrictEqual(idx.describe('policy.linkerd.io', 'Server', ['spec', 'externalWorkloadSelector', 'matchExpressions', 0, 'key'])?.versions, ['v1beta3', 'v1beta2']);
      assert.deepStrictEqual(
        idx.describe('policy.linkerd.io', 'Server', ['spec', 'podSelector', 'matchExpressions', 0, 'operator'])?.enum,
        ['In', 'NotIn', 'Exists', 'DoesNotExist'],
      );
    });

    it('multicluster Link and the chart templates (Helm lines stripped) are read', () => {
      assert.ok(idx.kind('multicluster.linkerd.io', 'Link'));
      assert.deepStrictEqual(idx.kind('policy.linkerd.io', 'HTTPRoute')?.files, ['linkerd/policy/httproute.yaml']);
    });
  });

  describe('Gateway API', () => {
    it('HTTPRoute spec.rules[0].filters[0].type enum contains RequestMirror', () => {
      const d = idx.describe('gateway.networking.k8s.io', 'HTTPRoute', ['spec', 'rules', 0, 'filters', 0, 'type']);
      assert.ok(d);
      assert.ok(d.enum?.includes('RequestMirror'), JSON.stringify(d.enum));
      assert.ok(d.enum?.includes('URLRewrite'));
      // ExternalAuth is an experimental-channel value
      assert.deepStrictEqual(d.experimentalEnum, ['ExternalAuth']);
      assert.notStrictEqual(d.experimental, true);
    });

    it('RequestMirror filter fields are documented', () => {
      const d = idx.describe('gateway.networking.k8s.io', 'HTTPRoute', ['spec', 'rules', 0, 'filters', 1, 'requestMirror', 'backendRef']);
      assert.ok(d?.description);
      assert.ok(idx.has('gateway.networking.k8s.io', 'HTTPRoute', ['spec', 'rules', 0, 'filters', 1, 'requestMirror', 'percent']));
    });

    it('experimental-channel fields and kinds are flagged', () => {
      const retry = idx.describe('gateway.networking.k8s.io', 'HTTPRoute', ['spec', 'rules', 0, 'retry', 'attempts']);
      assert.strictEqual(retry?.experimental, true);
      assert.strictEqual(idx.describe('gateway.networking.k8s.io', 'HTTPRoute', ['spec', 'rules', 0, 'timeouts'])?.experimental, undefined);
      assert.strictEqual(idx.kind('gateway.networking.x-k8s.io', 'XMesh')?.experimental, true);
      assert.deepStrictEqual(idx.kind('gateway.networking.k8s.io', 'TCPRoute')?.experimentalVersions, ['v1alpha2']);
    });
  });

  describe('Kuma, Consul, SMI', () => {
    it('kuma.io MeshRetry', () => {
      const k = idx.kind('kuma.io', 'MeshRetry');
      assert.ok(k);
      assert.deepStrictEqual(k.versions, ['v1alpha1']);
      const d = idx.describe('kuma.io', 'MeshRetry', ['spec', 'to', 0, 'default', 'http', 'numRetries']);
      assert.ok(d?.description, JSON.stringify(d));
      assert.strictEqual(d.type, 'integer');
      assert.ok(idx.describe('kuma.io', 'MeshRetry', ['spec', 'targetRef', 'kind'])?.enum?.includes('MeshService'));
    });

    it('Kuma legacy kinds: top-level mesh is known, spec is free-form', () => {
      assert.ok(idx.has('kuma.io', 'TrafficRoute', ['mesh']));
      const spec = idx.describe('kuma.io', 'TrafficRoute', ['spec']);
      assert.strictEqual(spec?.freeForm, true);
      assert.strictEqual(idx.describe('kuma.io', 'TrafficRoute', ['spec', 'conf']), undefined);
      assert.strictEqual(idx.nearest('kuma.io', 'TrafficRoute', ['spec', 'conf', 'loadBalancer'])?.path, 'spec');
    });

    it('consul.hashicorp.com ServiceRouter', () => {
      const d = idx.describe('consul.hashicorp.com', 'ServiceRouter', ['spec', 'routes', 0, 'destination', 'numRetries']);
      assert.ok(d?.description, JSON.stringify(d));
      assert.ok(idx.has('consul.hashicorp.com', 'ServiceRouter', ['spec', 'routes', 0, 'match', 'http', 'pathPrefix']));
      assert.strictEqual(idx.sources('consul.hashicorp.com')[0]?.license, 'MPL-2.0');
    });

    it('SMI: one kind from several copies, upstream preferred, mesh-only fields marked', () => {
      const k = idx.kind('split.smi-spec.io', 'TrafficSplit');
      assert.ok(k);
      assert.deepStrictEqual(k.versions, ['v1alpha4', 'v1alpha3', 'v1alpha2']);
      assert.deepStrictEqual(k.files, ['smi/split.yaml']);
      assert.strictEqual(idx.sources('split.smi-spec.io')[0]?.repo, 'servicemeshinterface/smi-sdk-go');
      const w = idx.describe('split.smi-spec.io', 'TrafficSplit', ['spec', 'backends', 0, 'weight']);
      assert.ok(w?.description);
      const port = idx.describe('access.smi-spec.io', 'TrafficTarget', ['spec', 'sources', 0, 'port']);
      assert.deepStrictEqual(port?.onlyIn, ['nginx-service-mesh']);
      assert.deepStrictEqual(port?.versions, ['v1alpha2']);
    });
  });

  describe('lookups that miss', () => {
    it('unknown kinds and paths give undefined / false', () => {
      assert.strictEqual(idx.describe('networking.istio.io', 'NoSuchKind', ['spec']), undefined);
      assert.strictEqual(idx.describe('example.com', 'VirtualService', ['spec']), undefined);
      assert.strictEqual(idx.describe('networking.istio.io', 'VirtualService', ['spec', 'http', 0, 'mirorr']), undefined);
      assert.strictEqual(idx.describe('networking.istio.io', 'VirtualService', ['spec', 'http', 'mirror']), undefined, 'a key where a list is');
      assert.strictEqual(idx.describe('networking.istio.io', 'VirtualService', ['spec', 'hosts', 0, 'x']), undefined);
      assert.strictEqual(idx.describe('networking.istio.io', 'VirtualService', []), undefined);
      assert.strictEqual(idx.describe('networking.istio.io', 'VirtualService', ['metadata', 'name']), undefined);
      assert.strictEqual(idx.has('networking.istio.io', 'VirtualService', ['spec', 'constructor']), false);
      assert.strictEqual(idx.has('networking.istio.io', 'VirtualService', ['__proto__']), false);
      assert.strictEqual(idx.kind('networking.istio.io', 'toString'), undefined);
      assert.strictEqual(idx.fieldCount('x', 'y'), 0);
    });

    it('coverage splits known, free-form and unknown paths', () => {
      const c = idx.coverage('kuma.io', 'TrafficRoute', [['mesh'], ['spec'], ['spec', 'conf', 'split', 0], ['nope']]);
      assert.deepStrictEqual(c, { total: 4, known: 2, freeForm: 1, unknown: ['nope'], kindKnown: true });
      const v = idx.coverage('networking.istio.io', 'VirtualService', [['spec', 'http', 0, 'mirror'], ['spec', 'http', 0, 'mirorr']]);
      assert.deepStrictEqual(v.unknown, ['spec.http[0].mirorr']);
      assert.strictEqual(idx.coverage('a', 'B', [['spec']]).kindKnown, false);
      assert.strictEqual(concretePath(['metadata', 'annotations', 'retry.linkerd.io/http']), 'metadata.annotations["retry.linkerd.io/http"]');
    });
  });

  describe('descriptions: the CRD text whole, each ending as a sentence', () => {
    it('no description ends mid-sentence ("e.g.", "i.e.", a colon or comma, or an ellipsis)', () => {
      const strings = (loadRaw() as { s: string[] }).s.slice(1);
      const cut = strings.filter(s => /(?:\b(?:e\.g|i\.e|cf)\.|[:;,…])$/i.test(s) || !(/[.!?)"'`\]]$/.test(s) || /https?:\/\/\S+$/.test(s)));
      assert.deepStrictEqual(cut.map(s => s.slice(-80)), []);
    });

    it('upstream descriptions that stop mid-sentence end at their last whole words', () => {
      assert.strictEqual(idx.describe('networking.istio.io', 'DestinationRule', ['spec', 'trafficPolicy', 'loadBalancer', 'localityLbSetting', 'distribute', 0, 'from'])?.description, 'Originating locality, \'/\' separated.');
      assert.strictEqual(idx.describe('kuma.io', 'MeshTrafficPermission', ['spec', 'from', 0, 'default', 'action'])?.description, 'Action defines a behavior for the specified group of clients.');
    });

    it('long descriptions are whole, with their paragraphs', () => {
      const listeners = idx.describe('gateway.networking.k8s.io', 'Gateway', ['spec', 'listeners'])?.description ?? '';
      assert.ok(listeners.length > 2000, `${listeners.length} characters`);
      assert.ok(listeners.includes('\n\n'), 'paragraphs kept');
      assert.ok(!listeners.includes('…'));
    });

    it('a kind\'s description says what it is for, not the generator\'s boilerplate', () => {
      assert.match(idx.kind('kuma.io', 'MeshLoadBalancingStrategy')?.description ?? '', /^MeshLoadBalancingStrategy configures how traffic is distributed/);
      assert.match(idx.kind('gateway.networking.k8s.io', 'HTTPRoute')?.description ?? '', /^HTTPRoute provides a way to route HTTP requests/);
      const boilerplate = idx.kinds().map(k => idx.kind(k.slice(0, k.lastIndexOf('/')), k.slice(k.lastIndexOf('/') + 1))!)
        .filter(k => /is the Schema for the|^Spec is the specification|defines the desired state of|^NOTICE/.test(k.description ?? ''))
        .map(k => `${k.group}/${k.kind}: ${k.description}`);
      assert.deepStrictEqual(boilerplate, []);
    });
  });

  describe('bad data', () => {
    for (const [label, raw] of [
      ['undefined', undefined], ['null', null], ['a string', 'field-docs'], ['an array', []], ['a number', 42],
      ['wrong format', { format: 2, s: [], t: [], e: [], k: {} }],
      ['missing tables', { format: 1, k: {} }],
      ['kinds not an object', { format: 1, s: [''], t: [''], e: [], k: [] }],
    ] as [string, unknown][]) {
      it(`${label} → empty index with an error, no throw`, () => {
        const bad = new FieldDocIndex(raw);
        assert.ok(bad.error);
        assert.deepStrictEqual(bad.kinds(), []);
        assert.strictEqual(bad.fieldCount(), 0);
        assert.strictEqual(bad.describe('networking.istio.io', 'VirtualService', ['spec']), undefined);
        assert.strictEqual(bad.has('networking.istio.io', 'VirtualService', ['spec']), false);
        assert.deepStrictEqual(bad.sources('networking.istio.io'), []);
      });
    }

    it('malformed kinds and nodes are skipped, the rest still works', () => {
      const raw = {
        format: 1, s: ['', 'Spec doc.', 'Name doc.'], t: ['', 'object', 'string'], e: [5],
        k: {
          'a.example/Good': { v: ['v1'], n: { spec: [1, 1, { name: [2, 2, 0, { e: 0 }], broken: 'x', deep: [99, 77, 'nope', null] }] } },
          'a.example/Bad': { v: 'v1', n: {} },
          'noslash': { v: ['v1'], n: {} },
        },
      };
      const i = new FieldDocIndex(raw);
      assert.match(i.error ?? '', /2 malformed/);
      assert.deepStrictEqual(i.kinds(), ['a.example/Good']);
      assert.deepStrictEqual(i.describe('a.example', 'Good', ['spec', 'name']), { group: 'a.example', kind: 'Good', path: 'spec.name', description: 'Name doc.', type: 'string' });
      assert.strictEqual(i.describe('a.example', 'Good', ['spec', 'broken']), undefined);
      assert.deepStrictEqual(i.describe('a.example', 'Good', ['spec', 'deep']), { group: 'a.example', kind: 'Good', path: 'spec.deep' });
      assert.strictEqual(i.describe('a.example', 'Good', ['spec', 'deep', 'x']), undefined);
      assert.strictEqual(i.fieldCount(), 3);
    });
  });
});
