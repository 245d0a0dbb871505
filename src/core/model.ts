// The data model shared by the engine, the CLI, the extension and the compare panel.
// Everything here is plain data (JSON-serialisable) so it can cross into a webview or a worker.

export type MeshId =
  | 'istio' | 'linkerd' | 'kuma' | 'consul' | 'osm'
  | 'app-mesh' | 'nginx-service-mesh' | 'maesh' | 'traefik-mesh' | 'network-service-mesh';
export type ApiId = 'gateway-api' | 'smi';
/** What a resource belongs to: a mesh, or an API several meshes share. */
export type OwnerId = MeshId | ApiId;
/** What a user can target: a mesh, Consul Enterprise as its own edition, or plain Gateway API. */
export type TargetId = MeshId | 'consul-enterprise' | 'gateway-api';

export type SupportLevel = 'supported' | 'partial' | 'unsupported' | 'unknown' | 'not_applicable';
export type Confidence = 'certain' | 'inferred';
export type Qualifier = 'enterprise_only' | 'escape_hatch_only' | 'experimental' | 'deprecated' | 'removed';
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A piece of evidence: an upstream file at its commit and line, a docs page, a release note or a report. */
export interface Source {
  title: string;
  /** Absent when the evidence could not become a link. */
  url?: string;
}

export interface MeshStatus {
  state: 'active' | 'archived' | 'discontinued' | 'dormant' | 'renamed' | 'no-data';
  /** ISO date (YYYY-MM-DD or YYYY-MM) the state began, when known. */
  date?: string;
  note?: string;
  sources?: Source[];
}

export interface Mesh {
  id: OwnerId;
  name: string;
  /** 'mesh' for a mesh, 'api' for Gateway API / SMI. */
  type: 'mesh' | 'api';
  /** Column id in the 2022 sheet (seed/table.yaml), when it had one. */
  seedColumn?: string;
  homepage?: string;
  status: MeshStatus;
  /** Newest version the data was checked against, e.g. "1.30". */
  latestVersion?: string;
  /** Version the facts in data/support were verified at, with its source. */
  versionChecked?: string;
  /** ISO date (YYYY-MM-DD) the mesh's facts were last checked, when they were. */
  checked?: string;
  renamedTo?: OwnerId;
  /** Which release line a target version names (Consul: the consul-k8s chart). */
  versionScheme?: string;
  /** What to call that release line in messages when it is not the mesh's name ("consul-k8s"). */
  versionName?: string;
}

export interface Section {
  id: string;
  label: string;
  features: Feature[];
}

export interface Feature {
  id: string;
  label: string;
  section: string;
  /** 'info' rows (link, licence, language…) are facts about a project, never judged. */
  kind: 'feature' | 'info';
  description?: string;
  /** Line of the row in the seed sheet; absent for rows the sheet lacks. */
  seedLine?: number;
  /** Why no detector can exist (e.g. control-plane HA is not in manifests). */
  noDetectorReason?: string;
  sources?: Source[];
}

/** The 2022 sheet's cell, kept as history. */
export interface SeedCell {
  value: string | null;
  level: SupportLevel;
  confidence: Confidence | 'unknown';
  note?: string;
}

export interface SupportCell {
  mesh: OwnerId;
  feature: string;
  /** The level used for judging: the newest verified fact, else the 2022 value. */
  level: SupportLevel;
  qualifiers: Qualifier[];
  since?: string;
  removedIn?: string;
  /** The source's own words about versions when they say more than the bare version. */
  sinceNote?: string;
  removedNote?: string;
  /** How the mesh expresses the feature (a noun phrase: kind + field path / annotation); absent when it has none. */
  construct?: string;
  /** One finished sentence (≤ 140 characters) saying what the mesh lacks or how it differs, for diagnostics. */
  summary?: string;
  /** Where the fact comes from: upstream files at a commit, docs pages, release notes, the 2022 sheet. */
  sources: Source[];
  confidence: Confidence;
  note?: string;
  /** Level for Consul CE when it differs from the enterprise level (editions). */
  editions?: { ce?: string };
  seed?: SeedCell;
}

/** Gateway API conformance features a mesh implements (data/gateway-implementations.yaml). */
export interface GatewayImplementation {
  mesh: MeshId;
  versionChecked?: string;
  note?: string;
  features: Record<string, { level: SupportLevel; sources: Source[]; note?: string; /** One finished sentence for diagnostics. */ summary?: string }>;
}

