// The contracts between the pieces of the converter: readers (source resources → model), writers
// (model → target resources) and the pipeline (files in, whole converted files and a report out).
import type { CatalogView } from '../catalog';
import type { ConvertTarget, ModelFragment, Origin, ServiceInfo, SourceRef, Subset } from './model';
import type { OutDoc, OutMap, OutValue } from './output';
import type { SourceView } from './source';

/** What the whole input (every file of the run) tells about the cluster: Services, subsets. */
export interface InputContext {
  /** A plain Kubernetes Service of the input by name (and namespace when the source gives one). */
  service(name: string, namespace?: string): ServiceInfo | undefined;
  /** Subsets declared for a host (Istio DestinationRule, Consul ServiceResolver) anywhere in the input. */
  subset(host: string, name: string, namespace?: string): Subset | undefined;
  /** Other mesh resources of the input by owner and kind, as plain data: what one resource needs from
   *  another (an App Mesh VirtualNode's hostname, an SMI HTTPRouteGroup's matches). Optional: a reader
   *  works without it and asks for what it misses. */
  resources?(owner: string, kind: string): InputResource[];
}

/** A mesh resource of the input, as plain data. */
export interface InputResource { apiVersion: string; kind: string; name: string; namespace?: string; spec: unknown; line: number }

export interface ReadContext {
  /** The resource's root (apiVersion, kind, metadata, spec…). */
  root: SourceView;
  source: SourceRef;
  target: ConvertTarget;
  input: InputContext;
  /** A source field the model cannot hold: said in the output at its place and in `dropped`. Marks it used. */
  drop(field: SourceView | Origin, reason: string): void;
  /** A drop of a source construct that has no effect in its own mesh either (an SMI HTTPRouteGroup no
   *  TrafficSplit or TrafficTarget names): its `dropped` entry says `inert: true`. */
  dropInert(field: SourceView | Origin, reason: string): void;
  /** Context the manifest does not hold and the user must give. */
  need(what: string, at: Origin): void;
}

/** A reader turns one recognised resource of its owner into the neutral model. Undefined: not a kind it reads. */
export interface Reader {
  owner: string;
  kinds: string[];
  /** Kinds the reader carries only in part (Consul ServiceDefaults: its protocol): converted to their own
   *  mesh they are kept as they are, since they are already what that mesh reads. */
  keptInOwnMesh?: string[];
  /** Converted to its own mesh, a resource whose reading lost a field stays as written when this says so
   *  (an Istio Gateway or mesh VirtualService: what it loses is worth more than a Gateway API object).
   *  Routes attached to a Gateway kept so are kept as written too. */
  keptWhenLossy?(kind: string, fragment: ModelFragment): boolean;
  read(kind: string, ctx: ReadContext): ModelFragment | undefined;
}

export interface WriteContext {
  target: ConvertTarget;
  catalog: CatalogView;
  input: InputContext;
  /** A model element the target cannot express: `# mesh-lens: not converted: <field> — <reason>` above `at`
   *  (the output object nearest to where it would have gone) and a `dropped` entry. */
  drop(origin: Origin, reason: string, at?: OutMap | OutValue[], key?: string): void;
  /** A drop of a source construct with no effect in its own mesh either (a route naming no parent): as
   *  `drop`, and its `dropped` entry says `inert: true`. */
  dropInert(origin: Origin, reason: string, at?: OutMap | OutValue[], key?: string): void;
  /** Context missing from the input: `# mesh-lens: set <what>` above `at` (or `key` of `at`) and a `needs` entry. */
  need(what: string, origin: Origin, at?: OutMap | OutValue[], key?: string): void;
  /** Adds annotations to a plain Service of the input (in place, with a comment naming `from`). False
   *  when the input holds no such Service or they cannot be added faithfully: the writer then asks for
   *  them with `need`. Optional: a writer works without it. */
  annotateService?(name: string, namespace: string | undefined, annotations: Record<string, string>, from: string): boolean;
  /** A plain explanatory comment (a changed default, an ordering note), with no report entry. */
  note(text: string, at: OutMap | OutValue[], key?: string): void;
  /** True when the target version has the construct (reads `since`/`removedIn` of the target's support cell). */
  supports(feature: string): boolean;
}

/** A writer turns the model of one source resource into the target's resources. */
export interface Writer {
  target: ConvertTarget['id'];
  write(fragment: ModelFragment, ctx: WriteContext): OutDoc[];
}

/** The JSON contract (version 1) of one converted file, as `mesh-lens convert --format json` prints it. */
export interface ConvertedFile {
  path: string;
  /** The whole converted file; empty when nothing changes. */
  output: string;
  resources: { apiVersion: string; kind: string; name: string; namespace?: string; generated: boolean; from: { kind: string; name: string; line: number } }[];
  carried: { feature?: string; field: string; line: number }[];
  /** `inert`: the source construct has no effect of the feature's kind in its own mesh either (nothing
   *  names or attaches it; the mesh rejects it; an SMI route group only a TrafficTarget names routes
   *  nothing, its matches serving that authorization), so losing it changes nothing; absent otherwise. */
  dropped: { feature?: string; field: string; line: number; reason: string; inert?: true }[];
  needs: { what: string; line: number }[];
  errors: { message: string; line: number }[];
}

export type { SourceRef };
