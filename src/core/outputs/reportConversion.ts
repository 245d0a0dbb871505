// The migration report's conversion column: for each place a feature is used, what the converter made of
// it (the resources it wrote, or the reason it could not), and per file the steps to convert it. Pure:
// the converter's results come in from the face that ran it (the report never runs the converter itself).
import type { ConvertedFile } from '../convert/contract';
import { fieldWithin as within } from '../convert/featureReport';

/** What the converter did with one use of a feature. */
export type PlaceConversion =
  | {
    converted: true;
    /** The resources written from the use's resource (`HTTPRoute reviews`). */
    into: string[];
    /** Parts under the use's field that were not converted. */
    except: { field: string; reason: string }[];
    /** The target's own resource, left as it is. */
    kept?: true;
  }
  | { converted: false; reason: string };

/** A feature's conversion over its places. */
export interface FeatureConversion {
  converted: number;
  /** Of the converted places, those with a part under them not converted. */
  inPart: number;
  /** Of the converted places, those in the target's own resources, kept as they are. */
  kept: number;
  notConverted: number;
  /** Kinds written for the converted places, in order of first appearance. */
  into: string[];
  /** Distinct reasons of the places not converted. */
  reasons: string[];
}

/** One file's Convert step. */
export interface ReportConvertFile {
  path: string;
  /** The command converting this file alone. */
  command: string;
  /** Converting changes the file (false: only errors, such as YAML Mesh Lens cannot read). */
  changed: boolean;
  dropped: number;
  needs: { what: string; line: number }[];
  errors: { message: string; line: number }[];
}

/** What the face passes in: the run converted to a target `mesh-lens convert --to` takes. */
export interface ReportConversionInput {
  /** As `--to` takes it: `linkerd`, `linkerd@2.14`. */
  target: string;
  files: ConvertedFile[];
}

/** A use of a feature in a file, with the lines of the resource it is in (from its `kind` line to the next resource's). */
export interface UseInFile {
  feature: string; field: string; line: number; kind: string; name: string | null;
  resourceLines: { from: number; to: number };
  /** The resource is the target mesh's own. */
  ownMesh: boolean;
}

/**
 * The converter's result for one use: not converted when a dropped field of the resource holds it;
 * converted when its feature and field were carried (less the parts under it that were dropped).
 * Undefined when the converter said nothing about it.
 */
export function placeConversion(file: ConvertedFile | undefined, use: UseInFile, targetConstruct?: string): PlaceConversion | undefined {
  if (!file) return undefined;
  const inResource = (e: { line: number }) => e.line >= use.resourceLines.from && e.line < use.resourceLines.to;
  const drops = file.dropped.filter(d => inResource(d) && (d.feature === use.feature || d.feature === undefined));
  const holding = drops.find(d => within(use.field, d.field));
  if (holding) return { converted: false, reason: holding.reason };
  const carried = file.carried.some(c => c.feature === use.feature && c.field === use.field && c.line === use.line);
  if (!carried) return undefined;
  const except = drops.filter(d => d.field !== use.field && within(d.field, use.field)).map(d => ({ field: d.field, reason: d.reason }));
  const written = file.resources.filter(r => r.from.kind === use.kind && r.from.name === (use.name ?? '') && inResource(r.from));
  if (!written.length && use.ownMesh) return { converted: true, into: [], except, kept: true };
  const own = written.filter(r => !r.generated);
  // Of what the resource became, the kinds the target expresses this feature with (a VirtualService's
  // timeout goes to MeshTimeout, its split to MeshHTTPRoute); all of it when the construct names none.
  const named = own.filter(r => targetConstruct && new RegExp(`\\b${r.kind}\\b`).test(targetConstruct));
  const into = named.length ? named : own.length ? own : written;
  return { converted: true, into: into.map(r => `${r.kind} ${r.name}`), except };
}

