// Validates converted objects against the vendored CRD schemas (data/crds), the way an API server
// would: every field must be declared (unknown fields are errors, as with `kubectl apply
// --validate=strict`), types, enums and required fields as the schema says. The Gateway API CEL
// rules the converter must respect are checked by hand (ajv cannot run CEL).
//
// Gateway API channels: an object is validated against the standard channel; with
// `{ experimental: true }` (the writer said in a comment that it uses experimental-channel fields)
// the experimental channel is accepted too. An apiVersion only the experimental channel serves
// (TCPRoute v1alpha2) is validated against it, since no standard schema exists for it.
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import * as yaml from 'js-yaml';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The repository root, found upward from the bundled test file (dist-test…/unit/convert) or the source. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
const CRDS = join(REPO_ROOT, 'data/crds');

interface SchemaEntry { schema: Record<string, unknown>; file: string; experimental: boolean }
type Key = string; // `${group}/${version}/${kind}`

const found = new Map<Key, SchemaEntry[]>();
let texts: { rel: string; docs: string[] }[] | undefined;
const compiled = new Map<Record<string, unknown>, ValidateFunction>();
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });

function listFiles(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) listFiles(p, out);
    else if (/\.ya?ml$/.test(f)) out.push(p);
  }
  return out;
}

/** The CRD version schemas of data/crds for one group/version/kind (Helm template lines stripped).
 *  Only documents whose text names the group and kind are parsed: parsing all 6 MB takes seconds. */
function crdEntries(group: string, version: string, kind: string): SchemaEntry[] {
  const key = `${group}/${version}/${kind}`;
  const cached = found.get(key);
  if (cached) return cached;
  texts ??= listFiles(CRDS).map(file => ({
    rel: relative(CRDS, file).split('\\').join('/'),
    docs: readFileSync(file, 'utf8').split(/\r?\n/).filter(l => !/\{\{.*\}\}/.test(l)).join('\n').split(/^---.*$/m),
  }));
  const entries: SchemaEntry[] = [];
  for (const { rel, docs } of texts) {
    for (const text of docs) {
      if (!text.includes(`group: ${group}`) || !new RegExp(`^\\s+kind: ${kind}\\s*$`, 'm').test(text)) continue;
      let d: { kind?: string; spec?: { group?: string; names?: { kind?: string }; versions?: { name: string; schema?: { openAPIV3Schema?: Record<string, unknown> } }[] } };
      try { d = yaml.load(text) as typeof d; } catch { continue; }
      if (d?.kind !== 'CustomResourceDefinition' || d.spec?.group !== group || d.spec.names?.kind !== kind) continue;
      for (const v of d.spec.versions ?? []) {
        const schema = v.schema?.openAPIV3Schema;
        if (schema && v.name === version) entries.push({ schema, file: rel, experimental: rel.startsWith('gateway-api/experimental/') });
      }
    }
  }
  found.set(key, entries);
  return entries;
}

/** The schema as ajv reads it: Kubernetes extensions turned into JSON Schema, unknown fields closed. */
function strictSchema(node: unknown, closeObjects = true): unknown {
  if (Array.isArray(node)) return node.map(n => strictSchema(n, closeObjects));
  if (!node || typeof node !== 'object') return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const open = src['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'default' || k === 'example') continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([p, s]) => [p, strictSchema(s)]));
    } else if (k === 'items' || k === 'additionalProperties') {
      out[k] = typeof v === 'object' ? strictSchema(v) : v;
    } else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf' || k === 'not') {
      // Branches of a structural schema only restrict what the top level declares: never close them.
      out[k] = strictSchema(v, false);
    } else {
      out[k] = v;
    }
  }
  if (src['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    if (!out.anyOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (closeObjects && !open && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    // The API server always accepts apiVersion, kind and metadata at the root, declared or not.
    const root = strictSchema(schema) as { properties?: Record<string, unknown> };
    root.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...root.properties };
    v = ajv.compile(root);
    compiled.set(schema, v);
  }
  return v;
}

function schemaErrors(obj: unknown, entry: SchemaEntry): string[] {
  const validate = validatorFor(entry.schema);
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(e => {
    const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : '';
    return `${e.instancePath || '/'} ${e.message}${extra} (${entry.file})`;
  });
}

export interface ValidateOptions {
  /** Accept Gateway API experimental-channel fields (the output says it uses them). */
  experimental?: boolean;
}

/** Problems an API server with the vendored CRDs installed would report for `obj`; empty = valid. */
export function validateAgainstCrds(obj: unknown, options: ValidateOptions = {}): string[] {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return ['not an object'];
  const o = obj as Record<string, unknown>;
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const problems: string[] = [];
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta.name !== 'string' || meta.name === '') problems.push('metadata.name is missing');
  if (!apiVersion || !kind) return [...problems, 'apiVersion or kind is missing'];
  if (!apiVersion.includes('/')) return [...problems, ...coreObjectErrors(apiVersion, kind, o)];

  const slash = apiVersion.lastIndexOf('/');
  const entries = crdEntries(apiVersion.slice(0, slash), apiVersion.slice(slash + 1), kind);
  if (!entries?.length) return [...problems, `no CRD in data/crds serves ${apiVersion} ${kind}`];
  const standard = entries.filter(e => !e.experimental);
  const experimental = entries.filter(e => e.experimental);
  let errors = schemaErrors(obj, (standard[0] ?? experimental[0]));
  if (errors.length && standard.length && experimental.length && options.experimental) {
    const exp = schemaErrors(obj, experimental[0]);
    if (!exp.length) errors = [];
  }
  problems.push(...errors);
  if (apiVersion.startsWith('gateway.networking.k8s.io/')) problems.push(...gatewayApiRuleErrors(kind, o));
  return problems;
}

