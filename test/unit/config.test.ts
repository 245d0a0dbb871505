import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogView } from '../../src/core/index';
import { ConfigResolver, formatConfigError, globToRegExp, joinPath, parentDir, parseConfig, relativeInside } from '../../src/core/config';
import type { ConfigError } from '../../src/core/config';
import { FIXTURES, REPO } from './fixtures';

const CLI = join(REPO, 'dist/cli.js');
function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const view = catalogView();
const errorsOf = (text: string): ConfigError[] => {
  const r = parseConfig(text, view);
  assert.ok(r.errors, `expected errors for ${JSON.stringify(text)}`);
  return r.errors;
};

describe('.meshlens.yaml: parsing', () => {
  it('reads every key', () => {
    const r = parseConfig('target: linkerd@2.14\nseverity:\n  unsupported: error\n  partial: info\n  unknown: "off"\nignore: [charts/**, "*.gen.yaml"]\ndisable:\n  - traffic_mirroring\n  - project-archived\n', view);
    assert.deepStrictEqual(r, { config: {
      target: { mesh: 'linkerd', version: '2.14' },
      severity: { unsupported: 'error', partial: 'information', unknown: 'off' },
      ignore: ['charts/**', '*.gen.yaml'],
      disable: ['traffic_mirroring', 'project-archived'],
    } });
  });

  it('an empty file or comments only is an empty config; plain off is the word off, not a boolean', () => {
    assert.deepStrictEqual(parseConfig('', view), { config: {} });
    assert.deepStrictEqual(parseConfig('# nothing yet\n', view), { config: {} });
    assert.deepStrictEqual(parseConfig('severity: {unknown: off, partial: hint}\n', view), { config: { severity: { unknown: 'off', partial: 'hint' } } });
  });

  it('an unknown target is an error at the value (line and column)', () => {
    const e = errorsOf('# comment\n\ntarget: linkerdd\n');
    assert.strictEqual(e.length, 1);
    assert.strictEqual(formatConfigError('.meshlens.yaml', e[0]).split(':').slice(0, 4).join(':'), '.meshlens.yaml:3:9: unknown target "linkerdd"');
  });

  it('unknown keys, wrong types, unknown severities and feature ids are errors, never silent defaults', () => {
    const cases: [string, RegExp, number, number][] = [
      ['colour: blue\n', /unknown key "colour"/, 1, 1],
      ['target: [linkerd]\n', /target must be a string, not a list/, 1, 9],
      ['target:\n', /target needs a value/, 1, 8],
      ['severity: error\n', /severity must be a mapping/, 1, 11],
      ['severity:\n  unsupported: fatal\n', /unknown severity "fatal" for unsupported/, 2, 16],
      ['severity:\n  unsuported: error\n', /unknown severity key "unsuported"/, 2, 3],
      ['ignore: charts/**\n', /ignore must be a list \(write \[charts\/\*\*\]\)/, 1, 9],
      ['ignore: [{a: b}]\n', /an ignore glob must be a string, not a mapping/, 1, 10],
      ['disable: [traffic_mirroring, mirroring]\n', /unknown feature id "mirroring" \(did you mean "traffic_mirroring"\?\)/, 1, 30],
      ['target: istio\ntarget: linkerd\n', /duplicate key "target"/, 2, 1],
      ['- target: istio\n', /expected a mapping/, 1, 1],
      ['target: istio\n---\ntarget: kuma\n', /only one YAML document/, 3, 1],
      ['target: [istio\n', /YAML syntax error/, 2, 1],
    ];
    for (const [text, msg, line, column] of cases) {
      const e = errorsOf(text);
      assert.match(e[0].message, msg, text);
      assert.deepStrictEqual([e[0].line, e[0].column], [line, column], `${text} → ${e[0].message}`);
    }
  });

  it('reports every error at once', () => {
    assert.strictEqual(errorsOf('target: x\ncolour: y\ndisable: [nope]\n').length, 3);
  });
});