/** Sums the places of a feature; undefined when the converter said nothing about any of them. */
export function featureConversion(places: (PlaceConversion | undefined)[]): FeatureConversion | undefined {
  const known = places.filter((p): p is PlaceConversion => !!p);
  if (!known.length) return undefined;
  const out: FeatureConversion = { converted: 0, inPart: 0, kept: 0, notConverted: 0, into: [], reasons: [] };
  for (const p of known) {
    if (p.converted) {
      out.converted++;
      if (p.except.length) out.inPart++;
      if (p.kept) out.kept++;
      for (const x of p.except) if (!out.reasons.includes(x.reason)) out.reasons.push(x.reason);
      for (const r of p.into) { const kind = r.split(' ')[0]; if (!out.into.includes(kind)) out.into.push(kind); }
    } else {
      out.notConverted++;
      if (!out.reasons.includes(p.reason)) out.reasons.push(p.reason);
    }
  }
  return out;
}

/** A path as one shell word: as it is when plain, else in single quotes. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The Convert step of each file the conversion changes, in the report's file order. */
export function convertSteps(paths: string[], input: ReportConversionInput): ReportConvertFile[] {
  const byPath = new Map(input.files.map(f => [f.path, f]));
  const out: ReportConvertFile[] = [];
  for (const path of paths) {
    const f = byPath.get(path);
    if (!f || (!f.output && !f.errors.length)) continue;
    const needs: { what: string; line: number }[] = [];
    for (const n of f.needs) if (!needs.some(x => x.what === n.what)) needs.push(n);
    out.push({ path, command: `mesh-lens convert ${shellWord(path)} --to ${input.target}`, changed: !!f.output, dropped: f.dropped.length, needs, errors: f.errors });
  }
  return out;
}

// ---- Words (plain text; each form escapes them) ----

/** The overview table's cell: the kinds written, "not converted", or in part. */
export function conversionCell(c: FeatureConversion | undefined): string {
  if (!c) return '—';
  if (!c.converted) return '❌ not converted';
  const into = c.into.join(', ') || (c.kept === c.converted ? 'kept as it is' : 'converted');
  if (c.notConverted) return `⚠️ ${c.converted} of ${c.converted + c.notConverted} places: ${into}`;
  return c.inPart ? `⚠️ ${into}, in part` : `✅ ${into}`;
}

/** The feature's line: what it converts to, or why not. */
export function featureConversionSentence(c: FeatureConversion, targetName: string): string {
  const lead = `Convert to ${targetName}:`;
  const into = c.into.length ? ` into ${c.into.join(', ')}` : '';
  if (!c.converted) return c.reasons.length === 1 ? `${lead} not converted — ${c.reasons[0]}` : `${lead} not converted; the reason is given at each place.`;
  if (!c.notConverted && !c.inPart) return c.kept === c.converted ? `${lead} kept as it is: the target reads it already.` : `${lead} converted${into}.`;
  const total = c.converted + c.notConverted;
  const some = c.notConverted ? `converted at ${c.converted} of ${total} place${total === 1 ? '' : 's'}${into}` : `converted${into}, in part`;
  return c.reasons.length === 1 ? `${lead} ${some}; not converted: ${c.reasons[0]}` : `${lead} ${some}; what is not converted is given at each place.`;
}

/** One place's sentence. */
export function placeConversionSentence(p: PlaceConversion): string {
  if (!p.converted) return `Not converted: ${p.reason}`;
  if (p.kept) return 'Kept as it is: the target reads it already.';
  const head = p.into.length ? `Converted into ${p.into.join(', ')}.` : 'Converted.';
  return [head, ...p.except.map(x => `Not converted: ${x.field} — ${x.reason}`)].join(' ');
}

/** What a file's Review step says: how many fields were not converted and where to see why. */
export function reviewSentence(f: ReportConvertFile): string | undefined {
  if (!f.dropped) return undefined;
  return f.dropped === 1
    ? 'the field not converted: a "# mesh-lens: not converted" comment in the output gives it and the reason.'
    : `the ${f.dropped} fields not converted: a "# mesh-lens: not converted" comment in the output gives each one and the reason.`;
}
