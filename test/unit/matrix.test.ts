import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load as loadYaml } from 'js-yaml';
import {
  buildMatrix, cellLine, defaultPanelState, escapeHtml, moveMesh, normalizeState, toCsv, toMarkdown,
  type CompareCatalog, type MatrixView, type Usage,
} from '../../src/core/compare/matrix';
import { compareCsp, compareHtml, isPageToHost } from '../../src/core/compare/compareProtocol';
import type { Feature, FeatureUse, Mesh, SupportCell } from '../../src/core/model';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';

function mesh(id: string, name: string, status: Mesh['status'] = { state: 'active' }, extra: Partial<Mesh> = {}): Mesh {
  return { id: id as Mesh['id'], name, type: 'mesh', status, ...extra };
}

function feature(id: string, label: string, section: string, kind: Feature['kind'] = 'feature', description?: string): Feature {
  return { id, label, section, kind, description };
}

type CellSpec = Partial<SupportCell> & { level: SupportCell['level'] };
const SHEET = 'learnk8s-2022';

function cells(meshId: string, spec: Record<string, CellSpec>): Record<string, SupportCell> {
  const out: Record<string, SupportCell> = {};
  for (const [f, c] of Object.entries(spec)) {
    out[f] = { mesh: meshId as SupportCell['mesh'], feature: f, qualifiers: [], sources: [{ title: SHEET }], confidence: 'certain', ...c };
  }
  return out;
}
const tick = (level: SupportCell['level'] = 'supported') => ({ value: level === 'supported' ? '✔️' : '✖︎', level, confidence: 'certain' as const });