describe('.meshlens.yaml: globs and paths', () => {
  it('globs: ** across folders, * within one, a bare name anywhere, a folder covers its content', () => {
    const m = (g: string, p: string) => globToRegExp(g).test(p);
    assert.ok(m('generated/**', 'generated/a/b.yaml'));
    assert.ok(!m('generated/**', 'src/generated.yaml'));
    assert.ok(m('**/*.gen.yaml', 'a.gen.yaml') && m('**/*.gen.yaml', 'x/y/a.gen.yaml'));
    assert.ok(!m('**/*.gen.yaml', 'x/a.gen.yamlx'));
    assert.ok(m('*.gen.yaml', 'deep/er/a.gen.yaml'));
    assert.ok(m('charts', 'charts/x/y.yaml') && m('charts/', 'a/charts/y.yaml'));
    assert.ok(!m('charts/*.yaml', 'charts/x/y.yaml'));
    assert.ok(m('./charts/*.yaml', 'charts/y.yaml'));
  });

  it('path helpers handle / and \\ paths and the root', () => {
    assert.strictEqual(parentDir('/a/b/c.yaml'), '/a/b');
    assert.strictEqual(parentDir('/a'), '/');
    assert.strictEqual(parentDir('/'), '/');
    assert.strictEqual(parentDir('C:\\w\\x.yaml'), 'C:\\w');
    assert.strictEqual(parentDir('C:\\w'), 'C:\\');
    assert.strictEqual(parentDir('C:\\'), 'C:\\');
    assert.strictEqual(joinPath('/', '.meshlens.yaml'), '/.meshlens.yaml');
    assert.strictEqual(joinPath('C:\\w', '.meshlens.yaml'), 'C:\\w\\.meshlens.yaml');
    assert.strictEqual(relativeInside('/a/b', '/a/b/c/d.yaml'), 'c/d.yaml');
    assert.strictEqual(relativeInside('/a/b', '/a/bc/d.yaml'), undefined);
  });
});

describe('.meshlens.yaml: discovery', () => {
  const files: Record<string, string> = {
    '/repo/.meshlens.yaml': 'target: linkerd\nignore: [generated/**]\n',
    '/repo/apps/legacy/.meshlens.yaml': 'target: consul\n',
    '/repo/bad/.meshlens.yaml': 'target: linkerdd\n',
  };

  it('the nearest file walking up wins; folders without one inherit; one read per folder (cached)', () => {
    const reads: string[] = [];
    const r = new ConfigResolver(view, p => { reads.push(p); return files[p]; });
    assert.strictEqual(r.forFile('/repo/apps/legacy/deep/x.yaml')?.path, '/repo/apps/legacy/.meshlens.yaml');
    assert.deepStrictEqual(r.forFile('/repo/apps/legacy/deep/x.yaml')?.config?.target, { mesh: 'consul' });
    assert.strictEqual(r.forFile('/repo/apps/y.yaml')?.path, '/repo/.meshlens.yaml');
    assert.strictEqual(r.forFile('/repo/apps/z.yaml')?.path, '/repo/.meshlens.yaml');
    assert.strictEqual(r.forFile('/elsewhere/z.yaml'), null);
    assert.strictEqual(reads.length, new Set(reads).size, `each folder read once: ${reads.join(', ')}`);
    assert.ok(reads.includes('/.meshlens.yaml'), 'walks up to the filesystem root');
  });

  it('ignores are relative to the config folder', () => {
    const r = new ConfigResolver(view, p => files[p]);
    assert.ok(r.ignores(r.forFile('/repo/generated/a.yaml'), '/repo/generated/a.yaml'));
    assert.ok(!r.ignores(r.forFile('/repo/apps/generated/a.yaml'), '/repo/apps/generated/a.yaml'));
  });

  it('a broken file is reported with its errors', () => {
    const r = new ConfigResolver(view, p => files[p]);
    const c = r.forFile('/repo/bad/x.yaml');
    assert.strictEqual(c?.errors?.[0].line, 1);
    assert.deepStrictEqual(r.broken().map(b => b.path), ['/repo/bad/.meshlens.yaml']);
  });

  it('works with Windows paths', () => {
    const r = new ConfigResolver(view, p => (p === 'C:\\repo\\.meshlens.yaml' ? 'target: kuma\n' : undefined));
    assert.deepStrictEqual(r.forFile('C:\\repo\\a\\b.yaml')?.config?.target, { mesh: 'kuma' });
  });
});

