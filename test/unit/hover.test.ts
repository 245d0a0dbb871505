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

describe('hover: what a field is, its feature and who supports it', () => {
  it('on `mirror`: the schema description, the feature, the support row with the target first, the target equivalent', () => {
    const { d, md } = hover(VS.replace('  - mirror:', '  - mir|ror:'));
    assert.ok(d);
    assert.strictEqual(d!.field, 'spec.http[0].mirror');
    assert.strictEqual(d!.feature?.id, 'traffic_mirroring');
    assert.match(md, /^\*\*Istio\*\* · VirtualService `spec\.http\[0\]\.mirror`/);
    assert.match(md, /[Mm]irror/);
    assert.match(md, /\*\*Feature:\*\* Traffic mirroring/);
    const row = md.split('\n\n').find(l => l.includes('✔') || l.includes('✖'))!;
    assert.ok(row.startsWith('**[Linkerd ✖](command:meshLens.compareMeshes?'), row.slice(0, 80));
    assert.match(row, /\[Istio ✔\]\(command:[^ ]+ "supported — [^"]*istio\/api[^"]*\(certain\)[^"]*"\)/);
    assert.match(row, /\[Kuma [✔◐]\]\([^ ]+ "(supported|partial) — [^"]*; 2022 sheet: ✖︎"\)/, 'a changed cell shows its 2022 value');
    // The target's evidence: every source, as a link where it has one; the date its facts were checked.
    const cell = view.cell('linkerd', 'traffic_mirroring')!;
    assert.ok(md.includes(`_Evidence (${cell.confidence}):_ ${markdownSources(cell.sources)}`), md);
    for (const s of cell.sources.filter(x => x.url)) assert.ok(md.includes(`](${s.url!.replace(/[()]/g, c => (c === '(' ? '%28' : '%29'))})`), s.url);
    const checked = view.meshes.get('linkerd')!.checked;
    assert.ok(md.includes(`**In Linkerd** (not supported${checked ? `, facts checked ${checked}` : ''})`), md);
    if (cell.summary) assert.ok(md.includes(escapeMarkdown(cell.summary)), 'the summary is in the hover');
    assert.match(md, /\[Compare meshes…\]\(command:meshLens\.compareMeshes\?/);
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

  it('on `kind`: the kind and its served versions', () => {
    const { d, md } = hover(VS.replace('kind: VirtualService', 'kind: Virtual|Service'));
    assert.strictEqual(d!.on, 'kind');
    assert.match(md, /VirtualService \(networking\.istio\.io\/v1\)/);
    assert.match(md, /served versions: .*v1/);
  });

  it('on a Linkerd annotation key: the annotation and its feature', () => {
    const dep = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        retry.linkerd.io/ht|tp: "5xx"\n`;
    const { d, md } = hover(dep, { mesh: 'istio' });
    assert.strictEqual(d!.on, 'annotation');
    assert.strictEqual(d!.feature?.id, 'retries_and_timeout');
    assert.match(md, /^\*\*Linkerd\*\* · annotation `retry\.linkerd\.io\/http`/);
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