/** A declarative rule: "resource of this owner + kind + field path (or annotation) → feature". */
export interface Detector {
  id: string;
  owner: OwnerId;
  /** apiVersion groups this applies to; absent for annotation detectors on any workload. */
  groups?: string[];
  kinds?: string[];
  /** Dotted paths below the document root; `[]` any list item, `{}` any map value, `*` any key.
   *  (data files may write one `path:` or a list `paths:`.) */
  paths?: string[];
  /** Annotation or label key (exact), or prefix when it ends with `*`. */
  annotation?: string;
  /** Only when the value at path equals one of these (scalar compare, case-sensitive). */
  valueIn?: string[];
  /** Only when this path below the matched value exists (`[].weight`, or `[].tls.mode=AUTO_PASSTHROUGH|X`);
   *  a list means all of them. A leading `/` starts at the resource instead. */
  has?: string | string[];
  /** Only when none of these paths exists. */
  lacks?: string | string[];
  feature: string;
  /** Gateway API / SMI: the conformance feature name used to judge per implementation. */
  conformanceFeature?: string;
  /** Gateway API channel of the construct. */
  channel?: 'standard' | 'experimental';
  /** Why the path cannot be checked against a CRD schema (annotations, legacy kinds, strings…). */
  schemaExempt?: string;
  note?: string;
}

export interface ApiVersionRule {
  owner: OwnerId;
  group: string;
  version: string;
  kinds?: string[];
  /** First mesh version that serves it, removal, deprecation. */
  since?: string;
  removedIn?: string;
  deprecated?: boolean;
  sources: Source[];
}

export interface Recognition {
  groups: { group: string; suffix?: boolean; owner: OwnerId }[];
  annotationDomains: { domain: string; suffix?: boolean; owner: OwnerId }[];
  plainLabels: Record<string, OwnerId>;
  proxyContainers: Record<string, OwnerId>;
  kindOnly: Record<string, string[]>;
  kumaUniversalKinds: string[];
}

export interface TargetInfo {
  id: TargetId; name: string; base?: MeshId; description?: string;
  /** Owners whose resources the target reads (its own, Gateway API, SMI…); the others get `not-read-by-target`. */
  reads?: string[];
}

export interface Catalog {
  meshes: Mesh[];
  targets: TargetInfo[];
  recognition: Recognition;
  sections: Section[];
  /** cells[mesh][feature] */
  cells: Record<string, Record<string, SupportCell>>;
  gatewayImplementations: Record<string, GatewayImplementation>;
  detectors: Detector[];
  apiVersions: ApiVersionRule[];
}

export interface Position { line: number; column: number }
/** 0-based offsets into the analysed text; `end` exclusive. */
export interface Span { start: number; end: number }
/** 1-based line/column, endColumn exclusive. */
export interface Range { line: number; column: number; endLine: number; endColumn: number }

export interface Resource {
  owner: OwnerId;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** 0-based index of the YAML document in the file. */
  docIndex: number;
  /** Range of the `kind:` key (or `type:` for Kuma universal format). */
  range: Range;
  /** How it was recognised. */
  via: 'apiVersion' | 'annotation' | 'label' | 'proxy-container' | 'crd-definition';
  /** True for CustomResourceDefinitions of mesh kinds: recognised, never judged. */
  definition?: boolean;
}

/** One place where a manifest expresses a feature. */
/** A mesh annotation or label on any resource (what marks an ordinary workload as meshed). */
export interface MeshAnnotation {
  owner: OwnerId;
  key: string;
  value: string;
  /** metadata.annotations["linkerd.io/inject"], spec.template.metadata.labels.istio-injection … */
  field: string;
  kind: string;
  name?: string;
  docIndex: number;
  range: Range;
}

export interface FeatureUse {
  feature: string;
  owner: OwnerId;
  kind: string;
  name?: string;
  docIndex: number;
  /** Path in ANSWERS' form: spec.http[0].mirror, metadata.annotations["retry.linkerd.io/http"]. */
  field: string;
  range: Range;
  detector: string;
  conformanceFeature?: string;
  channel?: 'standard' | 'experimental';
}

export type RuleId = string; // a feature id, or api-version-not-served | project-archived | deprecated-construct | parse-error | not-read-by-target

export interface Finding {
  rule: RuleId;
  /** The feature (for feature findings). */
  feature?: string;
  owner: OwnerId;
  target: TargetId | null;
  targetVersion?: string;
  support: SupportLevel;
  qualifiers: Qualifier[];
  severity: Severity;
  field: string;
  range: Range;
  message: string;
  /** The target's own construct for the same feature, where one exists. */
  equivalent?: string;
  kind?: string;
  name?: string;
  docIndex: number;
}

export interface ParseProblem { message: string; range: Range; docIndex: number }

export interface Target { mesh: TargetId; version?: string }

export interface SeverityMap {
  unsupported: Severity | 'off';
  partial: Severity | 'off';
  unknown: Severity | 'off';
  /** A resource of another mesh that the target does not read at all (`not-read-by-target`). */
  notRead: Severity | 'off';
}

export interface AnalyzeOptions {
  /** The mesh the manifests must run on; null judges resources against their own mesh. */
  target?: Target | null;
  severities?: Partial<SeverityMap>;
  /** Feature ids (or rule ids) the user turned off. */
  disabled?: string[];
}

export interface AnalysisResult {
  resources: Resource[];
  annotations: MeshAnnotation[];
  uses: FeatureUse[];
  findings: Finding[];
  problems: ParseProblem[];
  /** The target after a `# mesh-lens target:` comment in the file, if any. */
  target: Target | null;
  /** Where a file-level comment set the target. */
  targetFromFile: boolean;
}
