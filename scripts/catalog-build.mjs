// Reads data/*.yaml, validates it and returns the Catalog the engine bundles (src/core/model.ts).
// Used by esbuild.mjs (as the `mesh-lens:catalog` module) and by `npm run check:data`.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const LEVELS = new Set(['supported', 'partial', 'unsupported', 'unknown', 'not_applicable']);
const QUALIFIERS = new Set(['enterprise_only', 'escape_hatch_only', 'experimental', 'deprecated', 'removed']);
const CONFIDENCE = new Set(['certain', 'inferred']);
const PATH_RE = /^[A-Za-z0-9_*-]+(\[\]|\{\})*(\.[A-Za-z0-9_*-]+(\[\]|\{\})*)*$/;

/** Evidence as a list of { title, url? } (the schemas in data/schemas/ say what `sources:` may hold). */
export function sourcesOf(entry) {
  if (!entry || typeof entry !== 'object') return [];
  const list = Array.isArray(entry.sources) ? entry.sources : [];
  return list.flatMap(s => {
    if (typeof s === 'string') return s.trim() ? [{ title: s.trim() }] : [];
    if (!s || typeof s !== 'object' || typeof s.title !== 'string' || !s.title.trim()) return [];
    return [typeof s.url === 'string' && s.url.trim() ? { title: s.title.trim(), url: s.url.trim() } : { title: s.title.trim() }];
  });
}

function readYaml(file, errors) {
  try {
    return load(readFileSync(file, 'utf8'), { filename: file });
  } catch (e) {
    errors.push(`${file}: ${String(e.message).split('\n')[0]}`);
    return undefined;
  }
}

