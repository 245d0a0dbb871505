import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogView, describeAt, escapeMarkdown, hoverMarkdown, FieldDocIndex } from '../../src/core/index';
import { markdownSources } from '../../src/core/sources';
import type { Target } from '../../src/core/index';
import { REPO } from './fixtures';

const docs = new FieldDocIndex(JSON.parse(readFileSync(join(REPO, 'data/field-docs.json'), 'utf8')));
const view = catalogView();

/** Hover at the `|` in the text (the bar is removed first), like yaml-language-server's tests. */
function hover(textWithCursor: string, target: Target | null = { mesh: 'linkerd' }) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const d = describeAt(text, offset, view, docs, target);
  return { d, md: d ? hoverMarkdown(d, view, f => `command:meshLens.compareMeshes?${encodeURIComponent(JSON.stringify([f]))}`) : '' };
}

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - mirror:
      host: reviews-v2
    retries:
      attempts: 3
      perTryTimeout: 2s
`;

/** The hover's paragraphs: the first is the verdict line. */
const paragraphs = (md: string) => md.split('\n\n');

describe('hover: what a field is, its feature and who supports it', () => {
  it('on `mirror`: the verdict for the target first, then the schema description, the feature, the row with the target first, the evidence', () => {
    const { d, md } = hover(VS.replace('  - mirror:', '  - mir|ror:'));
    assert.ok(d);
    assert.strictEqual(d!.field, 'spec.http[0].mirror');
    assert.strictEqual(d!.feature?.id, 'traffic_mirroring');
    const cell = view.cell('linkerd', 'traffic_mirroring')!;
    assert.strictEqual(paragraphs(md)[0], `**Linkerd: ✖ not supported** — ${escapeMarkdown(cell.summary!)}`);
    assert.match(paragraphs(md)[1], /^\*\*Istio\*\* · VirtualService `spec\.http\[0\]\.mirror`$/);
    assert.match(paragraphs(md)[2], /[Mm]irror/, 'the CRD description');
    assert.match(md, /\*\*Feature:\*\* Traffic mirroring/);
    const row = paragraphs(md).find(l => l.includes('✔') || l.includes('✖ ('))!;
    assert.ok(row.startsWith('**[Linkerd ✖](command:meshLens.compareMeshes?'), row.slice(0, 80));
    assert.match(row, /\[Istio ✔\]\(command:[^ ]+ "supported — [^"]*istio\/api[^"]*\(certain\)[^"]*"\)/);
    assert.match(row, /\[Kuma [✔◐]\]\([^ ]+ "(supported|partial) — [^"]*; 2022 sheet: ✖︎"\)/, 'a changed cell shows its 2022 value');
    // The target's evidence: every source, as a link where it has one; the date its facts were checked.
    assert.ok(md.includes(`_Evidence (${cell.confidence}):_ ${markdownSources(cell.sources)}`), md);
    for (const s of cell.sources.filter(x => x.url)) assert.ok(md.includes(`](${s.url!.replace(/[()]/g, c => (c === '(' ? '%28' : '%29'))})`), s.url);
    const checked = view.meshes.get('linkerd')!.checked;
    assert.ok(md.includes(`**In Linkerd** (not supported${checked ? `, facts checked ${checked}` : ''})`), md);
    assert.strictEqual(md.split(escapeMarkdown(cell.summary!)).length, 2, 'the summary is said once');
    assert.match(md, /\[Compare meshes…\]\(command:meshLens\.compareMeshes\?/);
  });

  it('a partly supported feature: the verdict line names the target\'s equivalent', () => {
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: reviews\n  trafficPolicy:\n    loadBalancer:\n      locality|LbSetting: {enabled: true}\n';
    const { d, md } = hover(dr);
    assert.strictEqual(d!.feature?.id, 'locality_load_balancing');
    const cell = view.cell('linkerd', 'locality_load_balancing')!;
    assert.strictEqual(cell.level, 'partial');
    assert.ok(cell.construct, 'Linkerd has a construct for it');
    assert.strictEqual(paragraphs(md)[0], `**Linkerd: ◐ partly supported** — ${escapeMarkdown(cell.summary!)} Equivalent: ${escapeMarkdown(cell.construct!.replace(/\.$/, ''))}.`);
  });

  it('a target version: the verdict says what that version lacks, as the diagnostic does', () => {
    const rl = 'apiVersion: policy.linkerd.io/v1alpha1\nkind: HTTPLocalRateLimitPolicy\nmetadata: {name: web}\nspec:\n  targetRef: {group: policy.linkerd.io, kind: Server, name: web}\n  to|tal:\n    requestsPerSecond: 100\n';
    assert.match(paragraphs(hover(rl, { mesh: 'linkerd', version: '2.14' }).md)[0], /^\*\*Linkerd 2\.14: ✖ not supported\*\* — Added in .*2\.17\.$/);
    assert.match(paragraphs(hover(rl, { mesh: 'linkerd' }).md)[0], /^\*\*Linkerd: ✔ supported\*\*/);
  });

  it('with no target: one line saying so and how to set one, then the documentation', () => {
    const { md } = hover(VS.replace('  - mirror:', '  - mir|ror:'), null);
    assert.strictEqual(paragraphs(md)[0], '_No target mesh: set one with the meshLens.targetMesh setting or the Mesh status bar item to see how it supports this._');
    assert.match(paragraphs(md)[1], /^\*\*Istio\*\* · VirtualService/);
    const d = describeAt(VS.replace('  - mirror:', '  - mirror:'), VS.indexOf('mirror') + 2, view, docs, null)!;
    assert.match(paragraphs(hoverMarkdown(d, view, { selectTarget: 'command:meshLens.selectTargetMesh' }))[0], /^_No target mesh: \[choose one\]\(command:meshLens\.selectTargetMesh "Select target mesh"\) to see how it supports this\._$/);
    assert.ok(!md.includes('**In '), 'no target paragraph');
  });

  it('a field that expresses no feature: the verdict line says there is nothing to judge, or that the target does not read the resource', () => {
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  host|names: [a.example]\n';
    assert.strictEqual(paragraphs(hover(route).md)[0], '**Linkerd:** nothing to judge here — this field expresses no feature of the comparison.');
    assert.strictEqual(paragraphs(hover(VS.replace('  hosts:', '  ho|sts:')).md)[0], '**Linkerd: ✖ does not read VirtualService** — it is an Istio resource.');
  });

  it('on a value inside the feature (mirror.host) still names the feature', () => {
    const { d } = hover(VS.replace('host: reviews-v2', 'host: revi|ews-v2'));
    assert.strictEqual(d!.field, 'spec.http[0].mirror.host');
    assert.strictEqual(d!.feature?.id, 'traffic_mirroring');
  });

  it('on perTryTimeout: timeout per retry, and the schema type', () => {
    const { d, md } = hover(VS.replace('perTryTimeout', 'perTry|Timeout'));
    assert.strictEqual(d!.feature?.id, 'timeout_per_retry');
    assert.ok(d!.fieldDoc, 'schema doc found');
    assert.match(md, /Timeout per retry/);
  });

  it('a parent field (`fault`) shows the verdict and the row of each feature under it', () => {
    const withFault = VS.replace('    retries:', '    fault:\n      delay: {percentage: {value: 10}, fixedDelay: 5s}\n      abort: {percentage: {value: 1}, httpStatus: 503}\n    retries:');
    const { d, md } = hover(withFault.replace('    fault:', '    fa|ult:'));
    assert.strictEqual(d!.feature, undefined);
    assert.deepStrictEqual(d!.under?.map(f => f.id), ['delay_injection', 'abort_injection']);
    const [delay, abort] = ['delay_injection', 'abort_injection'].map(id => view.cell('linkerd', id)!.level);
    const word = (l: string) => ({ supported: '✔ supported', partial: '◐ partly supported', unsupported: '✖ not supported' } as Record<string, string>)[l];
    assert.strictEqual(paragraphs(md)[0], `**Linkerd:** Fault injection: delay ${word(delay)} · Fault injection: abort ${word(abort)}`);
    assert.match(md, /\*\*Feature:\*\* Fault injection: delay/);
    assert.match(md, /\*\*Feature:\*\* Fault injection: abort/);
    assert.strictEqual(paragraphs(md).filter(p => p.startsWith('**[Linkerd ')).length, 2, 'one row per feature, the target first');
    // A parent of many features (`http`): every verdict on the first line, then each feature's row only.
    const http = hover(withFault.replace('  http:', '  ht|tp:'));
    assert.ok(http.d!.under!.length > 3, JSON.stringify(http.d!.under!.map(f => f.id)));
    assert.ok(paragraphs(http.md)[0].startsWith('**Linkerd:** Traffic mirroring ✖ not supported · Fault injection: delay ✖ not supported · '), paragraphs(http.md)[0]);
    assert.strictEqual(paragraphs(http.md).filter(p => p.startsWith('**Feature:** ')).length, http.d!.under!.length);
    assert.ok(!http.md.includes('_Evidence'), 'no evidence paragraphs in the compact form');
    // Under a parent without the children yet, its detectors still name them.
    const bare = hover(VS.replace('    retries:', '    fa|ult: {}\n    retries:'));
    assert.deepStrictEqual(bare.d!.under?.map(f => f.id), ['delay_injection', 'abort_injection']);
  });

  const MLBS = 'apiVersion: kuma.io/v1alpha1\nkind: MeshLoadBalancingStrategy\nmetadata: {name: lb, namespace: kuma-system}\nspec:\n  targetRef: {kind: Mesh}\n  to:\n  - targetRef: {kind: Mesh}\n    default:\n      localityAwareness: {disabled: false}\n';

  it('on `kind`: what the resource is for, its mesh, and whether the target reads it', () => {
    const { d, md } = hover(MLBS.replace('kind: MeshLoad', 'kind: Mesh|Load'), { mesh: 'istio' });
    assert.strictEqual(d!.on, 'kind');
    assert.match(paragraphs(md)[0], /^\*\*Istio: ✖ does not read MeshLoadBalancingStrategy\*\* — it is a Kuma resource(; its equivalent is .+)?\.$/);
    assert.strictEqual(paragraphs(md)[1], '**Kuma** · MeshLoadBalancingStrategy (kuma.io/v1alpha1)');
    assert.match(paragraphs(md)[2], /^MeshLoadBalancingStrategy configures how traffic is distributed/);
    assert.ok(!md.includes('Spec is the specification'), md);
    assert.match(md, /\*\*Its fields can express:\*\* .*Locality load balancing/);
    assert.match(paragraphs(hover(MLBS.replace('kind: MeshLoad', 'kind: Mesh|Load'), { mesh: 'kuma' }).md)[0], /^\*\*Kuma: ✔ reads MeshLoadBalancingStrategy\*\* — it is a Kuma resource\.$/);
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTP|Route\nmetadata: {name: r}\nspec: {}\n';
    assert.strictEqual(paragraphs(hover(route).md)[0], '**Linkerd: ✔ reads HTTPRoute** — Linkerd reads Gateway API resources.');
  });

  it('on `apiVersion`: which versions are served, deprecated or removed — not the kind\'s hover', () => {
    const kindMd = hover(VS.replace('kind: VirtualService', 'kind: Virtual|Service')).md;
    const { d, md } = hover(VS.replace('apiVersion: networking', 'apiVersion: netw|orking'));
    assert.strictEqual(d!.on, 'apiVersion');
    assert.notStrictEqual(md, kindMd);
    assert.notStrictEqual(paragraphs(md)[0], paragraphs(kindMd)[0]);
    assert.match(paragraphs(md)[0], /^\*\*networking\.istio\.io\/v1: served\*\* by Istio since \d+\.\d+\.$/);
    assert.match(md, /\*\*Versions of VirtualService:\*\* `v1` since \d+\.\d+ · `v1beta1`.* · `v1alpha3`/);
    assert.match(md, /The CRD serves `v1`, /);
    assert.match(md, /_Evidence:_ \[istio\/api /);
    assert.ok(!/Versions of/.test(kindMd) && !/served versions/.test(kindMd), 'the kind hover does not list versions');
  });

  it('on `apiVersion`: deprecated, not served by the target version, and never served', () => {
    const server = (v: string) => `apiVersion: policy.linkerd.io/${v}\nkind: Server\nmetadata: {name: s}\nspec:\n  podSelector: {}\n  port: 80\n`;
    assert.match(paragraphs(hover(server('v1|beta1')).md)[0], /^\*\*policy\.linkerd\.io\/v1beta1: deprecated\*\* in Linkerd.* — use policy\.linkerd\.io\/v\w+\.$/);
    const rl = 'apiVersion: policy.linkerd.io/v1al|pha1\nkind: HTTPLocalRateLimitPolicy\nmetadata: {name: web}\nspec:\n  total: {requestsPerSecond: 100}\n';
    assert.strictEqual(paragraphs(hover(rl, { mesh: 'linkerd', version: '2.14' }).md)[0], '**policy.linkerd.io/v1alpha1: not served** by Linkerd 2.14 — served since 2.17.');
    assert.strictEqual(paragraphs(hover(rl, { mesh: 'linkerd' }).md)[0], '**policy.linkerd.io/v1alpha1: served** by Linkerd since 2.17.');
    const egress = 'apiVersion: policy.openservicemesh.io/v1al|pha9\nkind: Egress\nmetadata: {name: e}\nspec:\n  sources: []\n';
    assert.match(paragraphs(hover(egress).md)[0], /^\*\*policy\.openservicemesh\.io\/v1alpha9: not served\*\* — Open Service Mesh serves Egress as v1alpha1\.$/);
  });

  it('on a Linkerd annotation key: the annotation and its feature', () => {
    const dep = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        retry.linkerd.io/ht|tp: "5xx"\n`;
    const { d, md } = hover(dep, { mesh: 'istio' });
    assert.strictEqual(d!.on, 'annotation');
    assert.strictEqual(d!.feature?.id, 'retries_and_timeout');
    assert.match(paragraphs(md)[1], /^\*\*Linkerd\*\* · annotation `retry\.linkerd\.io\/http`/);
    assert.match(paragraphs(md)[0], /^\*\*Istio: [✔◐✖?] /);
  });

  it('nothing on plain Kubernetes YAML or non-Kubernetes YAML', () => {
    assert.strictEqual(hover('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  na|me: web\n').d, undefined);
    assert.strictEqual(hover('name: ci\non: [push]\njobs:\n  te|st: {}\n').d, undefined);
  });

  it('escapes hostile text from the file', () => {
    const { md } = hover(VS.replace('  - mirror:', '  - "<img src=x onerror=alert(1)>": 1\n    mir|ror:'));
    assert.ok(!md.includes('<img'), md);
  });

  it('archived projects say so', () => {
    const { md } = hover(`apiVersion: split.smi-spec.io/v1alpha2\nkind: TrafficSplit\nmetadata: {name: s}\nspec:\n  back|ends: [{service: a, weight: 1}]\n`, null);
    assert.match(md, /SMI is archived/);
  });
});
