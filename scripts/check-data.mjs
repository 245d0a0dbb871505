#!/usr/bin/env node
// Checks data/ beyond what the build's loader (scripts/catalog-build.mjs) rejects, and prints a summary.
//
//   node scripts/check-data.mjs [--json] [--quiet] [--root <dir with data/>]      (npm run check:data)
//
// Errors (exit 1, one line each):
//   - a data file that does not match its JSON Schema (data/schemas/, see SCHEMA_OF), as file:line path: message;
//   - everything scripts/catalog-build.mjs reports as an error (levels, sources, unknown ids, …);
//   - text a user reads (summaries, notes, constructs, source titles, status notes) that names an internal
//     research file or note instead of saying the reason, or a summary that is not one finished sentence;
//   - a support cell without a level or a source; a since/removedIn that is not a clean version
//     (x.y or x.y.z, see data/README.md); a removedIn on a cell that is not unsupported-by-removal;
//   - a mesh with a verified 2026 matrix whose cell still rests on the 2022 sheet, or is unknown;
//   - a seed-only mesh (2022 sheet data only) whose blank sheet cell is not `unknown`;
//   - a feature without a detector and without a noDetectorReason;
//   - a detector path that does not exist in the kind's CRD schema (data/field-docs.json, looked up
//     the way src/core/fieldDocs.ts FieldDocIndex does), unless the detector is `schemaExempt`;
//   - a dangling id: features, meshes, targets, detector owners/features, gateway implementation
//     meshes, api-version owners, renamedTo;
//   - a mesh whose status is not active without a date and a source.
// Warnings (printed, exit 0): catalog-build warnings.
//
// Exported for the tests: checkData(root) → { errors, warnings, summary }.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { parseDocument, LineCounter } from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { buildCatalog, sourcesOf } from './catalog-build.mjs';

/** Owners whose cells were verified against the meshes' 2026 releases (code, CRDs, docs). */
export const VERIFIED = ['istio', 'linkerd', 'kuma', 'consul', 'osm', 'gateway-api'];
const fromSheet = (sources) => sources.length > 0 && sources.every((s) => /learnk8s/i.test(s.title)) || sources.some((s) => /^no data\b/.test(s.title));

/** Which schema in data/schemas/ each data file follows (paths relative to data/; `*` any file name). */
export const SCHEMA_OF = {
  'meshes.yaml': 'meshes.schema.json',
  'features.yaml': 'features.schema.json',
  'api-versions.yaml': 'api-versions.schema.json',
  'gateway-implementations.yaml': 'gateway-implementations.schema.json',
  'recognition.yaml': 'recognition.schema.json',
  'support/*.yaml': 'support.schema.json',
  'detectors/*.yaml': 'detectors.schema.json',
};

/** Words that point at research notes a user does not have, instead of saying the reason. */
export const INTERNAL_REFERENCE = /FACT-CHECK|ALIGNMENT|DECISIONS|shared\/|FIELD_PATHS|[Pp]roduct decision|\.md\b/;
/** The same for a linked source's title, which may name the upstream file it links to (a README.md). */
export const INTERNAL_REFERENCE_IN_TITLE = /FACT-CHECK|ALIGNMENT|DECISIONS|shared\/|FIELD_PATHS|[Pp]roduct decision/;
const internalIn = (text, linked) => (typeof text === 'string' ? (linked ? INTERNAL_REFERENCE_IN_TITLE : INTERNAL_REFERENCE).exec(text)?.[0] : undefined);

/** Every data file with its schema: [{ rel: 'support/linkerd.yaml', schema: 'support.schema.json' }]. */
function schemaTargets(dataDir) {
  const out = [];
  for (const [pattern, schema] of Object.entries(SCHEMA_OF)) {
    const star = pattern.indexOf('*');
    if (star < 0) { out.push({ rel: pattern, schema }); continue; }
    const dir = pattern.slice(0, pattern.lastIndexOf('/'));
    if (!existsSync(join(dataDir, dir))) continue;
    for (const f of readdirSync(join(dataDir, dir)).filter((f) => f.endsWith('.yaml')).sort()) out.push({ rel: `${dir}/${f}`, schema });
  }
  return out;
}

/** The line of a JSON pointer (ajv's instancePath) in a YAML file, when it can be found. */
function lineOf(doc, counter, pointer) {
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~')).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n >= 0; n--) {
    const node = n ? doc.getIn(keys.slice(0, n), true) : doc.contents;
    const offset = node?.range?.[0] ?? (n && doc.getIn(keys.slice(0, n - 1), true)?.items?.find?.((p) => p.key?.value === keys[n - 1])?.key?.range?.[0]);
    if (typeof offset === 'number') return counter.linePos(offset).line;
  }
  return undefined;
}