/** @returns {{ catalog: any, errors: string[], warnings: string[], files: string[] }} */
export function buildCatalog(root) {
  const errors = [], warnings = [], files = [];
  const dataDir = join(root, 'data');
  const yaml = name => { const f = join(dataDir, name); files.push(f); return existsSync(f) ? readYaml(f, errors) : (errors.push(`missing data/${name}`), undefined); };

  const meshesDoc = yaml('meshes.yaml') ?? {};
  const featuresDoc = yaml('features.yaml') ?? {};
  const recognition = yaml('recognition.yaml') ?? {};
  const apiDoc = yaml('api-versions.yaml') ?? {};
  const gwDoc = yaml('gateway-implementations.yaml') ?? {};

  const meshes = (meshesDoc.meshes ?? []).map(m => {
    const status = m.status ?? { state: 'active' };
    const mesh = { ...m, status: { ...status, sources: sourcesOf(status) } };
    if (m.checked != null) mesh.checked = String(m.checked);
    return mesh;
  });
  const meshIds = new Set(meshes.map(m => m.id));
  const targets = meshesDoc.targets ?? [];
  for (const t of targets) if (!meshIds.has(t.base ?? t.id)) errors.push(`meshes.yaml: target ${t.id} names no mesh`);

  const sections = (featuresDoc.sections ?? []).map(s => ({
    id: s.id, label: s.label,
    features: (s.features ?? []).map(f => {
      const feature = { ...f, section: s.id, kind: f.kind ?? 'feature' };
      if (f.sources != null) feature.sources = sourcesOf(f);
      else delete feature.sources;
      return feature;
    }),
  }));
  const featureIds = new Set();
  for (const s of sections) for (const f of s.features) {
    if (featureIds.has(f.id)) errors.push(`features.yaml: duplicate feature ${f.id}`);
    featureIds.add(f.id);
    if (!f.label) errors.push(`features.yaml: feature ${f.id} has no label`);
  }

  const cells = {};
  const supportDir = join(dataDir, 'support');
  for (const file of existsSync(supportDir) ? readdirSync(supportDir).filter(f => f.endsWith('.yaml')).sort() : []) {
    files.push(join(supportDir, file));
    const doc = readYaml(join(supportDir, file), errors);
    if (!doc) continue;
    const owner = doc.owner;
    if (!meshIds.has(owner)) { errors.push(`support/${file}: owner ${owner} is not in meshes.yaml`); continue; }
    cells[owner] = {};
    const mesh = meshes.find(m => m.id === owner);
    if (doc.checked != null && mesh && mesh.checked == null) mesh.checked = String(doc.checked);
    for (const [feature, c] of Object.entries(doc.cells ?? {})) {
      const where = `support/${file} ${feature}`;
      if (!featureIds.has(feature)) errors.push(`${where}: no such feature in features.yaml`);
      if (!LEVELS.has(c.level)) errors.push(`${where}: level "${c.level}" is not one of ${[...LEVELS].join('|')}`);
      const sources = sourcesOf(c);
      if (!sources.length) errors.push(`${where}: no source`);
      if (c.confidence && !CONFIDENCE.has(c.confidence)) errors.push(`${where}: confidence "${c.confidence}"`);
      for (const q of c.qualifiers ?? []) if (!QUALIFIERS.has(q)) errors.push(`${where}: unknown qualifier ${q}`);
      const cell = { mesh: owner, feature, level: c.level, qualifiers: c.qualifiers ?? [], sources, confidence: c.confidence ?? 'inferred' };
      for (const k of ['construct', 'summary', 'note', 'sinceNote', 'removedNote', 'editions', 'seed']) if (c[k] != null) cell[k] = c[k];
      for (const k of ['since', 'removedIn']) if (c[k] != null) cell[k] = String(c[k]);
      cells[owner][feature] = cell;
    }
    for (const f of featureIds) if (!cells[owner][f]) errors.push(`support/${file}: no cell for feature ${f}`);
  }
  for (const m of meshIds) if (!cells[m]) errors.push(`no data/support/<file> for ${m}`);

  const detectors = [];
  const detDir = join(dataDir, 'detectors');
  const detectorIds = new Set();
  for (const file of existsSync(detDir) ? readdirSync(detDir).filter(f => f.endsWith('.yaml')).sort() : []) {
    files.push(join(detDir, file));
    const doc = readYaml(join(detDir, file), errors);
    if (!doc) continue;
    for (const d of doc.detectors ?? []) {
      const det = { owner: doc.owner, ...d };
      const where = `detectors/${file} ${d.id}`;
      if (!d.id) errors.push(`detectors/${file}: a detector has no id`);
      if (detectorIds.has(d.id)) errors.push(`${where}: duplicate id`);
      detectorIds.add(d.id);
      if (!meshIds.has(det.owner)) errors.push(`${where}: owner ${det.owner} unknown`);
      if (!featureIds.has(d.feature)) errors.push(`${where}: feature ${d.feature} unknown`);
      const paths = d.paths ?? (d.path ? [d.path] : []);
      delete det.path;
      if (paths.length) det.paths = paths;
      if (!paths.length && !d.annotation) errors.push(`${where}: needs a path or an annotation`);
      if (paths.length && !(d.groups?.length && d.kinds?.length)) errors.push(`${where}: a path detector needs groups and kinds`);
      for (const p of paths) if (!PATH_RE.test(p)) errors.push(`${where}: bad path ${p}`);
      for (const k of ['has', 'lacks']) for (const c of d[k] == null ? [] : [].concat(d[k])) if (!PATH_RE.test(String(c).split('=')[0].replace(/^\//, '').replace(/^\[\]/, 'x[]').replace(/^\{\}/, 'x{}'))) errors.push(`${where}: bad ${k} ${c}`);
      if (d.valueIn) det.valueIn = d.valueIn.map(String);
      detectors.push(det);
    }
  }
  for (const s of sections) for (const f of s.features) {
    if (f.kind === 'info') continue;
    if (!f.noDetectorReason && !detectors.some(d => d.feature === f.id)) warnings.push(`feature ${f.id} has no detector and no noDetectorReason`);
  }

  const apiVersions = (apiDoc.apiVersions ?? []).map(a => ({ ...a, sources: sourcesOf(a), version: String(a.version), ...(a.since != null ? { since: String(a.since) } : {}), ...(a.removedIn != null ? { removedIn: String(a.removedIn) } : {}) }));
  for (const a of apiVersions) {
    if (!meshIds.has(a.owner)) errors.push(`api-versions.yaml: owner ${a.owner} unknown (${a.group}/${a.version})`);
    if (!a.sources.length) errors.push(`api-versions.yaml: ${a.group}/${a.version} has no source`);
  }

  const gatewayImplementations = {};
  for (const [mesh, impl] of Object.entries(gwDoc.implementations ?? {})) {
    if (!meshIds.has(mesh)) { errors.push(`gateway-implementations.yaml: ${mesh} unknown`); continue; }
    const features = {};
    for (const [name, f] of Object.entries(impl.features ?? {})) {
      if (!LEVELS.has(f.level)) errors.push(`gateway-implementations.yaml: ${mesh} ${name} level ${f.level}`);
      features[name] = { ...f, sources: sourcesOf(f) };
    }
    gatewayImplementations[mesh] = { mesh, versionChecked: impl.versionChecked, note: impl.note, features };
  }

  for (const k of ['groups', 'annotationDomains']) for (const g of recognition[k] ?? []) if (!meshIds.has(g.owner)) errors.push(`recognition.yaml: ${k} owner ${g.owner} unknown`);

  const catalog = { meshes, targets, recognition, sections, cells, gatewayImplementations, detectors, apiVersions };
  return { catalog, errors, warnings, files };
}
