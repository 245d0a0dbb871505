#!/usr/bin/env node
// Builds data/field-docs.json: hover documentation for every field of every mesh CRD, taken from the
// CRDs' own openAPIV3Schema.
//
//   node scripts/build-field-docs.mjs [crdsDir]     (default: data/crds, vendored in the repository)
//
// data/crds/README.md lists each vendored file's repository, path, commit and licence; the output
// names them per group. The output is committed. The extension loads the file on
// the first hover and hands the parsed object to src/core/fieldDocs.ts (FieldDocIndex), which is the
// only reader of this format.
//
// What is read: every *.yaml / *.golden file under crdsDir (multi-document; Helm template lines with
// `{{ … }}` are dropped first — in the Linkerd chart they occur only in metadata); documents that are
// not `kind: CustomResourceDefinition` are skipped. For every *served* version's openAPIV3Schema, the
// top-level properties other than apiVersion/kind/metadata/status (i.e. `spec`, and e.g. Kuma's
// top-level `mesh`) are walked: `[]` is a list item (items), `{}` a map value (additionalProperties).
//
// Copies: a group/kind found in several files (SMI CRDs shipped by smi-sdk-go, OSM, NGINX SM and
// Traefik Mesh; Linkerd's chart templates and its rendered golden file; Gateway API's standard and
// experimental channels) is merged into one kind: for each served version one copy is kept, the
// upstream one first (see copyRank). Dropped copies are listed under `dedup`. Gateway API: the
// experimental channel (a superset) is kept; fields and versions absent from the standard channel
// are flagged experimental.
//
// Format (version 1), compact JSON:
//   { format: 1, generator, sources: { <group>: [{ repo, ref, commit, license, paths: [...] | dir, files: [...] }] },
//     dedup: { "<group>/<Kind>": { kept: [files], dropped: [files] } },
//     s: [ "", description… ]            string table (descriptions, whole; paragraphs separated by a blank
//                                        line; a dangling "e.g." or ":" cut so each ends as a sentence; 0 = none)
//     e: [ [enum values…], … ]           enum table
//     t: [ "", "object", "string", … ] type table (index 0 = none)
//     k: { "<group>/<Kind>": { v: [served versions, newest first], st: storage version, d: s-index of
//          what the kind is for (the root's description, else spec's, without generator boilerplate such
//          as "X is the Schema for the xs API"), f: file kept (crds-relative; an array
//          when versions come from different copies), dv?: deprecated versions,
//          x?: 1 kind only in Gateway API experimental channel, xv?: [versions served only there],
//          n: { <name>: node } } }
//   node = [d, t, children?, extra?]   d: s-index, t: t-index, children: { <name>|"[]"|"{}": node } or 0,
//          extra: { e?: e-index, m?: more enum values not kept, df?: default (string; JSON for
//          non-strings), v?: bitmask over k.v of the versions the field exists in (absent = all),
//          x?: 1 experimental-channel only, xe?: [enum values only in the experimental channel],
//          u?: 1 free-form (x-kubernetes-preserve-unknown-fields: keys below are not schema-checked),
//          o?: "mesh,…" the field is not in the kept (upstream) copy, only in these meshes' own copies }
//   v, x and o are inherited from the parent node and written only where they differ from it
//   (v: 0 = all versions; x: 0 = not experimental-only; o: "" = in the kept copy).
//   Trailing empty members of a node are omitted.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const crdsDir = resolve(process.argv[2] ?? join(repoRoot, 'data', 'crds'));
const outFile = join(repoRoot, 'data', 'field-docs.json');

const ENUM_CAP = 20;
const SKIP_ROOT = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Lower rank = preferred copy. The upstream of each group family comes first. */
function copyRank(file, group) {
  const f = file.split(sep).join('/');
  if (/smi-spec\.io$/.test(group)) {
    if (f.startsWith('smi/')) return 0;
    if (f.startsWith('osm/')) return 1;
    if (f.startsWith('nginx-service-mesh/')) return 2;
    return 3;
  }
  if (group.startsWith('gateway.networking.')) return f.startsWith('gateway-api/experimental/') ? 0 : 1;
  if (f.includes('/rendered/')) return 5; // rendered output of a chart we also have the source of
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (/\.(ya?ml|golden)$/.test(name)) out.push(p);
  }
  return out;
}

