import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './crdValidator';

const CLI = join(REPO_ROOT, 'dist/cli.js');
function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    linkerd.io/inject: enabled\n';
// Raw Envoy configuration: a kind no reader takes.
const FILTER = 'apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata:\n  name: lua\nspec:\n  configPatches:\n  - applyTo: HTTP_FILTER\n';
const PLAIN = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';

describe('CLI: mesh-lens convert', function () {
  this.timeout(20_000);
  const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-convert-'));
  mkdirSync(join(dir, 'manifests/nested'), { recursive: true });
  mkdirSync(join(dir, 'manifests/node_modules'), { recursive: true });
  writeFileSync(join(dir, 'manifests/ns.yaml'), NAMESPACE);
  writeFileSync(join(dir, 'manifests/nested/plain.yml'), PLAIN);
  writeFileSync(join(dir, 'manifests/node_modules/dep.yaml'), NAMESPACE);
  writeFileSync(join(dir, 'filter.yaml'), FILTER);

  it('yaml: each changed file after "# file: <path>", exit 0 when nothing is dropped or needed', () => {
    const r = run(['convert', 'manifests', '--to', 'istio'], dir);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.out, '# file: manifests/ns.yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n');
    assert.strictEqual(r.err, 'mesh-lens: 1 file converted.\n');
  });

  it('yaml: files separated by ---, exit 1 when something is not converted', () => {
    const r = run(['convert', 'filter.yaml', 'manifests/ns.yaml', '--to', 'kuma@2.14'], dir);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.out, `# file: filter.yaml
# mesh-lens: not converted: EnvoyFilter lua — Mesh Lens cannot convert EnvoyFilter yet.
${FILTER}---
# file: manifests/ns.yaml
${NAMESPACE.replace('annotations:\n    linkerd.io/inject', 'labels:\n    kuma.io/sidecar-injection')}`);
    assert.match(r.err, /^mesh-lens: 2 files converted, 1 field not converted \(see the "# mesh-lens:" comments\)\.\n$/);
  });

  it('yaml: a converted file ends with a line break even when its input has none; the summary is one line on stderr', () => {
    const own = mkdtempSync(join(tmpdir(), 'mesh-lens-convert-'));
    writeFileSync(join(own, 'no-final-newline.yaml'), NAMESPACE.replace(/\n$/, ''));
    const r = run(['convert', 'no-final-newline.yaml', '--to', 'istio', '--output', 'converted'], own);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(readFileSync(join(own, 'converted/no-final-newline.yaml'), 'utf8'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n');
    assert.strictEqual(r.out, '');
    assert.strictEqual(r.err, 'mesh-lens: 1 file converted into converted.\n');
  });

  it('json: contract version 1 with the target version, every file and its report', () => {
    const r = run(['convert', '.', '--to', 'linkerd', '--format', 'json'], dir);
    assert.strictEqual(r.code, 1);
    const json = JSON.parse(r.out);
    assert.strictEqual(json.version, 1);
    assert.match(json.target, /^linkerd@\d+\.\d+$/);
    assert.deepStrictEqual(json.files.map((f: { path: string }) => f.path), ['filter.yaml', 'manifests/nested/plain.yml', 'manifests/ns.yaml']);
    const filter = json.files[0];
    assert.deepStrictEqual(Object.keys(filter), ['path', 'output', 'resources', 'carried', 'dropped', 'needs', 'errors']);
    assert.deepStrictEqual(filter.dropped, [{ feature: 'proxy_extension', field: 'spec.configPatches', line: 6, reason: 'Mesh Lens cannot convert EnvoyFilter yet.' }]);
    assert.strictEqual(json.files[1].output, '');
    assert.strictEqual(json.files[2].output, '', 'Linkerd already reads linkerd.io/inject');
    assert.strictEqual(r.err, '');
  });

  it('--output <dir> writes each converted file at its relative path', () => {
    const out = join(dir, 'out');
    const r = run(['convert', 'manifests', '--to', 'consul', '--output', 'out'], dir);
    assert.strictEqual(r.code, 1, 'Consul has no namespace switch: dropped');
    assert.strictEqual(r.out, '');
    assert.ok(!existsSync(join(out, 'manifests/nested/plain.yml')), 'unchanged files are not written');
    assert.match(readFileSync(join(out, 'manifests/ns.yaml'), 'utf8'), /^    # mesh-lens: not converted: metadata\.annotations\["linkerd\.io\/inject"\] — Consul has no namespace switch/m);
    assert.match(r.err, /^mesh-lens: 1 file converted into out, 1 field not converted/);
    const r2 = run(['convert', 'manifests', '--to', 'istio', '--output', 'out'], dir);
    assert.strictEqual(r2.code, 0);
    assert.strictEqual(readFileSync(join(out, 'manifests/ns.yaml'), 'utf8'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n');
  });

  it('usage errors exit 2: no --to, an unknown target, a missing file; --help exits 0', () => {
    const none = run(['convert', 'manifests'], dir);
    assert.strictEqual(none.code, 2);
    assert.match(none.err, /^mesh-lens: convert needs --to <gateway-api\|istio\|linkerd\|kuma\|consul>\[@version\]\n\nUsage: mesh-lens convert/);
    const bad = run(['convert', 'manifests', '--to', 'osm'], dir);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /^mesh-lens: unknown target "osm" for --to: expected one of gateway-api, istio, linkerd, kuma, consul, optionally with @version\n/);
    const missing = run(['convert', 'nope.yaml', '--to', 'istio'], dir);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /^mesh-lens: cannot read nope\.yaml: no such file or directory\n$/);
    const help = run(['convert', '--help'], dir);
    assert.strictEqual(help.code, 0);
    assert.match(help.out, /^Usage: mesh-lens convert <files or directories…> --to/);
    assert.match(run(['--help'], dir).out, /mesh-lens convert <files or directories…> --to/);
  });

  it('the README\'s Convert example is what the CLI writes', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Convert\n'));
    const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]);
    assert.ok(blocks.length >= 2, 'a before and an after block');
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  selector:\n    app: reviews\n  ports:\n  - name: http\n    port: 9080\n---\n';
    const rule = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  host: reviews\n  subsets:\n'
      + ['v1', 'v2', 'v3'].map(v => `  - name: ${v}\n    labels: {version: ${v}}\n`).join('');
    writeFileSync(join(dir, 'reviews.yaml'), `${service}${blocks[0]}---\n${rule}`);
    const r = run(['convert', 'reviews.yaml', '--to', 'linkerd'], dir);
    assert.strictEqual(r.code, 1);
    const shown = blocks[1].replace(/# … and .*\n$/, '');
    assert.ok(r.out.includes(shown), `the README shows what the CLI prints:\n${r.out}`);
  });
});
