import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO } from './fixtures';
import { readAnswers, score } from '../../scripts/corpus-score.mjs';

const CLI = join(REPO, 'dist/cli.js');
function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A temporary folder made when the suite starts (not while mocha collects tests) and removed after it. */
function tempFolder(prefix: string, fill: (dir: string) => void): () => string {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), prefix)); fill(dir); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
  return () => dir;
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

describe('CLI: mesh-lens check', function () {
  this.timeout(20_000);
  const folder = tempFolder('mesh-lens-cli-', dir => {
    mkdirSync(join(dir, 'manifests/nested'), { recursive: true });
    mkdirSync(join(dir, 'manifests/node_modules'), { recursive: true });
    writeFileSync(join(dir, 'manifests/vs.yaml'), MIRROR);
    writeFileSync(join(dir, 'manifests/nested/plain.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {mirror: "yes"}\n');
    writeFileSync(join(dir, 'manifests/nested/notes.txt'), MIRROR);
    writeFileSync(join(dir, 'manifests/node_modules/dep.yaml'), MIRROR);
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: networking.istio.io/v1\nkind: [\n');
  });
  let dir = '';
  beforeEach(() => { dir = folder(); });

  it('text: one line per finding, path:line:col: severity message [feature], exit 1 on a warning', () => {
    const r = run(['check', 'manifests', '--target', 'linkerd'], dir);
    assert.strictEqual(r.code, 1, r.err);
    assert.strictEqual(r.out.trim().split('\n').length, 2, r.out);
    assert.match(r.out, /^manifests\/vs\.yaml:2:1: information VirtualService is an Istio resource: Linkerd does not read it[^\n]*\. \[not-read-by-target\]\nmanifests\/vs\.yaml:8:5: warning Traffic mirroring \(spec\.http\[0\]\.mirror\) is not supported by Linkerd(?: — [^\n]+)? \[traffic_mirroring\]\n$/);
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
    assert.deepStrictEqual(vs.findings.map((x: { rule: string }) => x.rule), ['not-read-by-target', 'traffic_mirroring']);
    const f = vs.findings[1];
    assert.deepStrictEqual(
      { feature: f.feature, mesh: f.mesh, target: f.target, support: f.support, severity: f.severity, field: f.field, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn },
      { feature: 'traffic_mirroring', mesh: 'istio', target: 'linkerd', support: 'unsupported', severity: 'warning', field: 'spec.http[0].mirror', line: 8, column: 5, endLine: 8, endColumn: 11 });
    assert.match(f.message, /^Traffic mirroring \(spec\.http\[0\]\.mirror\) is not supported by Linkerd/);
    assert.ok(vs.uses.some((u: { feature: string; line: number }) => u.feature === 'traffic_mirroring' && u.line === 8));
    assert.deepStrictEqual(j.files[1], {
      path: 'broken.yaml', target: 'linkerd', resources: [], annotations: [], findings: [], uses: [],
      errors: [{ message: 'deficient indentation', line: 3, column: 1 }],
    });
  });

  it('text: a YAML error is one line at its position, with the parser\'s reason', () => {
    const r = run(['check', 'broken.yaml'], dir);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.out, 'broken.yaml:3:1: error deficient indentation [parse-error]\n');
  });

  it('a symbolic link to a folder above (loop -> ..) is followed once: each file reported once, no loop', function () {
    try { symlinkSync('..', join(dir, 'manifests/nested/loop'), 'dir'); } catch { this.skip(); }
    try {
      const r = run(['check', 'manifests', '--target', 'istio', '--format', 'json'], dir);
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(JSON.parse(r.out).files.map((f: { path: string }) => f.path), ['manifests/nested/plain.yml', 'manifests/vs.yaml']);
    } finally {
      rmSync(join(dir, 'manifests/nested/loop'));
    }
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
      // The error and one line pointing at the help, not the whole help.
      const lines = r.err.trimEnd().split('\n');
      assert.strictEqual(lines.length, 2, r.err);
      assert.match(lines[0], /^mesh-lens: /);
      assert.strictEqual(lines[1], "Run 'mesh-lens --help' for usage.");
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

  it('<command> --help prints that command\'s help only', () => {
    const check = run(['check', '--help']);
    assert.strictEqual(check.code, 0);
    assert.match(check.out, /^Usage: mesh-lens check <files or directories…> \[options\]\n/);
    assert.match(check.out, /--format text\|json\|sarif/);
    assert.doesNotMatch(check.out, /mesh-lens report|--output/);
    const report = run(['report', '--help']);
    assert.strictEqual(report.code, 0);
    assert.match(report.out, /^Usage: mesh-lens report <files or directories…> --target/);
    assert.match(report.out, /--format md\|html/);
    assert.doesNotMatch(report.out, /mesh-lens check|--fail-on/);
    assert.strictEqual(report.err, '');
  });

  it('walks the whole corpus (138 YAML files) without an I/O error', () => {
    const r = run(['check', 'test/fixtures/corpus', '--format', 'json', '--fail-on', 'never']);
    assert.strictEqual(r.code, 0, r.err);
    const files = JSON.parse(r.out).files as { path: string }[];
    assert.strictEqual(files.length, 138);
  });

  it('--version prints the package.json version', () => {
    const r = run(['--version']);
    assert.strictEqual(r.out.trim(), JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });
});

describe('CLI: exit policy, filters and output', function () {
  this.timeout(60_000);
  const folder = tempFolder('mesh-lens-cli2-', dir => {
    // mirror → Linkerd: unsupported (warning); ingress gateway → Linkerd: partial (information)
    writeFileSync(join(dir, 'mirror.yaml'), MIRROR);
    writeFileSync(join(dir, 'gateway.yaml'), 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n');
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: networking.istio.io/v1\nkind: [\n');
  });
  let dir = '';
  beforeEach(() => { dir = folder(); });
  const code = (args: string[]) => run(['check', ...args], dir).code;

  it('--fail-on: each threshold against a warning, an information finding and a parse error', () => {
    // only the information finding
    assert.strictEqual(code(['gateway.yaml', '--target', 'linkerd']), 0, 'default is warning');
    assert.strictEqual(code(['gateway.yaml', '--target', 'linkerd', '--fail-on', 'warning']), 0);
    assert.strictEqual(code(['gateway.yaml', '--target', 'linkerd', '--fail-on', 'info']), 1);
    assert.strictEqual(code(['gateway.yaml', '--target', 'linkerd', '--fail-on', 'error']), 0);
    assert.strictEqual(code(['gateway.yaml', '--target', 'linkerd', '--fail-on', 'never']), 0);
    // a warning
    assert.strictEqual(code(['mirror.yaml', '--target', 'linkerd']), 1);
    assert.strictEqual(code(['mirror.yaml', '--target', 'linkerd', '--fail-on', 'warning']), 1);
    assert.strictEqual(code(['mirror.yaml', '--target', 'linkerd', '--fail-on', 'info']), 1);
    assert.strictEqual(code(['mirror.yaml', '--target', 'linkerd', '--fail-on', 'error']), 0);
    assert.strictEqual(code(['mirror.yaml', '--target', 'linkerd', '--fail-on', 'never']), 0);
    // a parse error counts as an error
    assert.strictEqual(code(['broken.yaml', '--fail-on', 'error']), 1);
    assert.strictEqual(code(['broken.yaml', '--fail-on', 'never']), 0);
    // no target, nothing to say
    assert.strictEqual(code(['mirror.yaml', 'gateway.yaml', '--fail-on', 'info']), 0);
  });

  it('--quiet keeps warnings and errors, drops information', () => {
    const all = run(['check', 'mirror.yaml', 'gateway.yaml', '--target', 'linkerd'], dir).out;
    const quiet = run(['check', 'mirror.yaml', 'gateway.yaml', '--target', 'linkerd', '--quiet'], dir).out;
    assert.match(all, /gateway\.yaml:\d+:\d+: information .*\[ingress_gateway\]/);
    assert.doesNotMatch(quiet, /information/);
    assert.match(quiet, /mirror\.yaml:8:5: warning /);
  });

  it('--disable takes several ids (repeated or comma-separated) and rejects unknown ids', () => {
    const r = run(['check', 'mirror.yaml', 'gateway.yaml', '--target', 'linkerd', '--disable', 'traffic_mirroring,ingress_gateway', '--disable', 'not-read-by-target', '--fail-on', 'info', '--format', 'json'], dir);
    assert.strictEqual(r.code, 0, r.out);
    assert.deepStrictEqual(JSON.parse(r.out).files.flatMap((f: { findings: unknown[] }) => f.findings), []);
    const bad = run(['check', 'mirror.yaml', '--disable', 'mirroring'], dir);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /unknown feature id "mirroring"/);
  });

  it('--ignore: ** globs and bare names', () => {
    const r = run(['check', '.', '--ignore', '**/mirror.yaml', '--ignore', 'broken*', '--format', 'json'], dir);
    assert.deepStrictEqual(JSON.parse(r.out).files.map((f: { path: string }) => f.path), ['gateway.yaml']);
  });

  it('json findings name their resource (kind and name); files carry the target they were judged against', () => {
    const j = JSON.parse(run(['check', 'mirror.yaml', '--target', 'linkerd@2.14', '--format', 'json'], dir).out);
    assert.strictEqual(j.files[0].target, 'linkerd@2.14');
    assert.deepStrictEqual([j.files[0].findings[0].kind, j.files[0].findings[0].name], ['VirtualService', 'reviews']);
  });

  it('--jobs: output of worker threads equals the in-process output, in path order', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const a = run(['check', 'test/fixtures/corpus', '--target', 'linkerd', '--format', format, '--fail-on', 'never', '--jobs', '1']);
      const b = run(['check', 'test/fixtures/corpus', '--target', 'linkerd', '--format', format, '--fail-on', 'never', '--jobs', '3']);
      assert.strictEqual(b.code, 0, b.err);
      assert.ok(a.out.length > 1000);
      assert.strictEqual(b.out, a.out, format);
    }
    assert.strictEqual(run(['check', 'x.yaml', '--jobs', '0'], dir).code, 2);
  });
});

describe('CLI: many files', function () {
  this.timeout(60_000);
  const N = 260;
  const names: string[] = [];
  const folder = tempFolder('mesh-lens-many-', dir => {
    mkdirSync(join(dir, 'files'));
    for (let i = 0; i < N; i++) {
      const sub = `d${i % 7}`;
      mkdirSync(join(dir, 'files', sub), { recursive: true });
      const name = `${sub}/vs-${String(i).padStart(4, '0')}.yaml`;
      names.push(name);
      writeFileSync(join(dir, 'files', name), i % 3 === 0 ? MIRROR.replace('name: reviews', `name: r${i}`) : 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    }
    names.sort();
  });
  let dir = '';
  beforeEach(() => { dir = join(folder(), 'files'); });

  it('uses workers automatically, keeps path order, and writes nothing but the format (no progress off a terminal)', () => {
    const r = run(['check', '.', '--target', 'linkerd', '--disable', 'not-read-by-target', '--format', 'json'], dir);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.err, '');
    const j = JSON.parse(r.out);
    assert.deepStrictEqual(j.files.map((f: { path: string }) => f.path), names);
    assert.strictEqual(j.files.filter((f: { findings: unknown[] }) => f.findings.length).length, Math.ceil(N / 3));
    const text = run(['check', '.', '--target', 'linkerd', '--disable', 'not-read-by-target'], dir);
    const paths = text.out.trim().split('\n').map(l => l.split(':')[0]);
    assert.deepStrictEqual(paths, names.filter((_, k) => j.files[k].findings.length));
  });

  it('shows progress on stderr when stderr is a terminal', function () {
    const probe = spawnSync('script', ['-qec', 'true', '/dev/null'], { encoding: 'utf8' });
    if (probe.status !== 0) this.skip();
    // stdout to a file, stderr on the pseudo-terminal that `script` records.
    const outFile = join(dir, '..', 'out.json');
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check . --target linkerd --format json --fail-on never > ${JSON.stringify(outFile)}`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /mesh-lens: \d+\/260 files/);
    assert.strictEqual(JSON.parse(readFileSync(outFile, 'utf8')).files.length, N, 'stdout stays pure JSON');
  });
});

describe('CLI: the JSON inventory on the corpus matches ANSWERS.tsv', function () {
  this.timeout(20_000);
  const corpus = join(FIXTURES, 'corpus');
  let byPath = new Map<string, { path: string }>();
  let s: ReturnType<typeof score>;
  before(() => {
    const r = run(['check', 'test/fixtures/corpus', '--format', 'json', '--fail-on', 'never']);
    byPath = new Map((JSON.parse(r.out).files as { path: string }[]).map(f => [join(REPO, f.path), f]));
    s = score(corpus, (p: string) => byPath.get(p) as never);
  });

  it('every sure row (resources, annotations, feature uses) line-exact, through the CLI', () => {
    assert.deepStrictEqual(s.misses.filter(m => m.confidence === 'sure'), []);
    for (const kind of ['resource', 'annotation', 'use'] as const) assert.strictEqual(s[kind].sure[0], s[kind].sure[1], `${kind}: found ${s[kind].sure[0]} of ${s[kind].sure[1]} sure rows`);
  });
  it('the answer key covers every file the CLI checked, and names only files it checked', () => {
    const answered = new Set(readAnswers(corpus).map(a => join(corpus, a.file)));
    assert.deepStrictEqual([...byPath.keys()].filter(p => !answered.has(p)), []);
    assert.deepStrictEqual([...answered].filter(p => !byPath.has(p)), []);
  });
  it('no extra uses, nothing on negatives', () => {
    assert.deepStrictEqual(s.extras, []);
    assert.deepStrictEqual(s.negatives, []);
  });
  it('uses carry the inventory fields', () => {
    const f = [...byPath.values()].find(x => (x as unknown as { uses: unknown[] }).uses.length) as unknown as { uses: Record<string, unknown>[] };
    assert.deepStrictEqual(Object.keys(f.uses[0]).sort(), ['column', 'endColumn', 'endLine', 'feature', 'field', 'kind', 'line', 'mesh', 'name']);
  });
});