/** Validates every data file against its schema; errors as "data/<file>:<line> <path>: <message>". */
export function checkSchemas(root) {
  const dataDir = join(root, 'data');
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  const validators = new Map();
  const errors = [];
  for (const { rel, schema } of schemaTargets(dataDir)) {
    const file = join(dataDir, rel);
    if (!existsSync(file)) continue;
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile(JSON.parse(readFileSync(join(dataDir, 'schemas', schema), 'utf8')));
      validators.set(schema, validate);
    }
    const text = readFileSync(file, 'utf8');
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter });
    if (doc.errors.length) { errors.push(`data/${rel}: ${doc.errors[0].message.split('\n')[0]}`); continue; }
    if (validate(doc.toJS())) continue;
    // `if`/`then` and `anyOf` wrappers repeat what their branches say; keep the errors a person can act on.
    const seen = new Set();
    for (const e of validate.errors) {
      if (e.keyword === 'if' || (e.keyword !== 'anyOf' && e.schemaPath.includes('/anyOf/'))) continue;
      const path = e.instancePath ? e.instancePath.slice(1).split('/').join('.') : '(top)';
      const extra = e.keyword === 'additionalProperties' ? ` (${e.params.additionalProperty})` : e.keyword === 'enum' ? ` (${e.params.allowedValues.join(', ')})` : '';
      const line = lineOf(doc, counter, e.instancePath);
      const msg = `data/${rel}${line ? `:${line}` : ''} ${path}: ${e.message}${extra}`;
      if (!seen.has(msg)) { seen.add(msg); errors.push(msg); }
    }
  }
  return errors;
}
const CLEAN_VERSION = /^\d+\.\d+(\.\d+)?$/;

