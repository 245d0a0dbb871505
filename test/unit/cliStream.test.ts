// `mesh-lens check` writes JSON, SARIF and text file by file as results arrive: the streamed document must
// be exactly what printing the whole log at once gives, in-process and from worker threads, to any reader.
import * as assert from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, catalogView } from '../../src/core/index';
import type { Target } from '../../src/core/index';
import { toJsonFile } from '../../src/core/outputs/report';
import type { JsonFile } from '../../src/core/outputs/report';
import { toSarif } from '../../src/core/outputs/sarif';
import { REPO } from './fixtures';

const CLI = join(REPO, 'dist/cli.js');
const VERSION = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const mirror = (name: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts: [reviews]
  http:
  - mirror:
      host: reviews-v2
    fault:
      delay: {fixedDelay: 5s, percentage: {value: 10}}
    retries: {attempts: 3}
    route:
    - destination: {host: reviews}
`;

/** Several files of every kind of entry: findings, uses, annotations, a parse error, a file's own target, text to escape. */
const FILES: Record<string, string> = {
  'a-mirror.yaml': mirror('reviews'),
  'b-broken.yaml': 'apiVersion: networking.istio.io/v1\nkind: [\n',
  'c-annotated.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    linkerd.io/inject: enabled\n    config.linkerd.io/proxy-cpu-limit: "1"\nspec:\n  template:\n    metadata:\n      annotations:\n        retry.linkerd.io/http: 5xx\n',
  'd-own-target.yaml': `# mesh-lens target: consul\n${mirror('ratings')}`,
  'e-quoted "name" é.yaml': mirror('"r\\u00e9views\\t\\"two\\""'),
  'f-plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {mirror: "yes"}\n',
  'g-empty.yaml': '',
};

function expectedFiles(target: Target | null): JsonFile[] {
  return Object.keys(FILES).sort().map(name => toJsonFile(name, analyze(FILES[name], { target })));
}

describe('CLI: check streams its output file by file', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-lens-stream-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  for (const jobs of ['1', '2']) {
    it(`json (--jobs ${jobs}): several files parse to the expected objects, byte for byte the whole log printed at once`, () => {
      const r = run(['check', '.', '--target', 'linkerd', '--format', 'json', '--jobs', jobs], dir);
      assert.strictEqual(r.code, 1, r.err);
      assert.strictEqual(r.err, '');
      const expected = { version: 1, target: 'linkerd', files: expectedFiles({ mesh: 'linkerd' }) };
      assert.deepStrictEqual(JSON.parse(r.out), expected);
      assert.strictEqual(r.out, JSON.stringify(expected, null, 2) + '\n');
      assert.ok(expected.files.some(f => f.findings.length) && expected.files.some(f => f.errors.length) && expected.files.some(f => f.annotations.length));
      assert.ok(expected.files.some(f => f.target === 'consul'), 'a file judged against its own target');
    });

    it(`sarif (--jobs ${jobs}): the streamed log equals the whole log printed at once`, () => {
      const r = run(['check', '.', '--target', 'linkerd', '--format', 'sarif', '--jobs', jobs], dir);
      assert.strictEqual(r.code, 1, r.err);
      const expected = toSarif(expectedFiles({ mesh: 'linkerd' }), { view: catalogView(), version: VERSION, target: { mesh: 'linkerd' } });
      assert.deepStrictEqual(JSON.parse(r.out), expected);
      assert.strictEqual(r.out, JSON.stringify(expected, null, 2) + '\n');
      assert.ok(expected.runs[0].results.length >= 8);
    });
  }

  it('text: one line per parse error and finding, file after file', () => {
    const r = run(['check', '.', '--target', 'linkerd'], dir);
    const lines = expectedFiles({ mesh: 'linkerd' }).flatMap(f => [
      ...f.errors.map(e => `${f.path}:${e.line}:${e.column}: error ${e.message} [parse-error]`),
      ...f.findings.map(x => `${f.path}:${x.line}:${x.column}: ${x.severity} ${x.message} [${x.feature ?? x.rule}]`),
    ]);
    assert.strictEqual(r.out, lines.join('\n') + '\n');
  });

  it('no files: an empty list, as the whole log prints it', () => {
    const json = run(['check', '.', '--ignore', '**', '--format', 'json'], dir);
    assert.strictEqual(json.out, JSON.stringify({ version: 1, target: null, files: [] }, null, 2) + '\n');
    const sarif = run(['check', '.', '--ignore', '**', '--format', 'sarif'], dir);
    assert.strictEqual(sarif.out, JSON.stringify(toSarif([], { view: catalogView(), version: VERSION, target: null }), null, 2) + '\n');
  });

  it('a large file to a reader that waits before reading gets the whole document (the CLI waits for the pipe to drain)', async () => {
    const docs = Array.from({ length: 400 }, (_, i) => mirror(`reviews-${i}`)).join('---\n');
    writeFileSync(join(dir, 'big.yaml'), docs);
    try {
      const child = spawn(process.execPath, [CLI, 'check', 'big.yaml', '--target', 'linkerd', '--format', 'json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pause();
      const parts: Buffer[] = [];
      let err = '';
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      const code = await new Promise<number | null>(resolve => {
        setTimeout(() => { child.stdout.on('data', (d: Buffer) => parts.push(d)); child.stdout.resume(); }, 300);
        child.on('close', resolve);
      });
      assert.strictEqual(err, '');
      assert.strictEqual(code, 1);
      const out = Buffer.concat(parts).toString('utf8');
      const expected = { version: 1, target: 'linkerd', files: [toJsonFile('big.yaml', analyze(docs, { target: { mesh: 'linkerd' } }))] };
      assert.ok(out.length > 1 << 20, `${out.length} characters: more than a pipe holds`);
      assert.strictEqual(out, JSON.stringify(expected, null, 2) + '\n');
    } finally {
      rmSync(join(dir, 'big.yaml'));
    }
  });
});
