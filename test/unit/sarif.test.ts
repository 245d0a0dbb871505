import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { analyze, catalogView } from '../../src/core/index';
import { toJsonFile } from '../../src/core/outputs/report';
import { fnv1a64, fnv1a64Bytes, pathToUri, sarifLevel, toSarif, FINGERPRINT_KEY, NON_FEATURE_RULES } from '../../src/core/outputs/sarif';
import { FIXTURES, REPO } from './fixtures';

const CLI = join(REPO, 'dist/cli.js');
function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
function assertValid(log: unknown) {
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
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
    fault:
      delay: {fixedDelay: 5s, percentage: {value: 10}}
    route:
    - destination: {host: reviews}
`;

describe('SARIF output', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-sarif-'));
  mkdirSync(join(dir, 'k8s dir'), { recursive: true });
  writeFileSync(join(dir, 'k8s dir/vs.yaml'), VS);
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: networking.istio.io/v1\nkind: [\n');

  it('FNV-1a 64 matches the published test vectors', () => {
    assert.strictEqual(fnv1a64Bytes([]), 'cbf29ce484222325');
    assert.strictEqual(fnv1a64Bytes([0x61]), 'af63dc4c8601ec8c');
    assert.strictEqual(fnv1a64Bytes([...Buffer.from('foobar')]), '85944171f73967e8');
    assert.match(fnv1a64('traffic_mirroring\u0000a.yaml'), /^[0-9a-f]{16}$/);
    assert.notStrictEqual(fnv1a64('ab'), fnv1a64('ba'));
  });

  it('maps severities: error/warning stay, information and hint become note', () => {
    assert.deepStrictEqual(['error', 'warning', 'information', 'hint', 'off'].map(s => sarifLevel(s as never)), ['error', 'warning', 'note', 'note', 'none']);
  });

  it('relative paths are URI references under %SRCROOT%, each segment encoded', () => {
    assert.deepStrictEqual(pathToUri('k8s dir/vs#1.yaml'), { uri: 'k8s%20dir/vs%231.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepStrictEqual(pathToUri('/abs/x.yaml'), { uri: 'file:///abs/x.yaml' });
    assert.deepStrictEqual(pathToUri('C:\\w\\x.yaml'), { uri: 'file:///C:/w/x.yaml' });
  });

  it('the CLI output validates against the OASIS SARIF 2.1.0 schema (one run, rules, results, regions)', () => {
    const r = run(['check', '.', '--target', 'linkerd', '--format', 'sarif'], dir);
    assert.strictEqual(r.code, 1, r.err);
    assert.strictEqual(r.err, '');
    const log = JSON.parse(r.out);
    assertValid(log);
    assert.strictEqual(log.version, '2.1.0');
    assert.strictEqual(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.strictEqual(driver.name, 'Mesh Lens');
    assert.strictEqual(driver.version, JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    assert.strictEqual(driver.informationUri, undefined, 'no invented URLs');
    const view = catalogView();
    // A rule's helpUri is the target cell's first linked evidence (no invented URL); its help has the links.
    for (const rule of driver.rules as { id: string; helpUri?: string; help: { markdown?: string } }[]) {
      const cell = view.cell('linkerd', rule.id);
      const expected = cell?.sources.find(x => x.url)?.url ?? view.features.get(rule.id)?.sources?.find(x => x.url)?.url;
      assert.strictEqual(rule.helpUri, expected, rule.id);
      for (const x of cell?.sources ?? []) if (x.url) assert.ok(rule.help.markdown?.includes(`](${x.url.replace(/[()]/g, c => (c === '(' ? '%28' : '%29'))})`), `${rule.id}: ${x.url}`);
    }

    const results = log.runs[0].results;
    const mirror = results.find((x: { ruleId: string }) => x.ruleId === 'traffic_mirroring');
    assert.strictEqual(mirror.level, 'warning');
    assert.match(mirror.message.text, /^Traffic mirroring \(spec\.http\[0\]\.mirror\) is not supported by Linkerd/);
    assert.deepStrictEqual(mirror.locations[0].physicalLocation, {
      artifactLocation: { uri: 'k8s%20dir/vs.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 5, endLine: 8, endColumn: 11 },
    });
    assert.strictEqual(driver.rules[mirror.ruleIndex].id, 'traffic_mirroring');
    const parse = results.find((x: { ruleId: string }) => x.ruleId === 'parse-error');
    assert.strictEqual(parse.level, 'error');
    assert.strictEqual(parse.locations[0].physicalLocation.artifactLocation.uri, 'broken.yaml');
    assert.strictEqual(parse.locations[0].physicalLocation.region.startLine, 3);
  });

  it('regions equal the JSON findings (1-based columns, exclusive endColumn)', () => {
    const json = JSON.parse(run(['check', '.', '--target', 'linkerd', '--format', 'json'], dir).out);
    const sarif = JSON.parse(run(['check', '.', '--target', 'linkerd', '--format', 'sarif'], dir).out);
    const fromJson = json.files.flatMap((f: { path: string; findings: { rule: string; line: number; column: number; endLine: number; endColumn: number }[] }) =>
      f.findings.map(x => `${f.path.replace(' ', '%20')} ${x.rule} ${x.line}:${x.column}-${x.endLine}:${x.endColumn}`));
    const fromSarif = sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId !== 'parse-error').map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[] }) => {
      const p = x.locations[0].physicalLocation, g = p.region;
      return `${p.artifactLocation.uri} ${x.ruleId} ${g.startLine}:${g.startColumn}-${g.endLine}:${g.endColumn}`;
    });
    assert.deepStrictEqual(fromSarif, fromJson);
  });

  it('one rule per feature id plus the non-feature rules, with descriptions, help per mesh and a default level', () => {
    const view = catalogView();
    const log = toSarif([], { view, version: '0.1.0', target: { mesh: 'linkerd' } });
    assertValid(log);
    const rules = log.runs[0].tool.driver.rules as { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[];
    const features = [...view.features.values()].filter(f => f.kind === 'feature').map(f => f.id);
    assert.deepStrictEqual(rules.map(r => r.id), [...features, ...NON_FEATURE_RULES.map(r => r.id)]);
    const mirror = rules.find(r => r.id === 'traffic_mirroring')!;
    assert.strictEqual(mirror.shortDescription.text, 'Traffic mirroring');
    assert.strictEqual(mirror.defaultConfiguration.level, 'warning'); // Linkerd: unsupported
    assert.match(mirror.help.text, /- Istio \(supported\): VirtualService spec\.http\[\]\.mirror/);
    assert.match(mirror.help.text, /- Linkerd \(unsupported\)/);
    assert.strictEqual(rules.find(r => r.id === 'http_request_matching_rules')!.defaultConfiguration.level, 'none'); // supported
    assert.strictEqual(rules.find(r => r.id === 'parse-error')!.defaultConfiguration.level, 'error');
    assert.ok(rules.every(r => r.fullDescription.text.length > 0 && r.help.text.length > 0));
  });

  it('the whole corpus gives a valid log; information and hint findings are notes', () => {
    const r = run(['check', 'test/fixtures/corpus', '--target', 'linkerd', '--format', 'sarif', '--fail-on', 'never']);
    assert.strictEqual(r.code, 0, r.err);
    const log = JSON.parse(r.out);
    assertValid(log);
    const levels = new Set(log.runs[0].results.map((x: { level: string }) => x.level));
    assert.ok(levels.has('note') && levels.has('warning'), [...levels].join());
    assert.ok(!levels.has('information') && !levels.has('hint'));
  });

  describe('partialFingerprints', () => {
    const fingerprints = (text: string, path = 'a/vs.yaml') => {
      const log = toSarif([toJsonFile(path, analyze(text, { target: { mesh: 'linkerd' } }))], { view: catalogView(), version: '0', target: { mesh: 'linkerd' } });
      return (log.runs[0].results as { ruleId: string; partialFingerprints: Record<string, string> }[]).map(x => `${x.ruleId} ${x.partialFingerprints[FINGERPRINT_KEY]}`);
    };

    it('are identical across two CLI runs', () => {
      const a = JSON.parse(run(['check', '.', '--target', 'linkerd', '--format', 'sarif'], dir).out);
      const b = JSON.parse(run(['check', '.', '--target', 'linkerd', '--format', 'sarif'], dir).out);
      const fp = (log: { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }) => log.runs[0].results.map(x => x.partialFingerprints[FINGERPRINT_KEY]);
      assert.ok(fp(a).length >= 3);
      assert.deepStrictEqual(fp(a), fp(b));
    });

    it('do not change when lines are inserted above (no line numbers in the hash)', () => {
      const before = fingerprints(VS);
      const after = fingerprints(`# a comment\n# another\n${VS}`);
      assert.ok(before.length >= 2);
      assert.deepStrictEqual(after, before);
    });

    it('differ between rules, files and resources, and are unique within a file', () => {
      const a = fingerprints(VS);
      assert.strictEqual(new Set(a).size, a.length);
      assert.notDeepStrictEqual(fingerprints(VS, 'b/vs.yaml'), a);
      assert.notDeepStrictEqual(fingerprints(VS.replace('name: reviews', 'name: ratings')), a);
      const twice = fingerprints(`${VS}---\n${VS}`);
      assert.strictEqual(new Set(twice).size, twice.length, 'the same finding twice in a file is numbered');
    });
  });
});