function parseSources(md) {
  /** file (crds-relative) -> { repo, path, ref, commit, license } */
  const map = new Map();
  for (const line of md.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 7 || !/\.(ya?ml|golden|txt)$/.test(cells[1])) continue;
    const [, file, repo, path, refAt, license] = cells;
    const m = /^(.*?)\s*@\s*([0-9a-f]{7,40})$/.exec(refAt);
    map.set(file, { repo, path, ref: m ? m[1] : refAt, commit: m ? m[2] : undefined, license });
  }
  return map;
}

const stats = { files: 0, docs: 0, crds: 0, skippedDocs: {}, templateLinesStripped: 0, odd: [] };

function readCrds(file) {
  let text = readFileSync(file, 'utf8');
  if (text.includes('{{')) {
    const lines = text.split('\n');
    const kept = lines.filter((l) => !l.includes('{{'));
    stats.templateLinesStripped += lines.length - kept.length;
    text = kept.join('\n');
  }
  let docs;
  try {
    docs = loadAll(text);
  } catch (err) {
    stats.odd.push(`${rel(file)}: YAML error: ${String(err.message).split('\n')[0]}`);
    return [];
  }
  stats.files++;
  const out = [];
  for (const doc of docs) {
    if (doc == null) continue;
    stats.docs++;
    if (typeof doc !== 'object' || doc.kind !== 'CustomResourceDefinition') {
      const k = `${doc?.kind ?? typeof doc}`;
      stats.skippedDocs[k] = (stats.skippedDocs[k] ?? 0) + 1;
      continue;
    }
    stats.crds++;
    out.push(doc);
  }
  return out;
}

const rel = (f) => relative(crdsDir, f).split(sep).join('/');

// ---------------------------------------------------------------------------------------------
// Walk a schema into flat path -> info
// ---------------------------------------------------------------------------------------------

/**
 * A CRD description as one paragraph per blank-line-separated block, whole: hovers show the CRD's own
 * text. Some upstream descriptions stop mid-sentence ("…separated, e.g.", "…group of clients:" before an
 * enum): their dangling end is dropped so each ends as a sentence.
 */
function cleanDescription(d) {
  if (typeof d !== 'string') return undefined;
  const s = d.split(/\n[ \t]*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n\n');
  return s ? finishSentence(s) : undefined;
}

/** Abbreviations that end in a period without ending a sentence. */
const DANGLING = /(?:[,;:]?\s*\b(?:e\.g|i\.e|cf|viz)\.|[,;:])$/i;

/** The text ending as a sentence: a dangling "e.g." or colon is cut, and a period closes a bare end. */
function finishSentence(s) {
  let t = s;
  while (DANGLING.test(t)) t = t.replace(DANGLING, '').trimEnd();
  if (!t) return undefined;
  return /[.!?)"'`\]]$/.test(t) || /https?:\/\/\S+$/.test(t) ? t : `${t}.`;
}

/** Generator boilerplate that says nothing about what a kind is for. */
const BOILERPLATE = [
  /^\S+ is the Schema for the \S+ API\.?\s*/i,
  /^Spec is the (?:specification of the .*? resource|custom resource spec)\.?\s*/i,
  /^\S+ defines the desired state of \S+?\.?(?:\s|$)/i,
  /^Spec defines the desired (?:state|configuration) of .*?\.(?:\s|$)/i,
  /^NOTICE: /,
];

/** The part of a kind description that says what the kind is for; undefined when it is only boilerplate. */
function informative(desc) {
  if (!desc || BOILERPLATE[4].test(desc)) return undefined;
  let t = desc;
  for (const re of BOILERPLATE.slice(0, 4)) t = t.replace(re, '');
  t = t.trim();
  return t && /[a-z]/.test(t) ? finishSentence(t[0].toUpperCase() + t.slice(1)) : undefined;
}

function typeOf(schema) {
  if (typeof schema.type === 'string') return schema.type;
  if (schema['x-kubernetes-int-or-string']) return 'int-or-string';
  if (schema['x-kubernetes-preserve-unknown-fields']) return 'any';
  return undefined;
}

/** Properties of a schema, including ones only restated inside allOf/anyOf/oneOf branches. */
function propertiesOf(schema) {
  const props = {};
  if (schema.properties && typeof schema.properties === 'object') Object.assign(props, schema.properties);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    if (!Array.isArray(schema[key])) continue;
    for (const branch of schema[key]) {
      if (branch && typeof branch.properties === 'object') {
        for (const [n, p] of Object.entries(branch.properties)) {
          if (!(n in props) && p && (p.type || p.description || p.properties)) props[n] = p;
        }
      }
    }
  }
  return props;
}