/** A small catalog shaped like data/: info rows, sheet text, a changed cell, statuses, hostile strings. */
function fixture(): CompareCatalog {
  const meshes = [
    mesh('istio', 'Istio'),
    mesh('linkerd', 'Linkerd'),
    mesh('kuma', 'Kuma'),
    mesh('consul', 'Consul'),
    mesh('osm', 'Open Service Mesh', { state: 'archived', date: '2023-07-10', note: 'Archived by the CNCF', sources: [{ title: 'osm README' }] }),
    mesh('maesh', 'Maesh', { state: 'renamed', date: '2020-09' }, { renamedTo: 'traefik-mesh' }),
    mesh('traefik-mesh', 'Traefik Mesh', { state: 'dormant', date: '2022-08-19' }),
  ];
  const sections = [
    { id: 'general', label: '1. General information', features: [feature('license', 'License', 'general', 'info'), feature('link', 'Link', 'general', 'info')] },
    { id: 'traffic', label: '2. Traffic | routing', features: [
      feature('traffic_mirroring', 'Traffic mirroring', 'traffic', 'feature', 'Copy live traffic to a second service.'),
      feature('rate_limiting', 'Rate limiting', 'traffic'),
      feature('grpc_web', 'gRPC-web', 'traffic'),
      feature('default_load_balancing_mechanism', 'Default load balancing mechanism', 'traffic'),
      feature('multi_cluster_communication', 'Multi-cluster communication', 'traffic'),
    ] },
    { id: 'security', label: '3. Security', features: [
      feature('mtls', `mTLS ${IMG}`, 'security', 'feature', `Mutual TLS\nbetween "workloads", with | pipes`),
      feature('same_everywhere', 'Same everywhere', 'security'),
    ] },
  ];
  const all = (level: SupportCell['level']) => ({ level, seed: tick(level) });
  return {
    meshes,
    sections,
    // As in data/meshes.yaml: the catalog, not the panel, says Consul Enterprise is judged in the Consul column.
    targets: [{ id: 'consul-enterprise', name: 'Consul Enterprise', base: 'consul' }],
    cells: {
      istio: cells('istio', {
        license: { level: 'not_applicable', construct: 'Apache License 2.0', seed: { value: 'Apache License 2.0', level: 'not_applicable', confidence: 'certain' } },
        link: { level: 'not_applicable', construct: 'https://istio.io/', seed: { value: 'https://istio.io/latest', level: 'not_applicable', confidence: 'certain' } },
        traffic_mirroring: { level: 'supported', construct: 'VirtualService spec.http[].mirror', sources: [{ title: 'istio 1.30 networking/v1/virtual_service.proto' }], seed: tick() },
        rate_limiting: { level: 'partial', qualifiers: ['escape_hatch_only'], construct: 'EnvoyFilter', seed: tick() , sources: [{ title: 'istio docs' }]},
        grpc_web: all('supported'),
        default_load_balancing_mechanism: { level: 'supported', seed: { value: 'round-robin', level: 'supported', confidence: 'certain' } },
        multi_cluster_communication: all('supported'),
        mtls: all('supported'),
        same_everywhere: all('supported'),
      }),
      linkerd: cells('linkerd', {
        license: { level: 'not_applicable', seed: { value: 'Apache License 2.0', level: 'not_applicable', confidence: 'certain' } },
        link: { level: 'not_applicable', construct: 'https://linkerd.io/', seed: { value: 'https://linkerd.io/2/overview/', level: 'not_applicable', confidence: 'certain' } },
        traffic_mirroring: { level: 'unsupported', construct: 'none', sources: [{ title: 'linkerd edge-26.8.3 http.rs' }], seed: tick('unsupported') },
        rate_limiting: { level: 'supported', since: '2.17', construct: 'HTTPLocalRateLimitPolicy', sources: [{ title: 'linkerd 2.17 release notes', url: 'https://linkerd.io/2-edge/reference/rate-limiting/' }], seed: tick('unsupported') },
        grpc_web: { level: 'partial', seed: { value: 'Treated as TCP', level: 'partial', confidence: 'inferred' }, confidence: 'inferred' },
        default_load_balancing_mechanism: { level: 'supported', seed: { value: 'EWMA (Exponentially Weighted Moving Average)', level: 'supported', confidence: 'inferred' } },
        multi_cluster_communication: all('supported'),
        mtls: { level: 'supported', seed: tick(), note: `note with ${SCRIPT}` },
        same_everywhere: all('supported'),
      }),
      kuma: cells('kuma', {
        license: { level: 'not_applicable', construct: `Apache ${IMG}`, seed: { value: 'Apache License 2.0', level: 'not_applicable', confidence: 'certain' } },
        traffic_mirroring: { level: 'unsupported', seed: tick('unsupported') },
        rate_limiting: all('supported'),
        grpc_web: { level: 'partial', seed: { value: 'Treated as TCP', level: 'partial', confidence: 'inferred' } },
        default_load_balancing_mechanism: { level: 'supported', seed: { value: 'Round Robin', level: 'supported', confidence: 'inferred' } },
        multi_cluster_communication: all('supported'),
        mtls: all('supported'),
        same_everywhere: all('supported'),
      }),
      consul: cells('consul', {
        rate_limiting: { level: 'supported', qualifiers: ['enterprise_only'], since: 'Consul Enterprise 1.17', editions: { ce: 'partial (escape hatch only: Envoy local_ratelimit)' }, sources: [{ title: 'consul docs' }], seed: tick() },
        traffic_mirroring: { level: 'unknown', seed: { value: null, level: 'unknown', confidence: 'inferred' } },
        mtls: all('supported'),
        same_everywhere: all('supported'),
      }),
      osm: cells('osm', {
        multi_cluster_communication: { level: 'unsupported', seed: { value: 'In Dev', level: 'unsupported', confidence: 'inferred', note: 'never shipped' } },
        traffic_mirroring: all('unsupported'),
        mtls: all('supported'),
        same_everywhere: all('supported'),
      }),
      maesh: cells('maesh', { same_everywhere: all('supported') }),
      'traefik-mesh': cells('traefik-mesh', { same_everywhere: all('supported') }),
    },
  };
}

function use(featureId: string, line: number, name?: string): FeatureUse {
  return {
    feature: featureId, owner: 'istio', kind: 'VirtualService', name, docIndex: 0, field: `spec.http[${line}].mirror`,
    range: { line, column: 5, endLine: line, endColumn: 11 }, detector: 'istio.vs.mirror',
  };
}

function usage(): Usage {
  return {
    activeUri: 'file:///ws/a.yaml',
    files: [
      { uri: 'file:///ws/b.yaml', path: 'b.yaml', uses: [use('mtls', 3, SCRIPT), use('traffic_mirroring', 9, IMG)] },
      { uri: 'file:///ws/a.yaml', path: 'a.yaml', uses: [use('traffic_mirroring', 7), use('traffic_mirroring', 2), use('rate_limiting', 12), use('not_in_catalog', 1)] },
    ],
  };
}

