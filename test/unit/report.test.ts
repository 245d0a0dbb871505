import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, catalogView } from '../../src/core/index';
import { buildMigrationReport, escapeHtml, renderHtml, renderMarkdown } from '../../src/core/outputs/migrationReport';
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
