import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { REPO } from './fixtures';
import { sourcesOf } from '../../scripts/catalog-build.mjs';

// The data check (npm run check:data) and the shape of data/ that the issue asks for: every sheet
// cell kept as history, blanks of the seed-only meshes unknown, statuses with date and source.

const CHECK = join(REPO, 'scripts/check-data.mjs');
/** Evidence of a cell or status, in either data form (a `sources` list, or an older single `source`). */
const evidence = (x: object) => sourcesOf(x, 'source') as { title: string; url?: string }[];
const fromSheet = (x: object) => { const s = evidence(x); return s.length > 0 && s.every(e => /learnk8s/i.test(e.title)); };
const SEED_ONLY = ['app-mesh', 'nginx-service-mesh', 'maesh', 'traefik-mesh', 'network-service-mesh'];
const VERIFIED = ['istio', 'linkerd', 'kuma', 'consul', 'osm'];

interface Cell {
  level: string; since?: string; sinceNote?: string; removedIn?: string; qualifiers?: string[];
  seed?: { value: string | null; level: string; confidence: string };
}
interface Feature { id: string; kind?: string; seedLine?: number; noDetectorReason?: string }
interface Mesh { id: string; seedColumn?: string; latestVersion?: string; versionScheme?: string; status: { state: string; date?: string } }

const yaml = <T>(rel: string): T => load(readFileSync(join(REPO, 'data', rel), 'utf8')) as T;
const meshes = yaml<{ meshes: Mesh[] }>('meshes.yaml').meshes;
const features = yaml<{ sections: { id: string; features: Feature[] }[] }>('features.yaml').sections.flatMap(s => s.features);
const sheetFeatures = features.filter(f => f.seedLine !== undefined);
const cellCache = new Map<string, Record<string, Cell>>();
const cells = (owner: string) => {
  if (!cellCache.has(owner)) cellCache.set(owner, yaml<{ cells: Record<string, Cell> }>(`support/${owner}.yaml`).cells);
  return cellCache.get(owner)!;
};

function runCheck(root?: string) {
  const args = [CHECK, '--json', ...(root ? ['--root', root] : [])];
  const r = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8' });
  return { code: r.status, out: JSON.parse(r.stdout) as { ok: boolean; errors: string[]; summary: Record<string, any> }, err: r.stderr };
}