/** Walk one version's schema: returns Map(path -> { description, type, enum, freeForm }). */
function walkVersion(root) {
  const out = new Map();
  const visit = (schema, path, depth) => {
    if (!schema || typeof schema !== 'object' || depth > 64) return;
    const info = { description: cleanDescription(schema.description), type: typeOf(schema) };
    if (Array.isArray(schema.enum)) {
      const vals = schema.enum.filter((v) => v !== null && v !== undefined).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      if (vals.length) {
        info.enum = vals.slice(0, ENUM_CAP);
        if (vals.length > ENUM_CAP) info.enumMore = vals.length - ENUM_CAP;
      }
    }
    if (schema['x-kubernetes-preserve-unknown-fields'] === true) info.freeForm = true;
    if (schema.default !== undefined) {
      const d = typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
      info.default = d.length > 80 ? d.slice(0, 79) + '…' : d;
    }
    out.set(path, info);
    for (const [name, sub] of Object.entries(propertiesOf(schema))) visit(sub, `${path}\u0000${name}`, depth + 1);
    if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) visit(schema.items, `${path}\u0000[]`, depth + 1);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${path}\u0000{}`, depth + 1);
    else if (schema.additionalProperties === true) visit({}, `${path}\u0000{}`, depth + 1);
  };
  const rootProps = propertiesOf(root);
  for (const [name, sub] of Object.entries(rootProps)) {
    if (!SKIP_ROOT.has(name)) visit(sub, name, 0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Collect every (group, kind, version) from every copy
// ---------------------------------------------------------------------------------------------

const sources = parseSources(readFileSync(join(crdsDir, 'README.md'), 'utf8'));
/** key group/Kind -> { group, kind, copies: [{ file, rank, versions: Map(name -> {served, storage, fields, rootDesc, specDesc})}] } */
const kinds = new Map();

for (const file of listFiles(crdsDir)) {
  const f = rel(file);
  for (const crd of readCrds(file)) {
    const spec = crd.spec ?? {};
    const group = spec.group;
    const kind = spec.names?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec.versions)) {
      stats.odd.push(`${f}: CRD ${crd.metadata?.name} without group/kind/versions`);
      continue;
    }
    const key = `${group}/${kind}`;
    let entry = kinds.get(key);
    if (!entry) kinds.set(key, (entry = { group, kind, copies: [] }));
    const versions = new Map();
    for (const v of spec.versions) {
      const schema = v?.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
      const fields = schema ? walkVersion(schema) : new Map();
      versions.set(v.name, {
        served: v.served !== false,
        storage: v.storage === true,
        deprecated: v.deprecated === true,
        fields,
        rootDesc: cleanDescription(schema?.description),
        specDesc: fields.get('spec')?.description,
      });
    }
    // identical duplicate CRD inside one file (traefik-mesh/smi-split.yaml has TrafficSplit twice)
    const same = entry.copies.find((c) => c.file === f);
    if (same) {
      stats.odd.push(`${f}: ${key} defined twice in the same file (second copy ignored)`);
      continue;
    }
    entry.copies.push({ file: f, rank: copyRank(f, group), versions });
  }
}

// ---------------------------------------------------------------------------------------------
// Merge
// ---------------------------------------------------------------------------------------------

/** Order Kubernetes versions newest first: v1 > v1beta2 > v1beta1 > v1alpha3 … */
function versionScore(v) {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return -1;
  const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
  return Number(m[1]) * 10000 + stage * 1000 + Number(m[3] ?? 0);
}
const newestFirst = (a, b) => versionScore(b) - versionScore(a) || (a < b ? -1 : 1);

const sameSchema = (a, b) => JSON.stringify([...a.fields]) === JSON.stringify([...b.fields]);

const merged = [];
const dedup = {};
for (const [key, entry] of [...kinds].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const copies = [...entry.copies].sort((a, b) => a.rank - b.rank || (a.file < b.file ? -1 : 1));
  const isGateway = entry.group.startsWith('gateway.networking.');
  const standard = isGateway ? copies.find((c) => c.file.startsWith('gateway-api/standard/')) : undefined;
  const allVersionNames = new Set(copies.flatMap((c) => [...c.versions.keys()]));
  /** version -> { copy, ver } */
  const chosen = new Map();
  for (const name of allVersionNames) {
    const servedBy = copies.filter((c) => c.versions.get(name)?.served);
    if (!servedBy.length) continue;
    // Prefer the upstream copy's schema for this version, even where upstream stopped serving it,
    // as long as it has a real schema; else the best-ranked copy that serves it.
    const withSchema = copies.filter((c) => (c.versions.get(name)?.fields.size ?? 0) > 0);
    const pick = [...withSchema].sort((a, b) => a.rank - b.rank || b.versions.get(name).fields.size - a.versions.get(name).fields.size)[0] ?? servedBy[0];
    const extras = new Map(); // fields a mesh's own copy adds to the kept schema: path -> { info, meshes }
    for (const c of copies) {
      const cv = c.versions.get(name);
      if (c === pick || !cv || !cv.fields.size || (isGateway && c === standard) || sameSchema(cv, pick.versions.get(name))) continue;
      const added = [...cv.fields.keys()].filter((p) => !pick.versions.get(name).fields.has(p));
      stats.odd.push(`${key} ${name}: ${c.file} differs from kept ${pick.file}` +
        (added.length ? ` (adds ${added.map((p) => p.replace(/\u0000(?=\[|\{)/g, '').replace(/\u0000/g, '.')).join(', ')})` : ' (descriptions/validation only)'));
      if (!cv.served) continue;
      for (const p of added) {
        let x = extras.get(p);
        if (!x) extras.set(p, (x = { info: cv.fields.get(p), meshes: [] }));
        const mesh = c.file.split('/')[0];
        if (!x.meshes.includes(mesh)) x.meshes.push(mesh);
      }
    }
    chosen.set(name, { copy: pick, ver: pick.versions.get(name), extras });
  }
  if (!chosen.size) {
    stats.odd.push(`${key}: no served version in any copy (skipped)`);
    continue;
  }
  const versions = [...chosen.keys()].sort(newestFirst);
  const upstream = copies[0];
  let storage = [...upstream.versions].find(([, v]) => v.storage)?.[0];
  if (!storage || !chosen.has(storage)) storage = copies.flatMap((c) => [...c.versions].filter(([n, v]) => v.storage && chosen.has(n)).map(([n]) => n))[0];
  const keptFiles = [...new Set([...chosen.values()].map((c) => c.copy.file))];
  if (copies.length > 1) {
    dedup[key] = { kept: keptFiles, dropped: copies.map((c) => c.file).filter((f) => !keptFiles.includes(f)) };
  }

  // field order of preference: storage version first, then newest first
  const pref = [storage, ...versions.filter((v) => v !== storage)].filter(Boolean);
  const paths = new Map(); // path -> { info, versions: [] }
  for (const vname of pref) {
    for (const [p, info] of chosen.get(vname).ver.fields) {
      let rec = paths.get(p);
      if (!rec) paths.set(p, (rec = { info: { ...info }, versions: [] }));
      else {
        if (!rec.info.description && info.description) rec.info.description = info.description;
        if (!rec.info.type && info.type) rec.info.type = info.type;
        if (!rec.info.enum && info.enum) { rec.info.enum = info.enum; rec.info.enumMore = info.enumMore; }
        if (rec.info.default === undefined && info.default !== undefined) rec.info.default = info.default;
        if (info.freeForm) rec.info.freeForm = true;
      }
      rec.versions.push(vname);
    }
  }
  for (const vname of pref) {
    for (const [p, x] of chosen.get(vname).extras) {
      let rec = paths.get(p);
      if (!rec) paths.set(p, (rec = { info: { ...x.info }, versions: [], onlyIn: [] }));
      if (!rec.onlyIn) continue; // the kept schema of another version has it
      rec.versions.push(vname);
      for (const mesh of x.meshes) if (!rec.onlyIn.includes(mesh)) rec.onlyIn.push(mesh);
    }
  }
  let experimentalKind = false;
  let experimentalVersions = [];
  if (isGateway) {
    if (!standard) experimentalKind = true;
    else {
      const stdServed = new Set([...standard.versions].filter(([, v]) => v.served).map(([n]) => n));
      experimentalVersions = versions.filter((v) => !stdServed.has(v));
      const stdPaths = new Set([...standard.versions.values()].flatMap((v) => [...v.fields.keys()]));
      for (const [p, rec] of paths) {
        if (!stdPaths.has(p)) { rec.experimental = true; continue; }
        if (!rec.info.enum) continue;
        const stdEnum = new Set([...standard.versions.values()].flatMap((v) => v.fields.get(p)?.enum ?? []));
        const xe = rec.info.enum.filter((e) => !stdEnum.has(e));
        if (xe.length && stdEnum.size) rec.experimentalEnum = xe;
      }
    }
  }
  // What the kind is for: the resource's own description, else spec's, skipping generator boilerplate.
  const kindDesc = pref.flatMap((v) => [informative(chosen.get(v).ver.rootDesc), informative(chosen.get(v).ver.specDesc)]).find(Boolean);
  merged.push({ key, group: entry.group, kind: entry.kind, versions, storage, kindDesc, keptFiles, paths, experimentalKind, experimentalVersions,
    deprecated: versions.filter((v) => chosen.get(v).ver.deprecated) });
}

// ---------------------------------------------------------------------------------------------
// Encode
// ---------------------------------------------------------------------------------------------

const strings = [''];
const stringIx = new Map([['', 0]]);
const str = (s) => {
  if (!s) return 0;
  let i = stringIx.get(s);
  if (i === undefined) { i = strings.length; strings.push(s); stringIx.set(s, i); }
  return i;
};
const types = [''];
const typeIx = (t) => { if (!t) return 0; let i = types.indexOf(t); if (i < 0) { i = types.length; types.push(t); } return i; };
const enums = [];
const enumIx = new Map();
const enumRef = (vals) => {
  const k = JSON.stringify(vals);
  let i = enumIx.get(k);
  if (i === undefined) { i = enums.length; enums.push(vals); enumIx.set(k, i); }
  return i;
};

// Strings are numbered in first-use order (kind by kind): related descriptions sit together, which
// gzips ~4 % smaller than a frequency order.
const k = {};
let fieldCount = 0;
let withDesc = 0;
const perGroup = {};
for (const m of merged) {
  const root = {};
  const nodes = new Map(); // path -> node array
  const effective = new Map(); // path -> { v, x, o } after inheritance
  const sortedPaths = [...m.paths.keys()].sort((a, b) => a.split('\u0000').length - b.split('\u0000').length || (a < b ? -1 : 1));
  for (const p of sortedPaths) {
    const rec = m.paths.get(p);
    const segs = p.split('\u0000');
    const name = segs[segs.length - 1];
    const parentPath = segs.slice(0, -1).join('\u0000');
    const node = [str(rec.info.description), typeIx(rec.info.type)];
    const extra = {};
    // v / x / o are inherited by the children of a node: written only where they change
    const inherited = effective.get(parentPath) ?? { v: 0, x: 0, o: '' };
    const mine = {
      v: rec.versions.length < m.versions.length ? rec.versions.reduce((mask, v) => mask | (1 << m.versions.indexOf(v)), 0) : 0,
      x: rec.experimental && !m.experimentalKind ? 1 : 0,
      o: rec.onlyIn ? rec.onlyIn.join(',') : '',
    };
    effective.set(p, mine);
    if (rec.info.enum) extra.e = enumRef(rec.info.enum);
    if (rec.info.enumMore) extra.m = rec.info.enumMore;
    if (rec.info.default !== undefined) extra.df = rec.info.default;
    if (mine.v !== inherited.v) extra.v = mine.v;
    if (mine.x !== inherited.x) extra.x = mine.x;
    if (mine.o !== inherited.o) extra.o = mine.o;
    if (rec.experimentalEnum) extra.xe = rec.experimentalEnum;
    if (rec.info.freeForm) extra.u = 1;
    if (Object.keys(extra).length) node[3] = extra;
    nodes.set(p, node);
    fieldCount++;
    if (rec.info.description) withDesc++;
    if (!parentPath) root[name] = node;
    else {
      const parent = nodes.get(parentPath);
      if (!parent) throw new Error(`${m.key}: orphan path ${p}`);
      if (!parent[2]) parent[2] = {};
      parent[2][name] = node;
    }
  }
  // normalise: [d, t, 0, extra] when extra without children; trim trailing empties
  for (const node of nodes.values()) {
    if (node.length === 4 && !node[2]) node[2] = 0;
    while (node.length > 2 && (node[node.length - 1] === undefined)) node.pop();
  }
  const rec = { v: m.versions };
  if (m.storage) rec.st = m.storage;
  if (m.kindDesc) rec.d = str(m.kindDesc);
  rec.f = m.keptFiles.length === 1 ? m.keptFiles[0] : m.keptFiles;
  if (m.experimentalKind) rec.x = 1;
  if (m.experimentalVersions.length) rec.xv = m.experimentalVersions;
  if (m.deprecated.length) rec.dv = m.deprecated;
  rec.n = root;
  k[m.key] = rec;
  perGroup[m.group] = (perGroup[m.group] ?? 0) + 1;
}

// sources: per group, the repositories of the files kept
const sourcesOut = {};
for (const m of merged) {
  const list = (sourcesOut[m.group] ??= []);
  for (const f of m.keptFiles) {
    const s = sources.get(f);
    if (!s) { stats.odd.push(`${f}: not listed in README.md`); continue; }
    let e = list.find((x) => x.repo === s.repo && x.commit === s.commit);
    if (!e) list.push((e = { repo: s.repo, ref: s.ref, commit: s.commit, license: s.license, paths: [] }));
    if (!e.paths.includes(s.path)) e.paths.push(s.path);
  }
}
// shorten: { dir, files } when all paths of an entry share a directory
for (const list of Object.values(sourcesOut)) {
  for (const e of list) {
    const dirs = new Set(e.paths.map((p) => p.slice(0, p.lastIndexOf('/') + 1)));
    if (dirs.size === 1 && e.paths.length > 1) {
      const [dir] = dirs;
      e.dir = dir.replace(/\/$/, '');
      e.files = e.paths.map((p) => p.slice(dir.length)).sort();
      delete e.paths;
    }
  }
}

const out = {
  format: 1,
  generator: 'scripts/build-field-docs.mjs from data/crds (see its header for the format)',
  sources: sourcesOut,
  dedup,
  s: strings,
  e: enums,
  t: types,
  k,
};
const json = JSON.stringify(out);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, json + '\n');

const gz = gzipSync(json, { level: 9 }).length;
const report = {
  out: relative(repoRoot, outFile),
  bytes: json.length + 1,
  gzipBytes: gz,
  kinds: merged.length,
  fields: fieldCount,
  fieldsWithDescription: withDesc,
  strings: strings.length - 1,
  enums: enums.length,
  perGroup,
  filesRead: stats.files,
  documents: stats.docs,
  crds: stats.crds,
  skippedDocuments: stats.skippedDocs,
  templateLinesStripped: stats.templateLinesStripped,
};
console.log(JSON.stringify(report, null, 2));
if (stats.odd.length) console.log('notes:\n  ' + stats.odd.join('\n  '));
