import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, catalogView } from '../../src/core/index';
import { buildMigrationReport, escapeHtml, renderHtml, renderMarkdown } from '../../src/core/outputs/migrationReport';
import { convertFiles } from '../../src/core/convert/index';
import { htmlSource } from '../../src/core/sources';
import { FIXTURES, REPO, fixture, fixtureFiles } from './fixtures';

const CLI = join(REPO, 'dist/cli.js');
function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The Istio bookinfo networking samples, judged against Linkerd.
const BOOKINFO = fixtureFiles('corpus').filter(f => f.startsWith('istio__istio__istio__samples_bookinfo_networking_'));
const P = (f: string) => `istio__istio__istio__samples_bookinfo_networking_${f}.yaml`;
const view = catalogView();
const report = buildMigrationReport(view, { mesh: 'linkerd' },
  BOOKINFO.map(f => ({ path: f, result: analyze(fixture('corpus', f), { target: { mesh: 'linkerd' } }) })), 'Mesh Lens test');

describe('migration report', () => {
  it('lists the features the bookinfo files use with Linkerd\'s verdicts, worst first', () => {
    assert.strictEqual(BOOKINFO.length, 8);
    assert.deepStrictEqual(report.features.map(g => `${g.verdict} ${g.id} ${g.places.length}`), [
      'unsupported abort_injection 1',
      'unsupported delay_injection 1',
      'unsupported load_balancing_options 1',
      'partial egress_gateway 1',
      'partial ingress_gateway 1',
      'supported canary_releases 1',
      'supported http_request_matching_rules 5',
      'supported mtls 5',
    ]);
    assert.deepStrictEqual(report.counts, { supported: 3, partial: 2, unsupported: 3, unknown: 0, not_applicable: 0 });
    assert.strictEqual(report.files, 8);
    assert.strictEqual(report.targetName, 'Linkerd');
  });

  it('gives every place as path:line with kind, name and field', () => {
    const places = (id: string) => report.features.find(g => g.id === id)!.places.map(p => `${p.path}:${p.line} ${p.kind} ${p.name} ${p.field}`);
    assert.deepStrictEqual(places('abort_injection'), [`${P('virtual-service-ratings-test-abort')}:14 VirtualService ratings spec.http[0].fault.abort`]);
    assert.deepStrictEqual(places('delay_injection'), [`${P('virtual-service-ratings-test-delay')}:14 VirtualService ratings spec.http[0].fault.delay`]);
    assert.deepStrictEqual(places('load_balancing_options'), [`${P('egress-rule-google-apis')}:41 DestinationRule originate-tls-for-googleapis spec.trafficPolicy.loadBalancer.simple`]);
    assert.deepStrictEqual(places('ingress_gateway'), [`${P('bookinfo-gateway')}:10 Gateway bookinfo-gateway spec.servers`]);
    assert.deepStrictEqual(places('canary_releases'), [`${P('virtual-service-reviews-90-10')}:9 VirtualService reviews spec.http[0].route`]);
    assert.strictEqual(places('mtls').length, 5);
  });

  it('carries the target\'s construct, note and source for each feature', () => {
    const abort = report.features.find(g => g.id === 'abort_injection')!;
    const cell = view.cell('linkerd', 'abort_injection')!;
    assert.strictEqual(abort.construct, cell.construct);
    assert.strictEqual(abort.summary, cell.summary);
    assert.ok(abort.sources!.length > 0 && abort.sources!.every(x => x.title.trim()));
    assert.match(abort.places[0].message!, /^Fault injection: abort \(spec\.http\[0\]\.fault\.abort\) is not supported by Linkerd/);
    assert.ok(report.sources.some(s => s.feature === 'abort_injection'));
  });

  it('Markdown: title, summary table, one section per feature, places, sources', () => {
    const md = renderMarkdown(report);
    assert.match(md, /^# Migration report: Linkerd\n/);
    assert.match(md, /\| Features used \| ✅ Supported \| ⚠️ Partial \| ❌ Unsupported \| ❔ Unknown \|\n\|---:\|---:\|---:\|---:\|---:\|\n\| 8 \| 3 \| 2 \| 3 \| 0 \|/);
    assert.match(md, /^## ❌ Fault injection: abort: unsupported$/m);
    assert.match(md, /^## ✅ mTLS: supported$/m);
    assert.ok(md.includes(`- \`${P('virtual-service-ratings-test-abort')}:14\` VirtualService ratings \`spec.http[0].fault.abort\``), md);
    assert.match(md, /^## Sources$/m);
  });

  it('HTML: one self-contained page (inline CSS, no scripts, no external resources; evidence as https links), all text escaped', () => {
    const html = renderHtml(report);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<style>[^<]+<\/style>/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\ssrc=|url\s*\(/i);
    for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) assert.match(href, /^(#f-|https?:\/\/)/, href);
    const linked = report.features.flatMap(g => g.sources ?? []).filter(x => x.url);
    for (const x of linked) assert.ok(html.includes(htmlSource(x)), x.title);
    assert.strictEqual(htmlSource({ title: '<b>x</b>', url: 'https://example.com/a?b=1&c=2' }), '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">&lt;b&gt;x&lt;/b&gt;</a>');
    assert.strictEqual(htmlSource({ title: 'x', url: 'javascript:alert(1)' }), 'x');
    assert.strictEqual(htmlSource({ title: 'x', url: 'https://e.com/"onmouseover="alert(1)' }), 'x');
    assert.match(html, /<h2>Fault injection: abort: <span class="v-unsupported">❌ unsupported<\/span><\/h2>/);
    assert.ok(html.includes(`<code>${P('bookinfo-gateway')}:10</code> Gateway bookinfo-gateway <code>spec.servers</code>`));
    const nasty = buildMigrationReport(view, { mesh: 'linkerd' }, [{ path: '<b>&"x\'.yaml', result: analyze(fixture('corpus', P('virtual-service-ratings-test-abort')), { target: { mesh: 'linkerd' } }) }]);
    const h = renderHtml(nasty);
    assert.ok(h.includes(escapeHtml('<b>&"x\'.yaml')) && !h.includes('<b>&"x'));
    assert.strictEqual(escapeHtml('<a href="x">&\''), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('no feature: says so', () => {
    const empty = buildMigrationReport(view, { mesh: 'linkerd' }, [{ path: 'cm.yaml', result: analyze('apiVersion: v1\nkind: ConfigMap\n') }]);
    assert.match(renderMarkdown(empty), /No service-mesh feature was found/);
    assert.deepStrictEqual(empty.features, []);
  });

  it('a version in the target shows in the title', () => {
    const r = buildMigrationReport(view, { mesh: 'linkerd', version: '2.14' }, []);
    assert.match(renderMarkdown(r), /^# Migration report: Linkerd 2\.14/);
  });
});

describe('CLI: mesh-lens report', function () {
  this.timeout(30_000);
  const files = BOOKINFO.map(f => join('test/fixtures/corpus', f));

  it('Markdown on stdout, exit 0, whatever the findings', () => {
    const r = run(['report', ...files, '--target', 'linkerd']);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^# Migration report: Linkerd\n/);
    assert.match(r.out, /\| 8 \| 3 \| 2 \| 3 \| 0 \|/);
    assert.ok(r.out.includes('`test/fixtures/corpus/' + P('virtual-service-ratings-test-abort') + ':14`'));
  });

  it('--format html --output writes one file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mesh-lens-report-')), 'report.html');
    const r = run(['report', ...files, '--target', 'linkerd@2.14', '--format', 'html', '--output', out]);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.out, '');
    assert.ok(existsSync(out));
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<title>Migration report: Linkerd 2\.14<\/title>/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('walks directories and takes the target from .meshlens.yaml', () => {
    const r = run(['report', join(FIXTURES, 'config/team/apps/mirror.yaml')]);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^# Migration report: Linkerd 2\.14/);
    assert.match(r.out, /^## ❌ Traffic mirroring: unsupported$/m);
  });

  it('without a target: exit 2 and says so', () => {
    const r = run(['report', files[0], '--no-config']);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /report needs a target/);
    assert.strictEqual(r.out, '');
  });

  it('rejects check-only formats', () => {
    const r = run(['report', files[0], '--target', 'linkerd', '--format', 'sarif']);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /unknown format "sarif": expected md, html/);
  });
});

// An Istio canary split with a 5 % mirror and a timeout, with its Service and subsets: what the report
// says about converting it comes from the converter's own results for the same text.
const CANARY = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
    mirror:
      host: reviews
      subset: v2
    mirrorPercentage:
      value: 5
    timeout: 3s
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`;

/** The report of files converted to a convert target, as the CLI builds it. */
function convertedReport(mesh: 'istio' | 'linkerd' | 'kuma' | 'consul', files: { path: string; text: string }[]) {
  const analysed = files.map(f => ({ path: f.path, result: analyze(f.text, { target: { mesh } }) }));
  return buildMigrationReport(view, { mesh }, analysed, 'Mesh Lens test', { target: mesh, files: convertFiles(files, { id: mesh }, view) });
}
const lines = (text: string, re: RegExp) => text.split('\n').filter(l => re.test(l));

describe('migration report: converting to the target', () => {
  it('Linkerd: the split and the timeout go to the HTTPRoute, the mirror is not converted, with the converter\'s reason', () => {
    const md = renderMarkdown(convertedReport('linkerd', [{ path: 'reviews.yaml', text: CANARY }]));
    assert.deepStrictEqual(lines(md, /^\| (Feature|Traffic|Canary|Retries) /), [
      '| Feature | Verdict | Places | Convert to Linkerd |',
      '| Traffic mirroring | ❌ unsupported | 1 | ❌ not converted |',
      '| Canary Releases | ✅ supported | 1 | ✅ HTTPRoute |',
      '| Retries and timeout | ✅ supported | 1 | ✅ HTTPRoute |',
    ]);
    assert.deepStrictEqual(lines(md, /^Convert to Linkerd:/), [
      'Convert to Linkerd: not converted — Linkerd has no traffic mirroring, and it rejects a whole route that has a RequestMirror filter.',
      'Convert to Linkerd: converted into HTTPRoute.',
      'Convert to Linkerd: converted into HTTPRoute.',
    ]);
    assert.deepStrictEqual(lines(md, /^- `reviews\.yaml:(22|31|36)`/).map(l => l.replace(/ — .* → /, ' … → ')), [
      '- `reviews.yaml:31` VirtualService reviews `spec.http[0].mirror` … → Not converted: Linkerd has no traffic mirroring, and it rejects a whole route that has a RequestMirror filter.',
      '- `reviews.yaml:22` VirtualService reviews `spec.http[0].route` → Converted into HTTPRoute reviews.',
      '- `reviews.yaml:36` VirtualService reviews `spec.http[0].timeout` → Converted into HTTPRoute reviews.',
    ]);
    const convert = md.slice(md.indexOf('## Convert to Linkerd'), md.indexOf('## Sources'));
    assert.strictEqual(convert, [
      '## Convert to Linkerd',
      '',
      'Convert each file with its command, or open it in VS Code and run **Mesh Lens: Convert to target mesh…** (command palette, editor title or context menu): the converted file opens beside the original, and nothing is written until you choose Save as New File or Replace File.',
      '',
      '### `reviews.yaml`',
      '',
      '1. **Convert**: `mesh-lens convert reviews.yaml --to linkerd`, or **Mesh Lens: Convert to target mesh…** in the editor.',
      '2. **Review** the field not converted: a "\\# mesh-lens: not converted" comment in the output gives it and the reason.',
      '',
      '',
    ].join('\n'));
  });

  it('Kuma: the split and the mirror go to the MeshHTTPRoute, the timeout to the MeshTimeout; the subsets\' tags are asked for', () => {
    const r = convertedReport('kuma', [{ path: 'reviews.yaml', text: CANARY }]);
    assert.deepStrictEqual(r.features.map(g => `${g.id}: ${g.places.map(p => JSON.stringify(p.conversion)).join(' ')}`), [
      'traffic_mirroring: {"converted":true,"into":["MeshHTTPRoute reviews"],"except":[]}',
      'canary_releases: {"converted":true,"into":["MeshHTTPRoute reviews"],"except":[]}',
      'retries_and_timeout: {"converted":true,"into":["MeshTimeout reviews"],"except":[]}',
    ]);
    const md = renderMarkdown(r);
    assert.deepStrictEqual(lines(md, /^\| (Traffic|Canary|Retries) /), [
      '| Traffic mirroring | ⚠️ partial | 1 | ✅ MeshHTTPRoute |',
      '| Canary Releases | ✅ supported | 1 | ✅ MeshHTTPRoute |',
      '| Retries and timeout | ✅ supported | 1 | ✅ MeshTimeout |',
    ]);
    assert.deepStrictEqual(r.convert, { target: 'kuma', files: [{ path: 'reviews.yaml', command: 'mesh-lens convert reviews.yaml --to kuma', changed: true, dropped: 0, needs: [], errors: [] }] });
  });

  it('a feature converted at some places and not at others says how many, and each place says which', () => {
    // To Istio (converted to Kuma, Kuma's own policies are kept as they are).
    const r = convertedReport('istio', [{ path: 'faults.yaml', text: fixture('convert/input/kuma/meshfaultinjection.yaml') }]);
    const md = renderMarkdown(r);
    assert.deepStrictEqual(lines(md, /^\| Fault injection: abort /), ['| Fault injection: abort | ✅ supported | 3 | ⚠️ 1 of 3 places: VirtualService |']);
    const section = md.slice(md.indexOf('## ✅ Fault injection: abort'));
    assert.strictEqual(lines(section, /^Convert to Istio:/)[0], 'Convert to Istio: converted at 1 of 3 places into VirtualService; what is not converted is given at each place.');
    const selected = 'The policy applies to every service selected by MeshSubset with app=backend; Mesh Lens converts policies for one named service only.';
    const callers = 'The source injects this fault only for requests from SPIFFE ID prefix spiffe://default.east.mesh.local/ns/bookinfo/; a route rule injects it for every caller, so it is not converted.';
    assert.deepStrictEqual(lines(section, /^- `faults\.yaml/).slice(0, 3), [
      `- \`faults.yaml:18\` MeshFaultInjection default-fault-injection \`spec.from[0].default.http[0].abort\` → Not converted: ${selected}`,
      '- `faults.yaml:39` MeshFaultInjection ratings-faults `spec.from[0].default.http[1].abort` → Converted into VirtualService ratings-faults.',
      `- \`faults.yaml:52\` MeshFaultInjection ratings-faults \`spec.rules[0].default.http[0].abort\` → Not converted: ${callers}`,
    ]);
  });

  it('Consul: its own ServiceDefaults is kept as it is, and no file needs converting', () => {
    const defaults = 'apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceDefaults\nmetadata:\n  name: reviews\nspec:\n  protocol: http\n  upstreamConfig:\n    defaults:\n      limits:\n        maxConnections: 10\n';
    const md = renderMarkdown(convertedReport('consul', [{ path: 'defaults.yaml', text: defaults }]));
    assert.deepStrictEqual(lines(md, /^\| Connection pool |^Convert to Consul|^- `defaults|^No file/), [
      '| Connection pool | ✅ supported | 1 | ✅ kept as it is |',
      'Convert to Consul: kept as it is: the target reads it already.',
      '- `defaults.yaml:9` ServiceDefaults reviews `spec.upstreamConfig.defaults.limits` → Kept as it is: the target reads it already.',
      'No file changes when converted to Consul.',
    ]);
  });

  it('Consul: what the converter needs is a Set step with its line', () => {
    const r = convertedReport('consul', [{ path: 'reviews.yaml', text: CANARY.split('---\n')[1] }]);
    const md = renderMarkdown(r);
    const steps = md.slice(md.indexOf('### `reviews.yaml`'), md.indexOf('## Sources')).split('\n').filter(l => /^(\d\.|   -)/.test(l));
    assert.strictEqual(steps[0], '1. **Convert**: `mesh-lens convert reviews.yaml --to consul`, or **Mesh Lens: Convert to target mesh…** in the editor.');
    const set = steps.findIndex(l => /^\d\. \*\*Set\*\* what the manifests do not hold:$/.test(l));
    assert.ok(set > 0, steps.join('\n'));
    const files = convertFiles([{ path: 'reviews.yaml', text: CANARY.split('---\n')[1] }], { id: 'consul' }, view);
    const needs = [...new Set(files[0].needs.map(n => n.what))];
    assert.ok(needs.length > 0);
    assert.deepStrictEqual(steps.slice(set + 1, set + 1 + needs.length).map(l => l.replace(/ \(line \d+\)$/, '')), needs.map(n => `   - ${n.replace(/[\\`*_[\]<>|~#]/g, c => `\\${c}`)}`));
  });

  it('HTML: a Convert column, the reason at each place and the Convert step per file, all escaped; the command quotes an odd path', () => {
    const path = `<b>&"x'.yaml`;
    const html = renderHtml(convertedReport('linkerd', [{ path, text: CANARY }]));
    assert.ok(html.includes('<th>Convert to Linkerd</th>'));
    assert.ok(html.includes('<td>❌ not converted</td>'));
    assert.ok(html.includes('<dt>Convert</dt><dd>not converted — Linkerd has no traffic mirroring, and it rejects a whole route that has a RequestMirror filter.</dd>'));
    assert.ok(html.includes('<span class="c-no">→ Not converted: Linkerd has no traffic mirroring, and it rejects a whole route that has a RequestMirror filter.</span>'));
    assert.ok(html.includes('<span class="c-yes">→ Converted into HTTPRoute reviews.</span>'));
    assert.ok(html.includes('<h3><code>&lt;b&gt;&amp;&quot;x&#39;.yaml</code></h3>'));
    const command = `mesh-lens convert '<b>&"x'\\''.yaml' --to linkerd`;
    assert.ok(html.includes(`<li><strong>Convert</strong>: <code>${escapeHtml(command)}</code>, or <strong>Mesh Lens: Convert to target mesh…</strong> in the editor.</li>`), html.slice(html.indexOf('id="convert"')));
    assert.ok(!html.includes('<b>&'));
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\ssrc=|url\s*\(/i);
  });

  it('a file Mesh Lens cannot read: Fix comes before Convert, with the parse error and its line', () => {
    const md = renderMarkdown(convertedReport('linkerd', [{ path: 'broken.yaml', text: 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec: [oops\n' }]));
    const steps = md.slice(md.indexOf('### `broken.yaml`'), md.indexOf('## Sources')).split('\n').filter(l => /^(\d\.|   -)/.test(l));
    assert.deepStrictEqual(steps.map(l => l.replace(/^   - .*( \(line \d+\))$/, '   - …$1')), [
      '1. **Fix** what Mesh Lens could not read or convert:',
      '   - … (line 4)',
      '2. **Convert**: `mesh-lens convert broken.yaml --to linkerd`, or **Mesh Lens: Convert to target mesh…** in the editor.',
    ]);
  });
});

describe('CLI: mesh-lens report converting to the target', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-report-convert-'));
  writeFileSync(join(dir, 'reviews.yaml'), CANARY);

  it('--target linkerd: the Convert column, each place\'s result and the Convert step, from the converter', () => {
    const r = run(['report', 'reviews.yaml', '--target', 'linkerd', '--no-config'], dir);
    assert.strictEqual(r.code, 0, r.err);
    assert.ok(r.out.includes('| Traffic mirroring | ❌ unsupported | 1 | ❌ not converted |\n'), r.out);
    assert.ok(r.out.includes('\nConvert to Linkerd: not converted — Linkerd has no traffic mirroring, and it rejects a whole route that has a RequestMirror filter.\n'));
    assert.ok(r.out.includes('\n1. **Convert**: `mesh-lens convert reviews.yaml --to linkerd`, or **Mesh Lens: Convert to target mesh…** in the editor.\n'));
    // The command the report gives does what the report says.
    const converted = run(['convert', 'reviews.yaml', '--to', 'linkerd', '--no-config'], dir);
    assert.strictEqual(converted.code, 1, converted.err);
    assert.match(converted.out, /# mesh-lens: not converted: spec\.http\[0\]\.mirror — Linkerd has no traffic mirroring/);
    assert.match(converted.out, /kind: HTTPRoute/);
  });

  it('--target kuma@2.9 --format html: the command keeps the version', () => {
    const r = run(['report', 'reviews.yaml', '--target', 'kuma@2.9', '--no-config', '--format', 'html'], dir);
    assert.strictEqual(r.code, 0, r.err);
    assert.ok(r.out.includes('<code>mesh-lens convert reviews.yaml --to kuma@2.9</code>'));
    assert.ok(r.out.includes('<th>Convert to Kuma 2.9</th>'));
  });

  it('--target osm (not a convert target): the report is what it was, with no conversion', () => {
    const r = run(['report', 'reviews.yaml', '--target', 'osm', '--no-config'], dir);
    assert.strictEqual(r.code, 0, r.err);
    const today = renderMarkdown(buildMigrationReport(view, { mesh: 'osm' }, [{ path: 'reviews.yaml', result: analyze(CANARY, { target: { mesh: 'osm' } }) }], 'Mesh Lens 0.1.0'));
    assert.strictEqual(r.out, today);
    assert.doesNotMatch(r.out, /Convert|converted|→/);
    assert.match(r.out, /^\| Feature \| Verdict \| Places \|$/m);
  });
});