describe('data: npm run check:data', function () {
  this.timeout(30000); // spawns node twice; the check loads every data file and the field-docs index
  it('passes on the committed data, with a summary', () => {
    const r = runCheck();
    assert.deepStrictEqual(r.out.errors, []);
    assert.strictEqual(r.code, 0, r.err);
    const s = r.out.summary;
    for (const m of VERIFIED) {
      assert.strictEqual(s.verified[m], features.length, `${m}: every cell verified`);
      assert.strictEqual(s.unknown[m], 0, `${m}: no unknown cell`);
    }
    assert.ok(s.detectors > 0 && s.schemaExempt < s.detectors);
    assert.ok(s.fieldDocs.described > 0 && s.fieldDocs.described <= s.fieldDocs.fields);
    assert.ok(s.detectorFields.described <= s.detectorFields.fields);
  });

  it('fails with a clear list when the data is broken', () => {
    const root = mkdtempSync(join(tmpdir(), 'mesh-lens-data-'));
    try {
      cpSync(join(REPO, 'data'), join(root, 'data'), { recursive: true });
      const det = join(root, 'data/detectors/istio.yaml');
      writeFileSync(det, readFileSync(det, 'utf8').replace('paths: ["spec.http[].mirror", "spec.http[].mirrors"]', 'paths: ["spec.http[].mirorr"]'));
      const linkerd = join(root, 'data/support/linkerd.yaml');
      writeFileSync(linkerd, readFileSync(linkerd, 'utf8').replace(/since: ["']2\.17["']/, 'since: "edge-24.11.2 / 2.17"').replace(/^(  [a-z_]+:\n)(    level: )/m, '$1    sourcez: x\n$2'));
      const api = join(root, 'data/api-versions.yaml');
      writeFileSync(api, readFileSync(api, 'utf8').replace('owner: smi', 'owner: smy'));
      const r = runCheck(root);
      assert.strictEqual(r.code, 1);
      const text = r.out.errors.join('\n');
      assert.match(text, /istio\.vs\.mirror: path spec\.http\[\]\.mirorr is not in the CRD schema of networking\.istio\.io\/VirtualService/);
      assert.match(text, /support\/linkerd\.yaml \w+: since "edge-24\.11\.2 \/ 2\.17" is not a clean version/);
      assert.match(text, /api-versions\.yaml: owner smy unknown/);
      // Schema errors name the file, the line and the path.
      assert.match(text, /data\/support\/linkerd\.yaml:\d+ cells\.\w+: must NOT have additional properties \(sourcez\)/);
      assert.match(text, /data\/support\/linkerd\.yaml:\d+ cells\.\w+\.since: must match pattern/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('data: JSON Schemas', () => {
  it('every data file kind has a draft-07 schema in data/schemas, associated in .vscode/settings.json for the YAML extension', () => {
    // .vscode/settings.json is JSON with comments.
    const settings = JSON.parse(readFileSync(join(REPO, '.vscode/settings.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    const associated = settings['yaml.schemas'] as Record<string, string>;
    const SCHEMA_OF = {
      'meshes.yaml': 'meshes.schema.json', 'features.yaml': 'features.schema.json', 'api-versions.yaml': 'api-versions.schema.json',
      'gateway-implementations.yaml': 'gateway-implementations.schema.json', 'recognition.yaml': 'recognition.schema.json',
      'support/*.yaml': 'support.schema.json', 'detectors/*.yaml': 'detectors.schema.json',
    };
    assert.deepStrictEqual(readdirSync(join(REPO, 'data/schemas')).sort(), Object.values(SCHEMA_OF).sort());
    for (const [files, schema] of Object.entries(SCHEMA_OF)) {
      const json = JSON.parse(readFileSync(join(REPO, 'data/schemas', schema), 'utf8'));
      assert.strictEqual(json.$schema, 'http://json-schema.org/draft-07/schema#', schema);
      assert.strictEqual(json.additionalProperties, false, `${schema}: strict`);
      assert.strictEqual(associated[`./data/schemas/${schema}`], `data/${files}`, schema);
    }
  });
});

describe('data: support cells', () => {
  it('every mesh has a cell for every feature, with a level and a source', () => {
    const owners = readdirSync(join(REPO, 'data/support')).filter(f => f.endsWith('.yaml')).map(f => f.replace(/\.yaml$/, '')).sort();
    assert.deepStrictEqual(owners, meshes.map(m => m.id).sort());
    for (const o of owners) {
      const c = cells(o);
      for (const f of features) {
        assert.ok(c[f.id], `${o}/${f.id}`);
        assert.ok(c[f.id].level, `${o}/${f.id} level`);
        assert.ok(evidence(c[f.id]).length, `${o}/${f.id} source`);
      }
    }
  });

  it('every seed cell is present with its 2022 value (history), for every sheet column', () => {
    const seedMeshes = meshes.filter(m => m.seedColumn);
    assert.strictEqual(seedMeshes.length, 10);
    for (const m of seedMeshes) {
      const c = cells(m.id);
      for (const f of sheetFeatures) {
        const seed = c[f.id].seed;
        assert.ok(seed && 'value' in seed, `${m.id}/${f.id}: no seed`);
        assert.ok(seed.level, `${m.id}/${f.id}: seed has no level`);
      }
      for (const f of features.filter(x => x.seedLine === undefined)) assert.strictEqual(c[f.id].seed, undefined, `${m.id}/${f.id}: not a sheet row`);
    }
  });

  it('blanks of the seed-only meshes are unknown, not unsupported; their cells keep the sheet as source', () => {
    let blanks = 0;
    for (const m of SEED_ONLY) {
      const c = cells(m);
      for (const f of features) {
        const cell = c[f.id];
        if (f.kind === 'info') { assert.strictEqual(cell.level, 'not_applicable', `${m}/${f.id}`); continue; }
        if (!cell.seed || cell.seed.value === null) {
          blanks++;
          assert.strictEqual(cell.level, 'unknown', `${m}/${f.id}: blank must be unknown`);
        } else {
          assert.strictEqual(cell.level, cell.seed.level, `${m}/${f.id}`);
          assert.ok(fromSheet(cell), `${m}/${f.id}: the sheet is its source`);
        }
      }
    }
    assert.ok(blanks > 100, `${blanks}`);
    for (const f of features) if (f.kind !== 'info') assert.strictEqual(cells('network-service-mesh')[f.id].level, 'unknown');
  });

  it('verified meshes: the judged level rests on a 2026 source, never on the sheet', () => {
    for (const m of [...VERIFIED, 'gateway-api']) {
      for (const [id, c] of Object.entries(cells(m))) {
        assert.ok(!fromSheet(c) || c.level === 'not_applicable', `${m}/${id}`);
        assert.notStrictEqual(c.level, 'unknown', `${m}/${id}`);
      }
    }
  });

  it('since/removedIn are clean versions; the text is kept in sinceNote', () => {
    const clean = /^\d+\.\d+(\.\d+)?$/;
    for (const m of meshes) {
      for (const [id, c] of Object.entries(cells(m.id))) {
        if (c.since !== undefined) assert.match(c.since, clean, `${m.id}/${id}`);
        if (c.removedIn !== undefined) assert.match(c.removedIn, clean, `${m.id}/${id}`);
        if (c.since !== undefined || c.removedIn !== undefined) assert.ok(m.latestVersion && m.versionScheme, `${m.id} needs a version line`);
      }
    }
    assert.strictEqual(cells('consul').request_authentication.since, '1.2.0');
    assert.match(cells('consul').request_authentication.sinceNote!, /Consul 1\.16\b.*consul-k8s 1\.2\.0/);
    assert.match(meshes.find(m => m.id === 'consul')!.versionScheme!, /^consul-k8s/);
    // Kuma: the new Mesh* policy's version is not the feature's when a legacy kind expressed it before.
    assert.strictEqual(cells('kuma').rate_limiting.since, undefined);
    assert.match(cells('kuma').rate_limiting.sinceNote!, /2\.1\.0\b.*legacy RateLimit/);
    assert.strictEqual(cells('kuma').traffic_mirroring.since, '2.2.0');
  });
});

describe('data: meshes and features', () => {
  it('every status has a source, and every non-active status a date', () => {
    for (const m of meshes) {
      assert.ok(evidence(m.status).length, `${m.id}: status source`);
      if (m.status.state !== 'active' && m.status.state !== 'no-data') assert.match(m.status.date ?? '', /^\d{4}-\d{2}(-\d{2})?$/, `${m.id}: status date`);
    }
    const state = Object.fromEntries(meshes.map(m => [m.id, m.status.state]));
    assert.deepStrictEqual(
      { osm: state.osm, 'app-mesh': state['app-mesh'], 'nginx-service-mesh': state['nginx-service-mesh'], maesh: state.maesh, 'traefik-mesh': state['traefik-mesh'], smi: state.smi },
      { osm: 'archived', 'app-mesh': 'discontinued', 'nginx-service-mesh': 'archived', maesh: 'renamed', 'traefik-mesh': 'dormant', smi: 'archived' },
    );
  });

  it('every feature row of the sheet is a feature, plus the extra rows (each with sources)', () => {
    assert.strictEqual(sheetFeatures.length, 67);
    const extra = yaml<{ sections: { id: string; features: (Feature & { sources?: unknown[] })[] }[] }>('features.yaml').sections.find(s => s.id === 'extra')!;
    assert.deepStrictEqual(extra.features.map(f => f.id), ['header_modification', 'url_rewrite', 'redirect', 'session_affinity', 'connection_pool', 'outlier_detection', 'cors', 'external_authorization', 'access_logging', 'wasm_plugin']);
    for (const f of extra.features) assert.ok(f.sources?.length, f.id);
  });
});