/** The few built-in kinds the converter writes (a per-subset Service, a Namespace): a hand check. */
function coreObjectErrors(apiVersion: string, kind: string, o: Record<string, unknown>): string[] {
  if (apiVersion === 'v1' && kind === 'Service') {
    const out: string[] = [];
    const spec = o.spec as Record<string, unknown> | undefined;
    if (!spec || typeof spec !== 'object') return ['spec is missing'];
    const known = new Set(['ports', 'selector', 'type', 'clusterIP', 'clusterIPs', 'externalName', 'sessionAffinity', 'ipFamilies', 'ipFamilyPolicy', 'publishNotReadyAddresses', 'externalTrafficPolicy', 'internalTrafficPolicy', 'loadBalancerIP', 'loadBalancerSourceRanges', 'trafficDistribution']);
    for (const k of Object.keys(spec)) if (!known.has(k)) out.push(`/spec unknown field '${k}' for a v1 Service`);
    if (spec.selector !== undefined) {
      if (!spec.selector || typeof spec.selector !== 'object' || Array.isArray(spec.selector)) out.push('/spec/selector must be a map');
      else for (const [k, v] of Object.entries(spec.selector)) if (typeof v !== 'string') out.push(`/spec/selector/${k} must be a string`);
    }
    if (spec.ports !== undefined) {
      if (!Array.isArray(spec.ports)) out.push('/spec/ports must be a list');
      else spec.ports.forEach((p, i) => {
        const port = (p as Record<string, unknown>)?.port;
        if (!Number.isInteger(port)) out.push(`/spec/ports/${i}/port must be an integer`);
      });
    }
    return out;
  }
  if (apiVersion === 'v1' && (kind === 'Namespace' || kind === 'ConfigMap')) return [];
  return [`no schema for ${apiVersion} ${kind}`];
}

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** The Gateway API CEL rules a converter can break, checked by hand. */
export function gatewayApiRuleErrors(kind: string, o: Obj): string[] {
  const out: string[] = [];
  const spec = (o.spec ?? {}) as Obj;
  if (kind === 'HTTPRoute' || kind === 'GRPCRoute') {
    list(spec.rules).forEach((rule, i) => {
      const backends = list(rule.backendRefs);
      if (backends.length && backends.every(b => b.weight === 0)) out.push(`rule ${i}: every backend has weight 0`);
      const filters = list(rule.filters);
      if (backends.length && filters.some(f => f.type === 'RequestRedirect' || f.requestRedirect !== undefined)) {
        out.push(`rule ${i}: RequestRedirect filter must not be used together with backendRefs`);
      }
      const allFilters = [...filters, ...backends.flatMap(b => list(b.filters))];
      const prefixReplace = allFilters.some(f => {
        const path = ((f.requestRedirect ?? f.urlRewrite) as Obj | undefined)?.path as Obj | undefined;
        return path?.type === 'ReplacePrefixMatch';
      });
      if (prefixReplace && kind === 'HTTPRoute') {
        // An absent `matches` defaults to one PathPrefix `/` match.
        const matches = rule.matches === undefined ? [{ path: { type: 'PathPrefix', value: '/' } }] : list(rule.matches);
        const path = matches[0]?.path as Obj | undefined;
        if (matches.length !== 1 || !path || (path.type ?? 'PathPrefix') !== 'PathPrefix') {
          out.push(`rule ${i}: ReplacePrefixMatch needs exactly one PathPrefix match`);
        }
      }
      for (const t of ['RequestHeaderModifier', 'ResponseHeaderModifier', 'URLRewrite', 'RequestRedirect', 'CORS']) {
        if (filters.filter(f => f.type === t).length > 1) out.push(`rule ${i}: filter ${t} appears more than once`);
      }
      if (filters.some(f => f.type === 'URLRewrite') && filters.some(f => f.type === 'RequestRedirect')) {
        out.push(`rule ${i}: RequestRedirect and URLRewrite cannot be used together`);
      }
    });
  }
  if (kind === 'Gateway') {
    const listeners = list(spec.listeners);
    const names = new Set<string>();
    const triples = new Set<string>();
    listeners.forEach((l, i) => {
      if (names.has(String(l.name))) out.push(`listener ${i}: name ${String(l.name)} is not unique`);
      names.add(String(l.name));
      const triple = `${String(l.port)}/${String(l.protocol)}/${String(l.hostname ?? '')}`;
      if (triples.has(triple)) out.push(`listener ${i}: port, protocol and hostname ${triple} are not unique`);
      triples.add(triple);
      const tls = l.tls as Obj | undefined;
      if (tls && ['HTTP', 'TCP', 'UDP'].includes(String(l.protocol))) out.push(`listener ${i}: tls must not be set for protocol ${String(l.protocol)}`);
      if (l.hostname !== undefined && ['TCP', 'UDP'].includes(String(l.protocol))) out.push(`listener ${i}: hostname must not be set for protocol ${String(l.protocol)}`);
      if (l.protocol === 'HTTPS' && (!tls || (tls.mode ?? 'Terminate') !== 'Terminate')) out.push(`listener ${i}: HTTPS needs tls with mode Terminate`);
      if (l.protocol === 'TLS' && (!tls || !tls.mode)) out.push(`listener ${i}: TLS needs tls.mode`);
      if (tls && (tls.mode ?? 'Terminate') === 'Terminate' && !list(tls.certificateRefs).length && !tls.options) out.push(`listener ${i}: certificateRefs or options must be set with mode Terminate`);
    });
  }
  return out;
}