const rowIds = (view: MatrixView) => view.sections.flatMap(s => s.rows.map(r => r.feature.id));
const rowOf = (view: MatrixView, id: string) => {
  const row = view.sections.flatMap(s => s.rows).find(r => r.feature.id === id);
  assert.ok(row, `row ${id} shown`);
  return row;
};
const cellOf = (view: MatrixView, featureId: string, meshId: string) => {
  const cell = rowOf(view, featureId).cells.find(c => c.mesh === meshId);
  assert.ok(cell, `cell ${meshId} shown`);
  return cell;
};

/** RFC 4180 reader, to check the CSV round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

describe('compare matrix', () => {
  describe('view model from the catalog', () => {
    it('shows every section, row and mesh by default, the target first and highlighted', () => {
      const view = buildMatrix(fixture(), defaultPanelState(), usage(), { mesh: 'linkerd' });
      assert.deepEqual(view.sections.map(s => s.id), ['general', 'traffic', 'security']);
      assert.equal(view.shownRows, 9);
      assert.equal(view.totalRows, 9);
      assert.deepEqual(view.columns.map(c => c.mesh), ['linkerd', 'istio', 'kuma', 'consul', 'osm', 'maesh', 'traefik-mesh']);
      assert.deepEqual(view.columns.filter(c => c.isTarget).map(c => c.mesh), ['linkerd']);
      assert.ok(rowOf(view, 'mtls').cells[0].isTarget);
      assert.deepEqual(view.target, { mesh: 'linkerd', column: 'linkerd', label: 'Linkerd' });
    });

    it('keeps catalog order without a target, and maps Consul Enterprise onto the Consul column', () => {
      assert.equal(buildMatrix(fixture(), defaultPanelState()).columns[0].mesh, 'istio');
      const view = buildMatrix(fixture(), defaultPanelState(), undefined, { mesh: 'consul-enterprise', version: '1.21' });
      assert.equal(view.columns[0].mesh, 'consul');
      assert.ok(view.columns[0].isTarget);
      assert.equal(view.target?.label, 'Consul Enterprise 1.21');
    });

    it('says each mesh status with its date in the header', () => {
      const view = buildMatrix(fixture(), defaultPanelState());
      const status = Object.fromEntries(view.columns.map(c => [c.mesh, c.statusText]));
      assert.equal(status.istio, '');
      assert.equal(status.osm, 'Archived (2023-07-10)');
      assert.equal(status.maesh, 'Renamed → Traefik Mesh (2020-09)');
      assert.equal(status['traefik-mesh'], 'Dormant (2022-08-19)');
    });

    it('gives every cell an icon and words, and keeps the sheet text where it says more', () => {
      const view = buildMatrix(fixture(), defaultPanelState());
      assert.equal(cellLine(cellOf(view, 'traffic_mirroring', 'istio')), '✔ Supported');
      assert.equal(cellLine(cellOf(view, 'traffic_mirroring', 'linkerd')), '✖ Unsupported');
      assert.equal(cellLine(cellOf(view, 'traffic_mirroring', 'consul')), '? Unknown');
      assert.equal(cellLine(cellOf(view, 'grpc_web', 'linkerd')), '◐ Treated as TCP');
      assert.equal(cellOf(view, 'grpc_web', 'linkerd').label, 'Partial');
      assert.equal(cellOf(view, 'default_load_balancing_mechanism', 'linkerd').text, 'EWMA (Exponentially Weighted Moving Average)');
      assert.equal(cellLine(cellOf(view, 'multi_cluster_communication', 'osm')), '✖ In Dev');
      assert.equal(cellLine(cellOf(view, 'rate_limiting', 'istio')), '◐ Partial (escape hatch only) (2022: ✔)');
      assert.equal(cellOf(view, 'rate_limiting', 'consul').text, 'Supported (enterprise only, since Consul Enterprise 1.17)');
    });

    it('shows a cell without data as unknown, never unsupported', () => {
      const cell = cellOf(buildMatrix(fixture(), defaultPanelState()), 'traffic_mirroring', 'maesh');
      assert.equal(cell.level, 'unknown');
      assert.equal(cellLine(cell), '? No data');
      assert.equal(cell.confidence, 'unknown');
    });

    it('shows the current fact of info rows, or the 2022 value', () => {
      const view = buildMatrix(fixture(), defaultPanelState());
      assert.equal(cellLine(cellOf(view, 'license', 'istio')), 'Apache License 2.0');
      assert.equal(cellOf(view, 'license', 'linkerd').text, 'Apache License 2.0');
      assert.equal(cellOf(view, 'license', 'linkerd').details.find(d => d.term === 'Source')?.text, '2022 comparison sheet (learnk8s, May 2022)');
      const link = cellOf(view, 'link', 'linkerd');
      assert.equal(link.text, 'https://linkerd.io/');
      assert.ok(link.changedSince2022);
      assert.deepEqual(link.details.find(d => d.term === '2022 sheet'), { term: '2022 sheet', text: 'https://linkerd.io/2/overview/ (certain)' });
      assert.equal(cellOf(view, 'license', 'osm').text, 'No data');
    });

    it('gives each cell its source and confidence, and both facts where the current one differs from 2022', () => {
      const view = buildMatrix(fixture(), defaultPanelState());
      const changed = cellOf(view, 'rate_limiting', 'linkerd');
      assert.ok(changed.changedSince2022);
      assert.equal(changed.text, 'Supported (since 2.17)');
      assert.equal(changed.was2022, '2022: ✖');
      assert.equal(changed.source, 'linkerd 2.17 release notes');
      const terms = Object.fromEntries(changed.details.map(d => [d.term, d.text]));
      assert.equal(terms.Linkerd, 'Rate limiting');
      assert.equal(terms.Source, 'linkerd 2.17 release notes');
      assert.deepEqual(changed.details.find(d => d.term === 'Source')?.links, [{ title: 'linkerd 2.17 release notes', url: 'https://linkerd.io/2-edge/reference/rate-limiting/' }]);
      assert.equal(terms.Confidence, 'certain');
      assert.equal(terms.How, 'HTTPLocalRateLimitPolicy');
      assert.match(terms['2022 sheet'], /^✖ Unsupported \(certain\) — differs from the current fact/);

      const fromSheet = cellOf(view, 'mtls', 'kuma');
      assert.equal(fromSheet.changedSince2022, false);
      assert.equal(fromSheet.was2022, undefined);
      assert.equal(fromSheet.details.find(d => d.term === 'Source')?.text, '2022 comparison sheet (learnk8s, May 2022)');
      assert.equal(fromSheet.details.find(d => d.term === '2022 sheet'), undefined, 'no duplicate 2022 line when the sheet is the source');
      const consul = cellOf(view, 'rate_limiting', 'consul');
      assert.equal(consul.details.find(d => d.term === 'Without Enterprise')?.text, 'partial (escape hatch only: Envoy local_ratelimit)');
    });
  });

  describe('filters', () => {
    it('narrows rows by text over label, description and cell text, all terms, any case', () => {
      const by = (filter: string) => rowIds(buildMatrix(fixture(), { filter }));
      assert.deepEqual(by('mirror'), ['traffic_mirroring']);
      assert.deepEqual(by('  MIRRORING  '), ['traffic_mirroring']);
      assert.deepEqual(by('second service'), ['traffic_mirroring']);
      assert.deepEqual(by('ewma'), ['default_load_balancing_mechanism']);
      assert.deepEqual(by('treated tcp'), ['grpc_web']);
      assert.deepEqual(by('treated nothing-like-this'), []);
      assert.equal(buildMatrix(fixture(), { filter: 'ewma' }).shownRows, 1);
    });

    it('matches cell text of shown meshes only', () => {
      assert.deepEqual(rowIds(buildMatrix(fixture(), { filter: 'in dev' })), ['multi_cluster_communication']);
      assert.deepEqual(rowIds(buildMatrix(fixture(), { filter: 'in dev', hiddenMeshes: ['osm'] })), []);
    });

    it('hides toggled-off sections but keeps them in the section choices', () => {
      const view = buildMatrix(fixture(), { hiddenSections: ['traffic'] });
      assert.deepEqual(view.sections.map(s => s.id), ['general', 'security']);
      assert.deepEqual(view.sectionChoices.map(s => [s.id, s.shown, s.rowCount]), [['general', true, 2], ['traffic', false, 5], ['security', true, 2]]);
      assert.match(view.filterText, /sections hidden: 2\. Traffic \| routing/);
    });

    it('differences only keeps rows where shown meshes disagree, ignoring info rows and unknown cells', () => {
      const view = buildMatrix(fixture(), { differencesOnly: true });
      assert.deepEqual(rowIds(view), ['traffic_mirroring', 'rate_limiting', 'grpc_web', 'multi_cluster_communication']);
      assert.ok(!rowIds(view).includes('mtls'), 'supported everywhere it is known');
      assert.ok(!rowIds(view).includes('license'), 'info rows are never judged');
      const fewer = buildMatrix(fixture(), { differencesOnly: true, hiddenMeshes: ['linkerd', 'kuma', 'osm'] });
      assert.deepEqual(rowIds(fewer), ['rate_limiting'], 'only the shown meshes count');
    });

    it('used here: counts per feature for the active file and the workspace, places active file first', () => {
      const view = buildMatrix(fixture(), defaultPanelState(), usage());
      assert.ok(view.hasUsage);
      assert.equal(view.activePath, 'a.yaml');
      const mirror = rowOf(view, 'traffic_mirroring');
      assert.deepEqual(mirror.used, { file: 2, workspace: 3 });
      assert.deepEqual(mirror.places.map(p => `${p.path}:${p.range.line}`), ['a.yaml:2', 'a.yaml:7', 'b.yaml:9']);
      assert.equal(mirror.places[2].name, IMG);
      assert.deepEqual(rowOf(view, 'mtls').used, { file: 0, workspace: 1 });
      assert.deepEqual(rowOf(view, 'grpc_web').used, { file: 0, workspace: 0 });
      assert.deepEqual(rowIds(buildMatrix(fixture(), { usedOnly: 'file' }, usage())), ['traffic_mirroring', 'rate_limiting']);
      assert.deepEqual(rowIds(buildMatrix(fixture(), { usedOnly: 'workspace' }, usage())), ['traffic_mirroring', 'rate_limiting', 'mtls']);
      assert.deepEqual(rowIds(buildMatrix(fixture(), { usedOnly: 'file' }, { files: usage().files })), [], 'no active file: nothing used in it');
    });

    it('combines filters', () => {
      const view = buildMatrix(fixture(), { usedOnly: 'workspace', differencesOnly: true, filter: 'rate' }, usage());
      assert.deepEqual(rowIds(view), ['rate_limiting']);
      assert.equal(view.filterText, 'text “rate”; differences only; used in the workspace');
    });
  });

  describe('columns', () => {
    it('orders and hides meshes from the state, ignoring stale ids and appending new meshes', () => {
      const view = buildMatrix(fixture(), { meshOrder: ['kuma', 'gone', 'istio'], hiddenMeshes: ['osm', 'maesh'] }, undefined, { mesh: 'linkerd' });
      assert.deepEqual(view.columns.map(c => c.mesh), ['kuma', 'istio', 'linkerd', 'consul', 'traefik-mesh']);
      assert.deepEqual(view.meshes.filter(m => !m.shown).map(m => m.mesh), ['osm', 'maesh']);
      assert.deepEqual(rowOf(view, 'mtls').cells.map(c => c.mesh), ['kuma', 'istio', 'linkerd', 'consul', 'traefik-mesh']);
    });

    it('moves a mesh within the full order', () => {
      const view = buildMatrix(fixture(), defaultPanelState());
      assert.deepEqual(moveMesh(view, 'kuma', -1).slice(0, 3), ['istio', 'kuma', 'linkerd']);
      assert.deepEqual(moveMesh(view, 'istio', -1).slice(0, 2), ['istio', 'linkerd'], 'cannot move past the start');
      assert.deepEqual(moveMesh(view, 'traefik-mesh', 1).at(-1), 'traefik-mesh');
    });

    it('normalises any restored state', () => {
      assert.deepEqual(normalizeState(undefined), defaultPanelState());
      assert.deepEqual(normalizeState('x'), defaultPanelState());
      const state = normalizeState({ filter: 3, hiddenSections: ['a', 4, null], usedOnly: 'everything', differencesOnly: 'yes', scrollTop: -5, focusFeature: 'mtls', meshOrder: 'istio' });
      assert.deepEqual(state, { ...defaultPanelState(), hiddenSections: ['a'], focusFeature: 'mtls' });
      assert.equal(normalizeState({ scrollTop: 120.5 }).scrollTop, 120.5);
      const view = buildMatrix(fixture(), { focusFeature: 'mtls' });
      assert.ok(rowOf(view, 'mtls').isFocus);
      assert.ok(!rowOf(view, 'rate_limiting').isFocus);
    });
  });

  describe('portability summary', () => {
    it('counts, per shown mesh, the workspace features it supports, partly supports, lacks', () => {
      const view = buildMatrix(fixture(), defaultPanelState(), usage(), { mesh: 'linkerd' });
      assert.deepEqual(view.summary.features, ['mtls', 'rate_limiting', 'traffic_mirroring'], 'catalog features only');
      const by = Object.fromEntries(view.summary.meshes.map(m => [m.mesh, m]));
      assert.equal(by.linkerd.text, 'Linkerd 2/3');
      assert.deepEqual([by.linkerd.supported, by.linkerd.partial, by.linkerd.unsupported, by.linkerd.unknown], [2, 0, 1, 0]);
      assert.equal(by.istio.text, 'Istio 2/3');
      assert.equal(by.istio.partial, 1);
      assert.equal(by.maesh.unknown, 3);
      assert.equal(view.summary.text, 'This workspace uses 3 features: Linkerd 2/3, Istio 2/3, Kuma 2/3, Consul 1/3 (without Enterprise), Open Service Mesh 1/3, Maesh 0/3, Traefik Mesh 0/3.');
    });

    it('counts Consul without Enterprise unless the target is Consul Enterprise, under the one name "Consul"', () => {
      const ce = buildMatrix(fixture(), defaultPanelState(), usage(), { mesh: 'consul' }).summary.meshes.find(m => m.mesh === 'consul')!;
      assert.deepEqual([ce.name, ce.edition, ce.supported, ce.partial, ce.unknown], ['Consul', 'ce', 1, 1, 1]);
      assert.equal(ce.text, 'Consul 1/3 (without Enterprise)');
      const ent = buildMatrix(fixture(), defaultPanelState(), usage(), { mesh: 'consul-enterprise' }).summary.meshes.find(m => m.mesh === 'consul')!;
      assert.deepEqual([ent.name, ent.supported, ent.partial], ['Consul', 2, 0]);
    });

    it('covers shown meshes only and says when nothing is used', () => {
      const view = buildMatrix(fixture(), { hiddenMeshes: ['istio', 'kuma', 'consul', 'osm', 'maesh', 'traefik-mesh'] }, usage());
      assert.equal(view.summary.text, 'This workspace uses 3 features: Linkerd 2/3.');
      const none = buildMatrix(fixture(), defaultPanelState(), { files: [] });
      assert.equal(none.hasUsage, false);
      assert.equal(none.summary.text, 'No mesh features found in this workspace.');
    });
  });

  describe('export', () => {
    it('Markdown has exactly the shown sections, rows and columns, with pipes, newlines and HTML escaped', () => {
      const catalog = fixture();
      catalog.sections[2].features[0].label = `mTLS ${IMG} a|b\nnext`;
      const view = buildMatrix(catalog, { hiddenMeshes: ['maesh', 'traefik-mesh', 'osm'], hiddenSections: ['general'], filter: 'm' }, usage(), { mesh: 'kuma' });
      const md = toMarkdown(view);
      assert.ok(md.includes('Target: Kuma'));
      assert.ok(md.includes('## 2. Traffic \\| routing'));
      assert.ok(!md.includes('## 1.'), 'hidden section left out');
      assert.ok(md.includes('sections hidden: 1. General information'), 'the filters are stated');
      assert.ok(md.includes('| Feature | Kuma (target) | Istio | Linkerd | Consul | Used here (file / workspace) |'));
      assert.ok(!md.includes('| Maesh'), 'hidden mesh left out');
      assert.ok(md.includes('| mTLS \\<img src=x onerror="window.\\_\\_pwned=1"\\> a\\|b<br>next | ✔ Supported | ✔ Supported | ✔ Supported | ✔ Supported | 0 / 1 |'));
      assert.ok(md.includes('| Rate limiting | ✔ Supported | ◐ Partial (escape hatch only) (2022: ✔) | ✔ Supported (since 2.17) (2022: ✖) | ✔ Supported (enterprise only, since Consul Enterprise 1.17) | 1 / 1 |'));
      assert.ok(!/(^|[^\\])<(img|script)/im.test(md), 'no live HTML in the export');
      const tableLines = md.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Feature') && !l.startsWith('| ---'));
      assert.equal(tableLines.length, view.shownRows);
      for (const line of md.split('\n').filter(l => l.startsWith('|'))) {
        assert.equal(line.replace(/\\\|/g, '').split('|').length - 2, 6, `six columns: ${line}`);
      }
    });

    it('CSV follows RFC 4180 and round-trips exactly what is shown', () => {
      const catalog = fixture();
      catalog.sections[1].features[0].label = 'Traffic "mirroring", copy\r\nof requests';
      catalog.sections[1].features[1].label = '=HYPERLINK("http://x")';
      const view = buildMatrix(catalog, { hiddenMeshes: ['maesh', 'traefik-mesh'], differencesOnly: true }, usage());
      const csv = toCsv(view);
      assert.ok(csv.endsWith('\r\n'));
      assert.ok(csv.includes('"Traffic ""mirroring"", copy\r\nof requests"'));
      const rows = parseCsv(csv);
      assert.deepEqual(rows[0], ['Section', 'Feature', 'Istio', 'Linkerd', 'Kuma', 'Consul', 'Open Service Mesh — Archived (2023-07-10)', 'Used in active file', 'Used in workspace']);
      assert.equal(rows.length, 1 + view.shownRows);
      assert.deepEqual(rows[1], ['2. Traffic | routing', 'Traffic "mirroring", copy\r\nof requests', '✔ Supported', '✖ Unsupported', '✖ Unsupported', '? Unknown', '✖ Unsupported', '2', '3']);
      assert.equal(rows[2][1], '\'=HYPERLINK("http://x")', 'formula guard');
      assert.ok(rows.every(r => r.length === rows[0].length));
    });

    it('CSV leaves out the usage columns when nothing is used', () => {
      const rows = parseCsv(toCsv(buildMatrix(fixture(), { filter: 'mirroring', hiddenMeshes: ['osm', 'maesh', 'traefik-mesh', 'consul', 'kuma'] })));
      assert.deepEqual(rows, [['Section', 'Feature', 'Istio', 'Linkerd'], ['2. Traffic | routing', 'Traffic mirroring', '✔ Supported', '✖ Unsupported']]);
    });

    it('exports an empty view as headers only', () => {
      const view = buildMatrix(fixture(), { filter: 'zzz' });
      assert.ok(toMarkdown(view).includes('No rows match.'));
      assert.equal(parseCsv(toCsv(view)).length, 1);
    });
  });

  describe('escaping', () => {
    it('escapeHtml neutralises hostile strings', () => {
      assert.equal(escapeHtml(IMG), '&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
      assert.equal(escapeHtml(SCRIPT), '&lt;script&gt;window.__pwned=2&lt;/script&gt;');
      assert.equal(escapeHtml(`a & 'b'`), 'a &amp; &#39;b&#39;');
    });

    it('the page shell carries no data, and a strict CSP with the nonce', () => {
      const html = compareHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://x/dist/compare.js?a=1&b="2"', styleUri: 'https://x/media/compare.css' });
      assert.ok(html.includes(`content="${compareCsp('https://x.vscode-cdn.net', 'abc123')}"`));
      assert.equal(compareCsp('S', 'N'), "default-src 'none'; style-src S; script-src 'nonce-N'; img-src S; font-src S");
      assert.ok(html.includes('<script nonce="abc123" src="https://x/dist/compare.js?a=1&amp;b=&quot;2&quot;"></script>'));
      assert.equal((html.match(/<script/g) ?? []).length, 1);
      assert.ok(!/ on\w+=|style=/.test(html), 'no inline handlers or styles');
    });

    it('the host accepts only well-formed page messages', () => {
      assert.ok(isPageToHost({ type: 'ready' }));
      assert.ok(isPageToHost({ type: 'export', format: 'csv', state: {} }));
      assert.ok(isPageToHost({ type: 'openLocation', uri: 'file:///a.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 4 } }));
      assert.ok(!isPageToHost({ type: 'export', format: 'html' }));
      assert.ok(!isPageToHost({ type: 'openLocation', uri: 'file:///a.yaml', range: { line: 0, column: 1, endLine: 1, endColumn: 4 } }));
      assert.ok(!isPageToHost({ type: 'runCommand', command: 'x' }));
      assert.ok(!isPageToHost(null));
    });
  });

  describe('with the real data/', function () {
    const root = path.resolve(__dirname, '../..');
    const candidates = [root, path.resolve(process.cwd())];
    const base = candidates.find(dir => fs.existsSync(path.join(dir, 'data', 'meshes.yaml')) && fs.existsSync(path.join(dir, 'data', 'support')));

    function loadCatalog(dir: string): CompareCatalog {
      const read = (p: string) => loadYaml(fs.readFileSync(path.join(dir, 'data', p), 'utf8')) as Record<string, any>;
      const meshesDoc = read('meshes.yaml');
      const featuresDoc = read('features.yaml');
      const sections = (featuresDoc.sections as any[]).map(s => ({
        id: s.id, label: s.label, features: (s.features ?? []).map((f: any) => ({ ...f, section: s.id, kind: f.kind ?? 'feature' })),
      }));
      const cellsByMesh: CompareCatalog['cells'] = {};
      for (const file of fs.readdirSync(path.join(dir, 'data', 'support')).filter(f => f.endsWith('.yaml'))) {
        const doc = read(path.join('support', file));
        cellsByMesh[doc.owner] = {};
        for (const [id, c] of Object.entries<any>(doc.cells ?? {})) {
          cellsByMesh[doc.owner][id] = { ...c, mesh: doc.owner, feature: id, qualifiers: c.qualifiers ?? [], since: c.since ?? undefined, removedIn: c.removedIn ?? undefined };
        }
      }
      return { meshes: meshesDoc.meshes, sections, cells: cellsByMesh, targets: meshesDoc.targets };
    }

    before(function () {
      if (!base) this.skip();
    });

    it('shows every mesh and every section and row of the data, each cell with a source', () => {
      const catalog = loadCatalog(base!);
      const view = buildMatrix(catalog, defaultPanelState(), undefined, { mesh: 'linkerd' });
      assert.deepEqual(new Set(view.columns.map(c => c.mesh)), new Set(catalog.meshes.map(m => m.id)));
      assert.equal(view.columns[0].mesh, 'linkerd');
      assert.deepEqual(view.sections.map(s => s.id), catalog.sections.map(s => s.id));
      const features = catalog.sections.flatMap(s => s.features.map(f => f.id));
      assert.deepEqual(rowIds(view), features);
      for (const id of ['istio', 'linkerd', 'kuma', 'consul', 'osm', 'app-mesh', 'nginx-service-mesh', 'maesh', 'traefik-mesh', 'network-service-mesh']) {
        assert.ok(view.columns.some(c => c.mesh === id), `column ${id}`);
      }
      for (const row of view.sections.flatMap(s => s.rows)) {
        for (const cell of row.cells) {
          assert.ok(cell.source && cell.source !== 'no data in the catalog', `${cell.mesh}/${row.feature.id} has a source`);
          assert.ok(cell.details.some(d => d.term === 'Confidence'), `${cell.mesh}/${row.feature.id} has a confidence`);
          assert.ok(cell.text, `${cell.mesh}/${row.feature.id} has text`);
        }
      }
      const status = Object.fromEntries(view.columns.map(c => [c.mesh, c.statusText]));
      assert.match(status.osm, /^Archived \(\d{4}-\d{2}/);
      assert.match(status.maesh, /^Renamed → Traefik Mesh/);
      assert.equal(status.istio, '');
    });

    it('exports the whole real matrix with one CSV line per row', () => {
      const catalog = loadCatalog(base!);
      const view = buildMatrix(catalog, defaultPanelState());
      const rows = parseCsv(toCsv(view));
      assert.equal(rows.length, 1 + view.totalRows);
      assert.ok(rows.every(r => r.length === 2 + catalog.meshes.length));
      assert.ok(buildMatrix(catalog, { differencesOnly: true }).shownRows > 0);
      assert.ok(buildMatrix(catalog, { filter: 'Treated as TCP' }).shownRows > 0, 'sheet text is searchable');
    });
  });
});
