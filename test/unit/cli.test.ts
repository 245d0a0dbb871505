import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './fixtures';

const CLI = join(REPO, 'dist/cli.js');
function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const MIRROR = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - mirror:
      host: reviews-v2
    route:
    - destination: {host: reviews}
`;

describe('CLI: mesh-lens check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-cli-'));
  mkdirSync(join(dir, 'manifests/nested'), { recursive: true });
  mkdirSync(join(dir, 'manifests/node_modules'), { recursive: true });
  writeFileSync(join(dir, 'manifests/vs.yaml'), MIRROR);
  writeFileSync(join(dir, 'manifests/nested/plain.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {mirror: "yes"}\n');
  writeFileSync(join(dir, 'manifests/nested/notes.txt'), MIRROR);
  writeFileSync(join(dir, 'manifests/node_modules/dep.yaml'), MIRROR);
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: networking.istio.io/v1\nkind: [\n');

  it('text: one line per finding, path:line:col: severity message [feature], exit 1 on a warning', () => {
    const r = run(['check', 'manifests', '--target', 'linkerd'], dir);
    assert.strictEqual(r.code, 1, r.err);
    assert.strictEqual(r.out.trim().split('\n').length, 1, r.out);
    assert.match(r.out, /^manifests\/vs\.yaml:8:5: warning Traffic mirroring \(spec\.http\[0\]\.mirror\) is not supported by Linkerd — .* \[traffic_mirroring\]\n$/);
    assert.strictEqual(r.err, '');
  });

  it('exit 0 when the target supports everything; walks directories for *.yaml and *.yml only, skipping node_modules', () => {
    const r = run(['check', 'manifests', '--target', 'istio', '--format', 'json'], dir);
    assert.strictEqual(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepStrictEqual(j.files.map((f: { path: string }) => f.path), ['manifests/nested/plain.yml', 'manifests/vs.yaml']);
  });

  it('json: the version-1 contract with resources, findings (1-based, endColumn exclusive), uses and errors', () => {
    const r = run(['check', 'manifests/vs.yaml', 'broken.yaml', '--target', 'linkerd', '--format', 'json'], dir);
    assert.strictEqual(r.code, 1);
    const j = JSON.parse(r.out);
    assert.strictEqual(j.version, 1);
    assert.strictEqual(j.target, 'linkerd');
    const vs = j.files[0];
    assert.deepStrictEqual(vs.resources, [{ mesh: 'istio', apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', name: 'reviews', line: 2, via: 'apiVersion' }]);
    const f = vs.findings[0];
    assert.deepStrictEqual(
      { feature: f.feature, mesh: f.mesh, target: f.target, support: f.support, severity: f.severity, field: f.field, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn },
      { feature: 'traffic_mirroring', mesh: 'istio', target: 'linkerd', support: 'unsupported', severity: 'warning', field: 'spec.http[0].mirror', line: 8, column: 5, endLine: 8, endColumn: 11 });
    assert.match(f.message, /^Traffic mirroring \(spec\.http\[0\]\.mirror\) is not supported by Linkerd/);
    assert.ok(vs.uses.some((u: { feature: string; line: number }) => u.feature === 'traffic_mirroring' && u.line === 8));
    assert.deepStrictEqual(j.files[1].errors.map((e: { line: number }) => e.line), [3]);
    assert.ok(j.files[1].errors[0].message.length > 0);
  });

  it('--fail-on never / error / info change only the exit code', () => {
    assert.strictEqual(run(['check', 'manifests', '--target', 'linkerd', '--fail-on', 'never'], dir).code, 0);
    assert.strictEqual(run(['check', 'manifests', '--target', 'linkerd', '--fail-on', 'error'], dir).code, 0);
    assert.strictEqual(run(['check', 'manifests', '--target', 'consul', '--fail-on', 'info'], dir).code, 1);
  });

  it('--disable and --ignore', () => {
    assert.strictEqual(run(['check', 'manifests', '--target', 'linkerd', '--disable', 'traffic_mirroring'], dir).code, 0);
    const r = run(['check', '.', '--target', 'linkerd', '--ignore', 'manifests/**', '--ignore', 'broken.yaml', '--format', 'json'], dir);
    assert.deepStrictEqual(JSON.parse(r.out).files, []);
  });

  it('target with a version is accepted and echoed', () => {
    const r = run(['check', 'manifests/vs.yaml', '--target', 'linkerd@2.14', '--format', 'json'], dir);
    assert.strictEqual(JSON.parse(r.out).target, 'linkerd@2.14');
  });

  it('usage errors exit 2 with a clear message on stderr and nothing on stdout', () => {
    for (const [args, msg] of [
      [['check'], /no files or directories given/],
      [['check', 'x.yaml', '--target', 'linkerdd'], /unknown target "linkerdd"/],
      [['check', 'x.yaml', '--format', 'xml'], /unknown format "xml"/],
      [['lint', 'x.yaml'], /unknown command "lint"/],
      [['check', 'x.yaml', '--bogus'], /unknown option "--bogus"/],
    ] as [string[], RegExp][]) {
      const r = run(args, dir);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.err, msg);
      assert.strictEqual(r.out, '');
    }
  });

  it('a missing file exits 2 and names it', () => {
    const r = run(['check', 'nope.yaml'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /cannot read nope\.yaml: no such file or directory/);
  });

  it('--help exits 0', () => {
    const r = run(['--help']);
    assert.strictEqual(r.code, 0);
    assert.match(r.out, /Usage: mesh-lens check/);
  });

  it('walks the whole corpus (138 YAML files) without an I/O error', () => {
    const r = run(['check', 'test/fixtures/corpus', '--format', 'json', '--fail-on', 'never']);
    assert.strictEqual(r.code, 0, r.err);
    const files = JSON.parse(r.out).files as { path: string }[];
    assert.strictEqual(files.length, 138);
  });
});