// ---------------------------------------------------------------------------------------------
// Field-docs lookup (same walk as FieldDocIndex.resolve; `*` = any key of the object).

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** `spec.*[].default` → ['spec', '*', '[]', 'default']. */
export function pathTokens(p) {
  const out = [];
  for (const part of p.split('.')) {
    const m = /^([^[{]+)((?:\[\]|\{\})*)$/.exec(part);
    if (!m) return undefined;
    out.push(m[1]);
    for (const s of m[2].match(/\[\]|\{\}/g) ?? []) out.push(s);
  }
  return out;
}

/**
 * Nodes a detector path reaches in a kind's schema tree. Returns { nodes: [{node, path}], freeForm }
 * where freeForm names the free-form field a missing path sits under.
 */
export function resolveAll(root, tokens) {
  let frontier = [{ children: root, node: undefined, path: '' }];
  let freeForm;
  for (const tok of tokens) {
    const next = [];
    for (const f of frontier) {
      if (!f.children) {
        if (f.node && isObj(f.node[3]) && f.node[3].u === 1) freeForm ??= f.path;
        continue;
      }
      let names;
      if (tok === '*') names = Object.keys(f.children).filter((k) => k !== '[]' && k !== '{}');
      else if (tok === '[]' || tok === '{}') names = hasOwn(f.children, tok) ? [tok] : [];
      else names = hasOwn(f.children, tok) ? [tok] : hasOwn(f.children, '{}') ? ['{}'] : [];
      if (!names.length && f.node && isObj(f.node[3]) && f.node[3].u === 1) freeForm ??= f.path;
      for (const n of names) {
        const node = f.children[n];
        if (!Array.isArray(node)) continue;
        const path = n === '[]' || n === '{}' ? f.path + n : f.path ? `${f.path}.${n}` : n;
        next.push({ children: isObj(node[2]) ? node[2] : undefined, node, path });
      }
    }
    frontier = next;
    if (!frontier.length) break;
  }
  return { nodes: frontier.map((f) => ({ node: f.node, path: f.path })), freeForm };
}

function countFields(children, out = { total: 0, described: 0 }) {
  for (const k of Object.keys(children)) {
    const node = children[k];
    if (!Array.isArray(node)) continue;
    out.total++;
    if (typeof node[0] === 'number' && node[0] > 0) out.described++;
    if (isObj(node[2])) countFields(node[2], out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export function checkData(root) {
  const errors = [];
  const schemaErrors = checkSchemas(root);
  errors.push(...schemaErrors);
  const { catalog, errors: buildErrors, warnings } = buildCatalog(root);
  for (const e of buildErrors) errors.push(`data: ${e}`);
  const dataDir = join(root, 'data');
  // A file that does not parse is already reported (schema check and loader); the checks below skip it.
  const readYaml = (rel) => { try { return load(readFileSync(join(dataDir, rel), 'utf8')) ?? {}; } catch { return {}; } };

  const meshIds = new Set(catalog.meshes.map((m) => m.id));
  const features = catalog.sections.flatMap((s) => s.features);
  const featureIds = new Set(features.map((f) => f.id));
  const meshById = Object.fromEntries(catalog.meshes.map((m) => [m.id, m]));

  // --- meshes, targets, status --------------------------------------------------------------
  for (const m of catalog.meshes) {
    if (m.renamedTo && !meshIds.has(m.renamedTo)) errors.push(`meshes.yaml: ${m.id} renamedTo ${m.renamedTo} is not a mesh`);
    if (!m.status?.sources?.length) errors.push(`meshes.yaml: ${m.id} status has no source`);
    if (m.status?.state !== 'active' && m.status?.state !== 'no-data' && !m.status?.date) errors.push(`meshes.yaml: ${m.id} is ${m.status?.state} but has no status date`);
    if (m.latestVersion && !CLEAN_VERSION.test(String(m.latestVersion))) errors.push(`meshes.yaml: ${m.id} latestVersion ${m.latestVersion} is not a clean version`);
    if (m.latestVersion && !m.versionScheme) errors.push(`meshes.yaml: ${m.id} has a latestVersion but no versionScheme`);
  }
  for (const t of catalog.targets) if (!meshIds.has(t.base ?? t.id)) errors.push(`meshes.yaml: target ${t.id} names no mesh`);

  // --- support cells (raw files: sinceNote etc. are not bundled) -------------------------------
  const cellStats = {};
  const linkStats = { sources: 0, links: 0 };
  const supportDir = join(dataDir, 'support');
  for (const file of readdirSync(supportDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = readYaml(`support/${file}`);
    if (!doc.owner) continue;
    const owner = doc.owner;
    const mesh = meshById[owner];
    const st = (cellStats[owner] = { cells: 0, verified: 0, unknown: 0, sheetOnly: 0 });
    const verified = VERIFIED.includes(owner);
    for (const [feature, c] of Object.entries(doc.cells ?? {})) {
      const where = `support/${file} ${feature}`;
      st.cells++;
      if (!featureIds.has(feature)) errors.push(`${where}: no such feature`);
      if (!c.level) errors.push(`${where}: no level`);
      const sources = sourcesOf(c, 'source');
      if (!sources.length) errors.push(`${where}: no source`);
      linkStats.sources += sources.length;
      linkStats.links += sources.filter((s) => s.url).length;
      for (const [k, text, linked] of [['summary', c.summary], ['note', c.note], ['construct', c.construct], ['sinceNote', c.sinceNote], ['removedNote', c.removedNote], ...sources.map((s) => ['source', s.title, !!s.url])]) {
        const hit = internalIn(text, linked);
        if (hit) errors.push(`${where}: ${k} names an internal research note ("${hit}"); say the reason in plain words and link the upstream evidence`);
      }
      for (const k of ['since', 'removedIn']) {
        if (c[k] != null && !CLEAN_VERSION.test(String(c[k]))) errors.push(`${where}: ${k} "${c[k]}" is not a clean version (keep the text in ${k === 'since' ? 'sinceNote' : 'removedNote'})`);
        if (c[k] != null && mesh && !mesh.latestVersion) errors.push(`${where}: ${k} set but ${owner} has no version line (latestVersion)`);
      }
      for (const l of c.legacyConstructs ?? []) if (l.removedIn != null && !CLEAN_VERSION.test(String(l.removedIn))) errors.push(`${where}: legacy ${l.kind} removedIn "${l.removedIn}" is not a clean version`);
      if (c.level === 'unknown') st.unknown++;
      const sheet = fromSheet(sources);
      if (sheet) st.sheetOnly++;
      if (c.level && c.level !== 'unknown' && !sheet) st.verified++;
      if (verified && sheet && c.level !== 'not_applicable') errors.push(`${where}: ${owner} has a verified 2026 matrix, but this cell rests on the 2022 sheet`);
      if (verified && c.level === 'unknown') errors.push(`${where}: ${owner} has a verified 2026 matrix, but this cell is unknown`);
      if (mesh?.seedColumn && c.seed === undefined && features.find((f) => f.id === feature)?.seedLine !== undefined) errors.push(`${where}: the 2022 cell (seed) is missing`);
      if (!verified && c.seed && c.seed.value === null && c.level !== 'unknown' && c.level !== 'not_applicable') errors.push(`${where}: blank in the 2022 sheet but level ${c.level} (a blank is unknown)`);
    }
  }

  // --- features → detectors --------------------------------------------------------------------
  for (const f of features) {
    if (!f.noDetectorReason && !catalog.detectors.some((d) => d.feature === f.id)) errors.push(`features.yaml: ${f.id} has no detector and no noDetectorReason`);
  }

  // --- detectors → schema ----------------------------------------------------------------------
  const fd = JSON.parse(readFileSync(join(dataDir, 'field-docs.json'), 'utf8'));
  const kinds = fd.k ?? {};
  let exempt = 0;
  const detFields = new Map(); // "group/Kind path" → described?
  for (const d of catalog.detectors) {
    if (!meshIds.has(d.owner)) errors.push(`detectors ${d.id}: owner ${d.owner} unknown`);
    if (!featureIds.has(d.feature)) errors.push(`detectors ${d.id}: feature ${d.feature} unknown`);
    if (d.schemaExempt) { exempt++; continue; }
    if (!d.paths?.length) {
      if (d.annotation) errors.push(`detectors ${d.id}: annotation detector without schemaExempt`);
      continue;
    }
    const combos = (d.groups ?? []).flatMap((g) => (d.kinds ?? []).map((k) => `${g}/${k}`));
    const known = combos.filter((c) => kinds[c]);
    for (const c of combos) if (!kinds[c]) errors.push(`detectors ${d.id}: no CRD schema for ${c} in data/field-docs.json (fix the group/kind, or add schemaExempt with the reason)`);
    if (!known.length) continue;
    // every group/kind it names must have at least one of its paths
    for (const c of known) {
      if (!d.paths.some((p) => { const t = pathTokens(p); return t && resolveAll(kinds[c].n, t).nodes.length > 0; }))
        errors.push(`detectors ${d.id}: none of its paths (${d.paths.join(', ')}) is in the CRD schema of ${c}`);
    }
    // has / lacks: below the matched value, or from the document root when they start with '/'
    for (const [k, cond] of ['has', 'lacks'].flatMap(k => (d[k] == null ? [] : [].concat(d[k])).map(c => [k, c]))) {
      const rel = String(cond).split('=')[0];
      const extra = rel.startsWith('/') ? pathTokens(rel.slice(1)) : pathTokens(`x${rel.startsWith('[') || rel.startsWith('{') ? '' : '.'}${rel}`)?.slice(1);
      if (!extra) { errors.push(`detectors ${d.id}: cannot parse ${k} ${cond}`); continue; }
      let ok = false, free = false;
      for (const c of known) for (const p of d.paths) {
        const base = pathTokens(p);
        if (!base || !resolveAll(kinds[c].n, base).nodes.length) continue;
        const r = resolveAll(kinds[c].n, rel.startsWith('/') ? extra : [...base, ...extra]);
        if (r.nodes.length) ok = true; else if (r.freeForm) free = true;
      }
      if (!ok && !free) errors.push(`detectors ${d.id}: ${k} ${cond} is not in the CRD schema of ${known.join(', ')}`);
    }
    for (const p of d.paths) {
      const tokens = pathTokens(p);
      if (!tokens) { errors.push(`detectors ${d.id}: cannot parse path ${p}`); continue; }
      let hit = false;
      const free = [];
      for (const c of known) {
        const r = resolveAll(kinds[c].n, tokens);
        if (r.nodes.length) {
          hit = true;
          for (const n of r.nodes) detFields.set(`${c} ${n.path}`, typeof n.node[0] === 'number' && n.node[0] > 0);
        } else if (r.freeForm) free.push(`${c} ${r.freeForm}`);
      }
      if (!hit) errors.push(`detectors ${d.id}: path ${p} is not in the CRD schema of ${known.join(', ')}${free.length ? ` (below the free-form field ${free.join(', ')}: add schemaExempt)` : ''}`);
    }
  }

  // --- api versions, gateway implementations -----------------------------------------------------
  for (const m of catalog.meshes) {
    for (const [k, text, linked] of [['status note', m.status?.note], ...(m.status?.sources ?? []).map((s) => ['status source', s.title, !!s.url])]) {
      const hit = internalIn(text, linked);
      if (hit) errors.push(`meshes.yaml: ${m.id} ${k} names an internal research note ("${hit}")`);
    }
  }
  for (const f of features) {
    for (const [k, text, linked] of [['description', f.description], ...(f.sources ?? []).map((s) => ['source', s.title, !!s.url])]) {
      const hit = internalIn(text, linked);
      if (hit) errors.push(`features.yaml: ${f.id} ${k} names an internal research note ("${hit}")`);
    }
  }
  for (const a of catalog.apiVersions) {
    if (!meshIds.has(a.owner)) errors.push(`api-versions.yaml: owner ${a.owner} unknown`);
    for (const s of a.sources ?? []) if (internalIn(s.title, !!s.url)) errors.push(`api-versions.yaml: ${a.group}/${a.version} source "${s.title}" names an internal research note`);
    if (internalIn(a.note) || internalIn(a.removedNote)) errors.push(`api-versions.yaml: ${a.group}/${a.version} note names an internal research note`);
    for (const k of ['since', 'removedIn']) if (a[k] != null && !CLEAN_VERSION.test(a[k])) errors.push(`api-versions.yaml: ${a.group}/${a.version} ${k} "${a[k]}" is not a clean version`);
  }
  const gw = readYaml('gateway-implementations.yaml');
  for (const m of Object.keys(gw.implementations ?? {})) if (!meshIds.has(m)) errors.push(`gateway-implementations.yaml: ${m} is not a mesh`);
  for (const [m, impl] of Object.entries(catalog.gatewayImplementations)) {
    for (const [name, f] of Object.entries(impl.features)) {
      for (const [k, text, linked] of [['note', f.note], ['summary', f.summary], ...f.sources.map((s) => ['source', s.title, !!s.url])]) {
        const hit = internalIn(text, linked);
        if (hit) errors.push(`gateway-implementations.yaml: ${m} ${name} ${k} names an internal research note ("${hit}")`);
      }
    }
  }

  // --- hover-doc coverage -----------------------------------------------------------------------
  const all = { total: 0, described: 0 };
  for (const rec of Object.values(kinds)) if (isObj(rec.n)) countFields(rec.n, all);
  const detDescribed = [...detFields.values()].filter(Boolean).length;

  const summary = {
    cells: cellStats,
    verified: Object.fromEntries(Object.entries(cellStats).map(([o, s]) => [o, s.verified])),
    unknown: Object.fromEntries(Object.entries(cellStats).map(([o, s]) => [o, s.unknown])),
    features: features.length,
    detectors: catalog.detectors.length,
    schemaExempt: exempt,
    fieldDocs: { fields: all.total, described: all.described, kinds: Object.keys(kinds).length },
    detectorFields: { fields: detFields.size, described: detDescribed },
    apiVersionRules: catalog.apiVersions.length,
    cellSources: linkStats,
    schemaErrors: schemaErrors.length,
  };
  return { errors, warnings, summary };
}

function pct(a, b) {
  return b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a';
}

function main() {
  const argv = process.argv.slice(2);
  const args = new Set(argv);
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 && argv[rootAt + 1] ? resolve(argv[rootAt + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { errors, warnings, summary } = checkData(root);
  if (args.has('--json')) {
    console.log(JSON.stringify({ ok: errors.length === 0, errors, warnings, summary }, null, 2));
  } else {
    if (!args.has('--quiet')) {
      const s = summary;
      console.log('Mesh Lens data check');
      console.log('  support cells (verified = a level and a source other than the 2022 sheet; unknown = no known level):');
      for (const [o, c] of Object.entries(s.cells)) {
        console.log(`    ${o.padEnd(22)} ${String(c.verified).padStart(3)} / ${c.cells} verified, ${String(c.unknown).padStart(3)} unknown${c.sheetOnly ? `  (${c.sheetOnly} from the 2022 sheet only)` : ''}`);
      }
      console.log(`  evidence: ${s.cellSources.links} / ${s.cellSources.sources} support-cell sources are links`);
      console.log(`  features: ${s.features}; detectors: ${s.detectors} (${s.schemaExempt} schemaExempt); api-version rules: ${s.apiVersionRules}`);
      console.log(`  hover docs: ${s.fieldDocs.described} / ${s.fieldDocs.fields} fields in the index have a description (${pct(s.fieldDocs.described, s.fieldDocs.fields)}, ${s.fieldDocs.kinds} kinds)`);
      console.log(`  detector fields: ${s.detectorFields.described} / ${s.detectorFields.fields} schema fields that detectors point at have a description (${pct(s.detectorFields.described, s.detectorFields.fields)})`);
    }
    for (const w of warnings) console.log(`warning: ${w}`);
    if (errors.length) {
      console.error(`\n${errors.length} data error(s):`);
      for (const e of errors) console.error(`  - ${e}`);
    } else if (!args.has('--quiet')) console.log('  OK');
  }
  process.exitCode = errors.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