describe('.meshlens.yaml in the CLI', function () {
  this.timeout(30_000);
  const team = join(FIXTURES, 'config/team');
  const json = (args: string[], cwd = team) => {
    const r = run(['check', ...args, '--format', 'json'], cwd);
    return { code: r.code, err: r.err, files: new Map((JSON.parse(r.out).files as { path: string; target: string; findings: { rule: string; severity: string }[] }[]).map(f => [f.path, f])) };
  };

  it('applies target, severity and ignore from the nearest file; nested folders use their own', () => {
    const r = json(['.']);
    assert.strictEqual(r.code, 1, r.err);
    assert.deepStrictEqual([...r.files.keys()], ['apps/legacy/mirror.yaml', 'apps/mirror.yaml', 'apps/own-target.yaml'], 'generated/** is ignored');
    assert.strictEqual(r.files.get('apps/mirror.yaml')!.target, 'linkerd@2.14');
    assert.deepStrictEqual(r.files.get('apps/mirror.yaml')!.findings.map(f => `${f.severity} ${f.rule}`), ['information not-read-by-target', 'error traffic_mirroring']);
    assert.strictEqual(r.files.get('apps/legacy/mirror.yaml')!.target, 'consul');
    assert.deepStrictEqual(r.files.get('apps/legacy/mirror.yaml')!.findings.map(f => f.rule), ['not-read-by-target'], 'features disabled by the nearer file');
  });

  it('precedence: a file comment > --target > .meshlens.yaml', () => {
    const r = json(['.', '--target', 'linkerd']);
    assert.strictEqual(r.files.get('apps/legacy/mirror.yaml')!.target, 'linkerd');
    assert.strictEqual(r.files.get('apps/mirror.yaml')!.target, 'linkerd');
    assert.deepStrictEqual(r.files.get('apps/mirror.yaml')!.findings.filter(f => f.rule === 'traffic_mirroring').map(f => f.severity), ['error'], 'severity still from the file');
    assert.strictEqual(r.files.get('apps/own-target.yaml')!.target, 'istio');
    assert.deepStrictEqual(r.files.get('apps/own-target.yaml')!.findings, []);
  });

  it('--fail-on error fails because the config makes unsupported an error; --no-config ignores the files', () => {
    assert.strictEqual(run(['check', '.', '--fail-on', 'error'], team).code, 1);
    const r = run(['check', '.', '--no-config', '--format', 'json'], team);
    assert.strictEqual(r.code, 0);
    assert.strictEqual(JSON.parse(r.out).files.length, 4, 'generated/ is checked too');
  });

  it('a broken config: exit 2, every error as file:line:column on stderr, nothing on stdout', () => {
    const r = run(['check', 'test/fixtures/config/broken']);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.out, '');
    assert.match(r.err, /^test\/fixtures\/config\/broken\/\.meshlens\.yaml:3:9: unknown target "linkerdd"/m);
    assert.match(r.err, /^test\/fixtures\/config\/broken\/\.meshlens\.yaml:4:1: unknown key "colour"/m);
  });

  it('a config above the working directory applies too (walks up from each file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-cfg-'));
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    writeFileSync(join(dir, '.meshlens.yaml'), 'target: linkerd\n');
    writeFileSync(join(dir, 'a/b/vs.yaml'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  http:\n  - mirror: {host: x}\n');
    const r = run(['check', 'vs.yaml', '--format', 'json'], join(dir, 'a/b'));
    assert.strictEqual(r.code, 1, r.err);
    assert.strictEqual(JSON.parse(r.out).target, 'linkerd');
  });
});
