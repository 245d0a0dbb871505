#!/usr/bin/env node
// Regenerates Mesh Lens' committed data files from the shared reference material.
//
//   node scripts/import-shared.mjs [path/to/shared]      (default: ../shared next to the repo)
//
// Writes: data/meshes.yaml, data/features.yaml, data/support/<owner>.yaml,
//         data/gateway-implementations.yaml, data/api-versions.yaml, NOTICE
// Reads:  seed/table.yaml, seed/ALIGNMENT.md (facts copied below, with their lines),
//         catalog/CATALOG.md (status table, versions, since), catalog/support-2026/*.yaml,
//         catalog/crds/** (served / deprecated API versions) and catalog/crds/SOURCES.md.
// CI never runs this: the generated files are committed. Facts that exist only as prose in the
// shared Markdown (status, "since" versions) are restated here with the file/section they come from.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, loadAll } from 'js-yaml';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(process.argv[2] ?? path.join(repo, '..', 'shared'));
const dataDir = path.join(repo, 'data');

const read = (rel) => fs.readFileSync(path.join(shared, rel), 'utf8');
const readYaml = (rel) => load(read(rel));
const warnings = [];
const warn = (m) => warnings.push(m);

// ---------------------------------------------------------------------------------------------
// YAML writer: block style, one key per line, free text always double-quoted (JSON escapes are
// valid YAML), identifiers plain. Lists of plain identifiers are written inline ([a, b]).

const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
const PLAIN = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const isPlain = (s) => PLAIN.test(s) && !RESERVED.test(s);
function scalar(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const s = String(v);
  return isPlain(s) ? s : JSON.stringify(s);
}
const key = (k) => (PLAIN_KEY.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k));
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function emit(value, indent = 0) {
  const pad = ' '.repeat(indent);
  const out = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isObj(item)) {
        const body = emit(item, indent + 2);
        out.push(pad + '- ' + body.slice(indent + 2));
      } else if (Array.isArray(item)) {
        out.push(pad + '-\n' + emit(item, indent + 2));
      } else out.push(pad + '- ' + scalar(item));
    }
    return out.join('\n');
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${pad}${key(k)}: []`);
      else if (v.every((x) => typeof x === 'string' && isPlain(x)) && v.join(', ').length < 90)
        out.push(`${pad}${key(k)}: [${v.join(', ')}]`);
      else out.push(`${pad}${key(k)}:\n${emit(v, indent + 2)}`);
    } else if (isObj(v)) {
      if (Object.keys(v).length === 0) out.push(`${pad}${key(k)}: {}`);
      else out.push(`${pad}${key(k)}:\n${emit(v, indent + 2)}`);
    } else out.push(`${pad}${key(k)}: ${scalar(v)}`);
  }
  return out.join('\n');
}

function writeYaml(rel, header, obj) {
  const text = header.map((l) => (l ? '# ' + l : '#')).join('\n') + '\n' + emit(obj) + '\n';
  const back = load(text); // must round-trip
  if (JSON.stringify(back) !== JSON.stringify(JSON.parse(JSON.stringify(obj))))
    throw new Error(`${rel}: YAML does not round-trip`);
  const file = path.join(repo, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return back;
}

// Drop null/undefined fields (optional fields are absent rather than null, per model.ts).
const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
const joinNotes = (...n) => {
  const parts = n.filter((x) => x && String(x).trim()).map((x) => String(x).trim());
  return parts.length ? parts.join(' ') : undefined;
};

// ---------------------------------------------------------------------------------------------
// Inputs

const table = readYaml('seed/table.yaml');
const SUPPORT_2026 = ['istio', 'linkerd', 'kuma', 'consul', 'osm', 'gateway-api'];
const support = Object.fromEntries(SUPPORT_2026.map((m) => [m, readYaml(`catalog/support-2026/${m}.yaml`)]));
const corpusReadme = read('corpus/README.md');
const catalogMd = read('catalog/CATALOG.md');
const alignmentMd = read('seed/ALIGNMENT.md');

// ---------------------------------------------------------------------------------------------
// Owners

const SEED_SOURCE = 'learnk8s comparison sheet (May 2022)';
const OWNERS = [
  { id: 'istio', name: 'Istio', type: 'mesh', seedColumn: 'istio' },
  { id: 'linkerd', name: 'Linkerd', type: 'mesh', seedColumn: 'linkerd2' },
  { id: 'kuma', name: 'Kuma', type: 'mesh', seedColumn: 'kuma' },
  { id: 'consul', name: 'Consul', type: 'mesh', seedColumn: 'consul_connect' },
  { id: 'osm', name: 'Open Service Mesh', type: 'mesh', seedColumn: 'open_service_mesh' },
  { id: 'app-mesh', name: 'AWS App Mesh', type: 'mesh', seedColumn: 'aws_app_mesh' },
  { id: 'nginx-service-mesh', name: 'NGINX Service Mesh', type: 'mesh', seedColumn: 'nginx_service_mesh' },
  { id: 'maesh', name: 'Maesh', type: 'mesh', seedColumn: 'maesh' },
  { id: 'traefik-mesh', name: 'Traefik Mesh', type: 'mesh', seedColumn: 'traefik_mesh' },
  { id: 'network-service-mesh', name: 'Network Service Mesh', type: 'mesh', seedColumn: 'network_service_mesh' },
  { id: 'gateway-api', name: 'Gateway API', type: 'api' },
  { id: 'smi', name: 'SMI', type: 'api' },
];
for (const o of OWNERS)
  if (o.seedColumn && !table.meshes.some((m) => m.id === o.seedColumn)) throw new Error(`no seed column ${o.seedColumn}`);

const seedCell = (rowId, column) => {
  for (const s of table.sections) for (const r of s.rows) if (r.id === rowId) return r.cells[column];
  return undefined;
};
const linkOf = (owner) => {
  const row = support[owner]?.rows.find((r) => r.feature === 'link');
  return row ? row.construct ?? row.value : undefined;
};
// First URL of a text.
const firstUrl = (s) => (s ? (String(s).match(/https?:\/\/[^\s,;)]+/) || [])[0] : undefined);

// Status and versions: CATALOG.md "Status overview" table and ALIGNMENT.md "Values outdated as of
// 2026". Each source string names the line it is taken from.
const CAT_STATUS = 'shared/catalog/CATALOG.md, Status overview';
const ALIGN_OUTDATED = 'shared/seed/ALIGNMENT.md, Values outdated as of 2026';
const META = {
  istio: {
    homepage: firstUrl(linkOf('istio')),
    status: { state: 'active', note: 'Version looked at 1.30.3 (2026-07-13); master = 1.31.0-rc.0.', source: `${CAT_STATUS}: "active. Tags 1.30.3 and 1.31.0-rc.0 in istio/istio; master commit 2026-08-22."` },
    latestVersion: '1.30',
  },
  linkerd: {
    homepage: firstUrl(linkOf('linkerd')),
    status: { state: 'active', note: 'Weekly edge-* tags; edge-26.8.3 (2026-08-21) is the version looked at; the version-2.20 tag (2026-06-22) marks the edge that became 2.20. Stable open-source artifacts are no longer tagged stable-2.x.y after 2.14.', source: `${CAT_STATUS}: "active (weekly edge-* tags)"` },
    latestVersion: '2.20',
  },
  kuma: {
    homepage: firstUrl(linkOf('kuma')),
    status: { state: 'active', note: support.kuma.status?.note, source: `${CAT_STATUS}; shared/catalog/support-2026/kuma.yaml status (latest_release: ${support.kuma.status?.latest_release})` },
    latestVersion: '2.14',
  },
  consul: {
    homepage: firstUrl(linkOf('consul')),
    status: { state: 'active', note: `consul-k8s v2.0.3 (2026-08-12) deploys hashicorp/consul:2.0.3 and consul-dataplane:2.0.3. ${support.consul.status?.note ?? ''}`.trim(), source: `${CAT_STATUS}: "active (CK8S tags; main commit 2026-08-20)"; shared/catalog/support-2026/consul.yaml status` },
    latestVersion: '2.0',
  },
  osm: {
    homepage: firstUrl(linkOf('osm')),
    status: {
      state: 'archived', date: '2023-07-10',
      note: 'Archived by the CNCF (TOC vote; archive issue 2023-06-30); the date is the README archive notice on main. Final release v1.2.4 (2023-04-20); the "In Dev" features of the 2022 sheet never shipped.',
      source: `${CAT_STATUS}: "archived by CNCF — README on main @ 7bec5b6b (2023-07-10): "The OSM project has been officially archived" (cncf/toc PR 1044)"; ${ALIGN_OUTDATED}: github.com/cncf/toc/pull/1044, github.com/cncf/toc/issues/1104, github.com/openservicemesh/osm/pull/5344`,
    },
    latestVersion: '1.2',
  },
  'app-mesh': {
    homepage: seedCell('link', 'aws_app_mesh')?.value,
    status: {
      state: 'discontinued', date: '2026-09-30',
      note: 'AWS ends support on 30 Sep 2026 (migration to Amazon ECS Service Connect); no new customers since 2024-09-24. Controller aws/aws-app-mesh-controller-for-k8s v1.13.3 (2025-10-23) is the newest release looked at.',
      source: `${CAT_STATUS}: AWS announcement "Migrating from AWS App Mesh to Amazon ECS Service Connect", quoted at https://sysdesign-wiki.pages.dev/sources/2025-01-18-aws-app-mesh-discontinuation-service-connect-migration/; ${ALIGN_OUTDATED}: App Mesh user guide notice, e.g. docs.amazonaws.cn/en_us/app-mesh/latest/userguide/tooling.md`,
    },
  },
  'nginx-service-mesh': {
    homepage: seedCell('link', 'nginx_service_mesh')?.value,
    status: {
      state: 'archived', date: '2024-03-14',
      note: 'End of Sale of the NGINX Microservices Bundle on 1 July 2023; repository archived 2024-03-14 ("This project is no longer under development."). Last release v2.0.0 (2023-04-24).',
      source: `${CAT_STATUS}: "archived — README on main @ 2e04536b (2024-03-14)"; ${ALIGN_OUTDATED}: docs.nginx.com/nginx-service-mesh/about/mesh-tech-specs (End of Sale notice)`,
    },
  },
  maesh: {
    homepage: seedCell('link', 'maesh')?.value,
    renamedTo: 'traefik-mesh',
    status: {
      state: 'renamed', date: '2020-09',
      note: 'Maesh was renamed Traefik Mesh in 2020 and Containous became Traefik Labs (Sept 2020); the 2022 sheet kept both columns and fills Maesh only in its older rows.',
      source: `${ALIGN_OUTDATED}: github.com/servicemeshinterface/smi-spec/pull/194; github.com/traefik/mesh/issues/729`,
    },
  },
  'traefik-mesh': {
    homepage: seedCell('link', 'traefik_mesh')?.value,
    status: {
      state: 'dormant', date: '2022-08-19',
      note: 'No release since v1.4.8 (2022-08-19); only doc/CI commits in 2025–2026; README carries no archive notice. Maintainer comment (2026-02-24): not under active development.',
      source: `${CAT_STATUS}: "dormant: no release since 2022-08-19" (traefik/mesh git log); ${ALIGN_OUTDATED}: github.com/traefik/mesh/issues/870`,
    },
  },
  'network-service-mesh': {
    status: {
      state: 'no-data',
      note: 'The 2022 sheet names Network Service Mesh only in its header; every cell of its column is blank.',
      source: 'shared/seed/ALIGNMENT.md, Columns: "Network Service Mesh is named in the header only"',
    },
  },
  'gateway-api': {
    homepage: firstUrl(linkOf('gateway-api')),
    status: { state: 'active', note: 'v1.6.1 (2026-07-16), incl. the GAMMA mesh profile.', source: `${CAT_STATUS}: "Gateway API / GAMMA | v1.6.1 (2026-07-16) | active."` },
    latestVersion: '1.6',
  },
  smi: {
    status: {
      state: 'archived', date: '2023-10',
      note: 'Spec v0.6.0 (2021-01-19) is the last; the CNCF blog announced the archive on 2023-10-03.',
      source: `${CAT_STATUS}: "archived — smi-spec README @ cc4babdc (2023-10-20): "This project is ARCHIVED" (CNCF blog 2023-10-03)"`,
    },
    latestVersion: '0.6',
    versionChecked: 'servicemeshinterface/smi-spec HEAD @ cc4babdc44570894e23ab6727910d965cb38fadc and smi-sdk-go HEAD @ a143f8bc96eccdf5fc8a66d0c1622591104c77e0 (spec v0.6.0)',
  },
};
const SEED_ONLY_CHECKED = 'not verified since the learnk8s comparison sheet (last updated May 25, 2022)';
for (const o of OWNERS) {
  const m = META[o.id];
  if (support[o.id]) m.versionChecked = String(support[o.id].version_checked).replace(/\s+/g, ' ').trim();
  else m.versionChecked ??= SEED_ONLY_CHECKED;
}
// Cheap guard that the status prose still says what is restated above.
for (const needle of ['archived by CNCF', 'service discontinued 2026-09-30', 'dormant: no release since 2022-08-19', '(2024-03-14)', 'This project is ARCHIVED'])
  if (!catalogMd.includes(needle)) warn(`CATALOG.md status table no longer contains "${needle}": re-check data/meshes.yaml`);
for (const needle of ['Renamed Traefik Mesh', 'End of Sale of the NGINX Microservices Bundle, 1 July 2023', 'Not under active development (maintainer comment, 2026-02-24)'])
  if (!alignmentMd.includes(needle)) warn(`ALIGNMENT.md no longer contains "${needle}": re-check data/meshes.yaml`);

const TARGET_DESCRIPTIONS = {
  istio: 'Istio 1.30 (sidecar and ambient): verified 2026 support matrix.',
  linkerd: 'Linkerd 2.20 (edge-26.8.3): verified 2026 support matrix.',
  kuma: 'Kuma 2.14 (open source; Kong Mesh extras not counted): verified 2026 support matrix.',
  consul: 'Consul Community Edition on Kubernetes (consul-k8s 2.0): Enterprise-only features are reported.',
  'consul-enterprise': 'Consul Enterprise on Kubernetes (consul-k8s 2.0): includes Enterprise-only features.',
  osm: 'Open Service Mesh 1.2.4, the final release (archived by the CNCF in 2023).',
  'app-mesh': 'AWS App Mesh (AWS ends support on 2026-09-30): 2022 comparison-sheet data only.',
  'nginx-service-mesh': 'NGINX Service Mesh (archived 2024-03-14): 2022 comparison-sheet data only.',
  maesh: 'Maesh, the former name of Traefik Mesh: 2022 comparison-sheet data only.',
  'traefik-mesh': 'Traefik Mesh (no release since 2022): 2022 comparison-sheet data only.',
  'network-service-mesh': 'Network Service Mesh: no data (the 2022 sheet names it only in its header).',
};

// ---------------------------------------------------------------------------------------------
// Features

const INFO_ROWS = new Set(['link', 'written_in', 'developed_by', 'license', 'platform', 'cncf_maturity', 'service_proxy', 'default_load_balancing_mechanism']);
const LABEL_FIXES = { locality_load_balancing: 'Locality load balancing' }; // sheet: "Lcality load balancing"
const SECTION_LABEL_FIXES = { security: '6. Security' }; // sheet: "6.Security"

const NO_DETECTOR = {
  info: 'general information about the project, not a manifest construct',
  lb: 'built-in balancing behaviour of the proxy; manifests only declare the protocol',
  install: 'a property of the control plane install, not of manifests',
  tool: 'a tool shipped with the mesh, not a manifest construct',
  behaviour: 'proxy behaviour that no manifest field turns on or off',
  protocol: 'what the proxy understands of a protocol; manifests only name a port\'s protocol (Service appProtocol or port-name prefix, mesh protocol hints), which Mesh Lens does not report as a feature use',
  logging: 'proxy logging as a whole (log levels, collection, forwarding) is install-time or proxy configuration; the manifest constructs that turn on request logs are reported as access_logging',
  topology: 'a property of how clusters and control planes are installed and joined; the manifests that export or reach services in other clusters are reported as multi_cluster_communication',
};
const NO_DETECTOR_BY_FEATURE = {
  grpc_load_balancing: 'lb', http_load_balancing: 'lb', tcp_load_balancing: 'lb',
  client_initiated_http: 'behaviour',
  dedicated_dashboard: 'tool', grafana_dashboards: 'tool', diagnostic_tool: 'tool',
  control_plane_ha: 'install', built_in_ca: 'install',
  tcp: 'protocol', udp: 'protocol', http_1_1: 'protocol', http_2: 'protocol', grpc: 'protocol', grpc_web: 'protocol',
  mongo: 'protocol', redis: 'protocol', kafka: 'protocol',
  logging: 'logging',
  multi_cluster_federation: 'topology', cross_cluster_deployment: 'topology',
};

const DESCRIPTIONS = {
  link: 'The project\'s website.',
  written_in: 'The programming languages of the control plane and the proxies.',
  developed_by: 'Who develops and maintains the project.',
  license: 'The licence the project is released under.',
  platform: 'Where the mesh runs: Kubernetes, virtual machines or a cloud service.',
  cncf_maturity: 'The project\'s maturity level at the Cloud Native Computing Foundation.',
  service_proxy: 'The proxy that carries the mesh traffic.',
  automatic_sidecar_injection: 'Adds the mesh proxy to workloads automatically, driven by a namespace or pod label or annotation.',
  traffic_mirroring: 'Sends a copy of live requests to another service and ignores its responses.',
  default_load_balancing_mechanism: 'The load-balancing algorithm used when none is configured.',
  load_balancing_options: 'A choice of load-balancing algorithms, such as round robin, least request or consistent hashing.',
  locality_load_balancing: 'Prefers endpoints in the caller\'s zone or region and fails over to other localities.',
  grpc_load_balancing: 'Balances individual gRPC calls across endpoints instead of whole connections.',
  http_load_balancing: 'Balances individual HTTP requests across endpoints.',
  tcp_load_balancing: 'Balances TCP connections across endpoints.',
  http_request_matching_rules: 'Routes HTTP requests by path, headers, query parameters or method.',
  l4_traffic_matching_rules: 'Routes or filters TCP/UDP traffic by port, address or SNI.',
  rate_limiting: 'Limits how many requests or connections a service accepts in a time window.',
  egress_gateway: 'Controls traffic that leaves the mesh, optionally through a dedicated gateway.',
  ingress_gateway: 'Accepts traffic that enters the mesh from outside.',
  multi_cluster_communication: 'Lets services call services in other clusters.',
  dns_proxying: 'The proxy captures and answers the workload\'s DNS queries.',
  tcp: 'Carries plain TCP traffic.',
  udp: 'Carries UDP traffic.',
  http_1_1: 'Understands HTTP/1.1 at layer 7.',
  http_2: 'Understands HTTP/2 at layer 7.',
  grpc: 'Understands gRPC at layer 7.',
  grpc_web: 'Handles gRPC-Web traffic from browsers.',
  mongo: 'Understands the MongoDB wire protocol.',
  redis: 'Understands the Redis protocol.',
  kafka: 'Understands the Kafka protocol.',
  automatic_protocol_detection: 'Detects the protocol of a connection without explicit configuration.',
  client_initiated_http: 'Proxies HTTP in which the client speaks first at layer 7; the 2022 row label is ambiguous.',
  prometheus_integration: 'Exposes mesh and proxy metrics for Prometheus to scrape.',
  dedicated_dashboard: 'A web dashboard made for the mesh.',
  grafana_dashboards: 'Ready-made Grafana dashboards for the mesh\'s metrics.',
  custom_metrics: 'Lets you define or customise the metrics the proxies emit.',
  tracing_backends: 'The distributed-tracing systems the proxies can send spans to.',
  logging: 'Proxy logs and how they are collected or forwarded.',
  circuit_breaking: 'Stops sending requests to a failing or overloaded service.',
  retries_and_timeout: 'Retries failed requests and bounds how long a request may take.',
  retry_budget: 'Caps retries as a share of regular traffic so that retries cannot overload a service.',
  timeout_per_retry: 'Gives each retry attempt its own timeout.',
  abort_injection: 'Injects failures (error responses) into a share of requests for testing.',
  delay_injection: 'Injects latency into a share of requests for testing.',
  response_bandwidth: 'Limits response bandwidth to simulate a slow network.',
  canary_releases: 'Shifts a weighted share of traffic to a new version of a service.',
  control_plane_ha: 'Runs the control plane with several replicas for high availability.',
  health_checks: 'Checks endpoint health, actively or passively, and stops sending traffic to unhealthy endpoints.',
  mtls: 'Encrypts and authenticates service-to-service traffic with mutual TLS.',
  mtls_permissive_mode: 'Accepts both mTLS and plain-text traffic, for gradual migration.',
  built_in_ca: 'A certificate authority that ships with the mesh and issues workload certificates.',
  external_ca_certificate: 'Uses a certificate authority outside the mesh, such as your own root, Vault or cert-manager.',
  authentication_policies: 'Policies that state how workloads or requests must authenticate.',
  peer_authentication: 'Authenticates the calling workload by its service identity.',
  request_authentication: 'Authenticates end-user requests, for example by validating JWTs.',
  workload_to_workload_authorization: 'Allows or denies traffic between workloads based on their identity.',
  end_user_to_workload_authorization: 'Allows or denies requests based on the end user\'s identity or token claims.',
  multi_tenancy: 'Isolates teams or tenants that share one mesh.',
  access_control_traffic_access: 'Supports the SMI Traffic Access API (TrafficTarget) for access control.',
  traffic_split: 'Supports the SMI Traffic Split API (TrafficSplit) for weighted routing.',
  traffic_specs: 'Supports the SMI Traffic Specs API (HTTPRouteGroup, TCPRoute) to describe traffic.',
  metrics: 'Supports the SMI Traffic Metrics API.',
  diagnostic_tool: 'A command-line tool to check and debug the mesh.',
  multi_cluster_federation: 'Joins several meshes or clusters into one federated mesh.',
  cross_cluster_deployment: 'Runs one mesh across several clusters.',
  proxy_extension: 'Extends the proxy with custom filters, such as WebAssembly, Lua or Envoy patches.',
};

const EXTRA = [
  ['header_modification', 'Header modification', 'Adds, sets or removes request or response headers.'],
  ['url_rewrite', 'URL rewrite', 'Rewrites the path or host of a request before forwarding it.'],
  ['redirect', 'Redirect', 'Answers a request with an HTTP redirect instead of forwarding it.'],
  ['session_affinity', 'Session affinity', 'Sends a client\'s requests to the same endpoint, by cookie, header or consistent hashing.'],
  ['connection_pool', 'Connection pool', 'Limits connections and pending or concurrent requests to a service.'],
  ['outlier_detection', 'Outlier detection', 'Temporarily ejects endpoints that keep failing from the load-balancing pool.'],
  ['cors', 'CORS', 'Handles cross-origin (CORS) preflight requests and sets the CORS response headers.'],
  ['external_authorization', 'External authorization', 'Delegates allow/deny decisions to an external authorization service.'],
  ['access_logging', 'Access logging', 'Writes one log entry per request or connection.'],
  ['wasm_plugin', 'WebAssembly plugin', 'Loads a WebAssembly module into the proxy.'],
];
for (const [id] of EXTRA) {
  if (!corpusReadme.includes(id)) throw new Error(`extra feature ${id} is not listed in corpus/README.md`);
  for (const m of SUPPORT_2026) if (!support[m].rows.some((r) => r.feature === id)) warn(`support-2026/${m}.yaml has no row ${id}`);
}

const sections = [];
const features = []; // flat, in order
for (const s of table.sections) {
  const feats = [];
  for (const r of s.rows) {
    if (r.kind !== 'data') continue; // notes, notes_label and sidebar rows are not features
    const kind = INFO_ROWS.has(r.id) ? 'info' : 'feature';
    if (!DESCRIPTIONS[r.id]) throw new Error(`no description for ${r.id}`);
    const reasonKey = kind === 'info' ? 'info' : NO_DETECTOR_BY_FEATURE[r.id];
    const f = compact({
      id: r.id,
      label: LABEL_FIXES[r.id] ?? r.label,
      kind,
      description: DESCRIPTIONS[r.id],
      seedLine: r.seed_line,
      noDetectorReason: reasonKey ? NO_DETECTOR[reasonKey] : undefined,
    });
    feats.push(f);
    features.push({ ...f, section: s.id });
  }
  sections.push({ id: s.id, label: SECTION_LABEL_FIXES[s.id] ?? s.label, features: feats });
}
// Sanity: 2026 rows of every info row are all not_applicable; no other row is.
for (const f of features) {
  const levels = ['istio', 'linkerd', 'kuma', 'consul', 'osm'].map((m) => support[m].rows.find((r) => r.feature === f.id)?.level);
  const allNa = levels.every((l) => l === 'not_applicable');
  if (allNa !== (f.kind === 'info')) warn(`${f.id}: kind ${f.kind} but 2026 levels ${levels.join(',')}`);
}
const extraFeats = EXTRA.map(([id, label, description]) => ({
  id, label, kind: 'feature', description,
  sources: ['shared/corpus/README.md (extra feature ids)', `shared/catalog/support-2026/{${SUPPORT_2026.join(',')}}.yaml, row ${id}`],
}));
sections.push({ id: 'extra', label: '9. Beyond the 2022 sheet', features: extraFeats });
for (const f of extraFeats) features.push({ ...f, section: 'extra' });
const featureIds = features.map((f) => f.id);
if (new Set(featureIds).size !== featureIds.length) throw new Error('duplicate feature id');

// ---------------------------------------------------------------------------------------------
// The 2022 sheet's text → level (data/README.md "Support cells").

const ALIGNMENT_AMBIGUOUS = {
  default_load_balancing_mechanism: 'ALIGNMENT.md: ambiguous row (seed line 13): both the cell split ("Round Robin Weighted Round Robin" may be one cell) and the column alignment are uncertain.',
  client_initiated_http: 'ALIGNMENT.md: ambiguous row (seed line 40): where the row label ends is inferred; "Client initiated HTTP" is kept as the label.',
  timeout_per_retry: 'ALIGNMENT.md: ambiguous row (seed line 57, 6 values): Istio, Linkerd2 and Kuma are clear; the three ✖ fill three of Consul / AWS App Mesh / OSM / Traefik Mesh, and OSM is guessed blank.',
  canary_releases: 'ALIGNMENT.md: weak row (seed line 61): the alternative alignment (Maesh ✔, Consul ✖, AWS App Mesh ✔) matches 2022 Flagger canary support exactly.',
  multi_cluster_federation: 'ALIGNMENT.md: ambiguous row (seed line 88, 5 values): the three ✔ fall on three of Istio / Linkerd2 / Kuma / Consul / AWS App Mesh; the first three were chosen, and Consul (WAN federation) is an equally good candidate.',
};
for (const id of Object.keys(ALIGNMENT_AMBIGUOUS)) if (!featureIds.includes(id)) throw new Error(`ambiguous row ${id} unknown`);

const SUPPORTED_TEXT = new Set([
  '✔️', 'round-robin, weighted, random, least requests', 'Round Robin, Least Request, Ring Hash, Random, Maglev',
  'HTTP, HTTP/2', 'HTTP, HTTP/2, gRPC', 'HTTP, gRPC, Kafka, TCP', 'Grafana Support',
  'Jaeger, Open Tracing, Zipkin, Lightstep', 'Jaeger, OpenTracing', 'Jaeger, DataDog, zipkin', 'Jaeger, Open Tracing, Zipkin',
  'Jaeger, OpenTracing, Zipkin, AWS X-Ray', 'Jaeger, Open Tracing, Zipkin, Datadog', 'Jaeger',
  'Envoy access logs', 'Fluent Bit Log Forwarding', 'Istioctl', 'osm-health', 'WASM API',
]);
/** → { level, note } for a sheet cell of a row. */
function mapSeedValue(featureId, value) {
  if (INFO_ROWS.has(featureId))
    return { level: 'not_applicable', note: value === null ? 'blank in the 2022 sheet' : undefined };
  if (value === null) return { level: 'unknown', note: 'blank in the 2022 sheet' };
  if (value === '✖︎') return { level: 'unsupported' };
  if (/^(In Dev|In-dev|In Planning)$/.test(value)) return { level: 'unsupported', note: `2022 sheet: "${value}" (not shipped then).` };
  if (/^Treated as (TCP|HTTP)$/.test(value) || value === 'Default') return { level: 'partial', note: `2022 sheet: "${value}".` };
  if (value === '✔️ (via ACM PCA)') return { level: 'partial', note: '2022 sheet: "✔️ (via ACM PCA)": certificates come from ACM Private CA, not from a CA built into the mesh.' };
  if (SUPPORTED_TEXT.has(value)) return { level: 'supported', note: value === '✔️' ? undefined : `2022 sheet: "${value}".` };
  throw new Error(`unmapped 2022 value ${JSON.stringify(value)} in row ${featureId}`);
}
function seedOf(featureId, column) {
  const cell = seedCell(featureId, column);
  if (!cell) return undefined;
  const { level } = mapSeedValue(featureId, cell.value);
  // value stays null for a blank cell (SeedCell.value: string | null).
  return { value: cell.value ?? null, ...compact({ level, confidence: cell.confidence, note: joinNotes(cell.note, ALIGNMENT_AMBIGUOUS[featureId]) }) };
}

// ---------------------------------------------------------------------------------------------
// Support cells

// Rows whose own note says the fact was not re-verified / only inferred → confidence inferred.
const INFERRED_2026 = {
  istio: ['cncf_maturity'], // "Not re-verified from a stored source in this pass."
  linkerd: ['cncf_maturity', 'grpc_web'], // "Not re-verified …"; "Inferred from the docs, not tested."
  kuma: ['cncf_maturity'], // "the live CNCF landscape was not checked"
};

// ---------------------------------------------------------------------------------------------
// Versions: `since` / `removedIn` are clean versions of the owner's own release line (what a user
// writes after `@` in a target), so the engine can compare them; the shared file's text is kept in
// `sinceNote` / `removedNote` whenever it says more than the bare version. `removedIn` is set only
// when a release removed the thing (DECISIONS.md: Kuma legacy kinds, removed on master after v2.14
// but still in v2.14.x, are `deprecated`, not removed).

const VERSION_SCHEME = {
  istio: 'Istio release (1.x), e.g. 1.22',
  linkerd: 'Linkerd 2.x release line (open-source edge-YY.M.N releases; the version-2.NN tag marks the edge that became 2.NN), e.g. 2.17',
  kuma: 'Kuma release (x.y.z), e.g. 2.9.0',
  consul: 'consul-k8s Helm chart version (the consul-k8s release a Kubernetes user installs), e.g. 1.2.0; consul-k8s 1.1.0 / 1.2.0 / 1.3.0 / 1.4.0 ship Consul 1.15 / 1.16 / 1.17 / 1.18, and from 2.0 chart and Consul versions are the same (consul-k8s v2.0.3 deploys hashicorp/consul:2.0.3)',
  osm: 'Open Service Mesh release (1.x), e.g. 1.2.0',
  'gateway-api': 'Gateway API release (v1.x; written without the v), e.g. 1.5.0',
  smi: 'SMI specification version (0.x)',
};
const PLAIN_VERSION = /^v?(\d+\.\d+(?:\.\d+)?)$/;
const UNRELEASED = /^\s*(master|main|unreleased)\b/i;
// Consul core → consul-k8s chart: the pairs support-2026/consul.yaml states ("Consul 1.15 / consul-k8s
// 1.1.0", 1.16 / 1.2.0, 1.17 / 1.3.0), plus 1.18 / 1.4.0 (consul-k8s CHANGELOG 1.4.0: Consul 1.18.0).
const CONSUL_TO_CHART = { '1.15': '1.1.0', '1.16': '1.2.0', '1.17': '1.3.0', '1.18': '1.4.0' };
// Free-text `since` values that name one construct while the feature is older, or that need a
// decision. `since: undefined` = no feature-level version (the text stays in sinceNote).
const SINCE_TEXT = {
  'istio/traffic_mirroring': { since: '1.0', why: 'spec.http[].mirror since 1.0; only mirrors[] is newer' },
  'istio/proxy_extension': { why: 'WasmPlugin is 1.12+, but EnvoyFilter (also named in construct) extended the proxy before; no feature-level version' },
  'kuma/locality_load_balancing': { why: 'MeshLoadBalancingStrategy is 2.2.0+, but the legacy Mesh spec.routing.localityAwareLoadBalancing is older; no feature-level version' },
  'kuma/prometheus_integration': { why: 'MeshMetric is 2.6.0+, but Mesh spec.metrics is older; no feature-level version' },
  'kuma/mtls_permissive_mode': { why: 'MeshTLS is 2.9.0+, but Mesh spec.mtls.backends[].mode: PERMISSIVE is older; no feature-level version' },
  'kuma/cross_cluster_deployment': { why: 'MeshMultiZoneService is 2.9.0+, but multi-zone deployments are older; no feature-level version' },
  'gateway-api/cors': { since: '1.3.0', why: 'first release with the CORS filter (experimental channel); standard channel since 1.5.0' },
};

/** → { since?, sinceNote? } for a support-2026 row (throws on text it cannot place). */
function cleanSince(owner, row) {
  if (row.since == null) return {};
  const text = String(row.since).trim();
  const special = SINCE_TEXT[`${owner}/${row.feature}`];
  if (special) return compact({ since: special.since, sinceNote: `${text} — ${special.why}` });
  if (UNRELEASED.test(text)) return { sinceNote: `${text} — not released` };
  // Kuma rows whose legacy constructs (TrafficRoute, RateLimit, …; 1.x and 2.x) already expressed the
  // feature: the version names the new Mesh* policy, which api-versions.yaml carries per kind.
  if (owner === 'kuma' && row.legacy_constructs?.length) {
    const kinds = row.legacy_constructs.map((l) => l.kind.split(' ')[0]).join(', ');
    return { sinceNote: `${text} — the new policy kind; the legacy ${kinds} expressed the feature before, so no feature-level version` };
  }
  if (owner === 'consul') {
    const chart = /consul-k8s v?(\d+\.\d+\.\d+)/.exec(text)?.[1];
    if (chart) return { since: chart, sinceNote: text };
    const core = /^Consul(?: Enterprise)? (\d+\.\d+)$/.exec(text)?.[1];
    if (core && CONSUL_TO_CHART[core]) return { since: CONSUL_TO_CHART[core], sinceNote: `${text} — consul-k8s ${CONSUL_TO_CHART[core]} is the chart that ships Consul ${core}` };
    throw new Error(`consul/${row.feature}: cannot convert since ${JSON.stringify(text)} to a consul-k8s version`);
  }
  const m = PLAIN_VERSION.exec(text);
  if (m) return { since: m[1] };
  throw new Error(`${owner}/${row.feature}: since ${JSON.stringify(text)} is not a clean version; add it to SINCE_TEXT`);
}
/** → { removedIn?, removedNote?, deprecated? } for a removed_in text. */
function cleanRemoved(text) {
  if (text == null) return {};
  const t = String(text).replace(/\s+/g, ' ').trim();
  if (UNRELEASED.test(t)) return { removedNote: t, deprecated: true };
  const m = PLAIN_VERSION.exec(t) ?? /^v?(\d+\.\d+(?:\.\d+)?)\b/.exec(t);
  if (!m) throw new Error(`removed_in ${JSON.stringify(t)} names no release`);
  return compact({ removedIn: m[1], removedNote: m[0] === t ? undefined : t });
}

const owners = {};
const cellsByOwner = {};
const fileSources = {};

function fromSupport2026(ownerId) {
  const doc = support[ownerId];
  const seedColumn = OWNERS.find((o) => o.id === ownerId).seedColumn;
  const rows = new Map(doc.rows.map((r) => [r.feature, r]));
  for (const r of doc.rows) if (!featureIds.includes(r.feature)) warn(`support-2026/${ownerId}.yaml row ${r.feature} is not a feature id`);
  const cells = {};
  for (const f of features) {
    const r = rows.get(f.id);
    if (!r) throw new Error(`support-2026/${ownerId}.yaml has no row ${f.id}`);
    const inferred = (INFERRED_2026[ownerId] ?? []).includes(f.id);
    // General-information rows of kuma/consul/osm carry the current fact in `value`.
    let construct = r.construct ?? undefined;
    if (r.value != null && r.construct == null) construct = String(r.value);
    let note = r.note ?? undefined;
    if (r.value != null && r.construct != null && f.kind === 'info') note = joinNotes(`Value: ${r.value}.`, note);
    const cell = compact({
      level: r.level,
      qualifiers: r.qualifiers ?? [],
      ...cleanSince(ownerId, r),
      ...(({ removedIn, removedNote, deprecated }) => compact({ removedIn, removedNote, qualifiersAdd: deprecated ? 'deprecated' : undefined }))(cleanRemoved(r.removed_in)),
      construct,
      source: r.evidence != null ? String(r.evidence) : `shared/catalog/support-2026/${ownerId}.yaml`,
      confidence: inferred ? 'inferred' : 'certain',
      note,
      editions: r.editions ?? undefined,
      legacyConstructs: r.legacy_constructs?.map((l) => {
        const rm = cleanRemoved(l.removed_in);
        return compact({ kind: l.kind, status: l.status, qualifiers: rm.deprecated ? ['deprecated'] : undefined, removedIn: rm.removedIn, removedNote: rm.removedNote });
      }),
      seed: seedColumn ? seedOf(f.id, seedColumn) : undefined,
    });
    if (!cell.qualifiers) cell.qualifiers = [];
    if (cell.qualifiersAdd) {
      // removed on master only: deprecated, not removed (DECISIONS.md)
      if (!cell.qualifiers.includes(cell.qualifiersAdd)) cell.qualifiers = [...cell.qualifiers, cell.qualifiersAdd];
      delete cell.qualifiersAdd;
    }
    // The 2026 file repeats the 2022 text: check it against table.yaml.
    if (seedColumn && 'seed_2022' in r && f.kind) {
      const s = seedCell(f.id, seedColumn);
      if (s && r.seed_2022 !== undefined && String(r.seed_2022 ?? '') !== String(s.value ?? ''))
        warn(`${ownerId}/${f.id}: support-2026 seed_2022 ${JSON.stringify(r.seed_2022)} ≠ table.yaml ${JSON.stringify(s.value)}`);
    }
    cells[f.id] = cell;
  }
  fileSources[ownerId] = `shared/catalog/support-2026/${ownerId}.yaml (checked ${doc.checked_on ?? '2026-08'})`;
  return cells;
}

function fromSheet(ownerId) {
  const column = OWNERS.find((o) => o.id === ownerId).seedColumn;
  const cells = {};
  for (const f of features) {
    const sc = seedCell(f.id, column);
    if (!sc) {
      cells[f.id] = {
        level: f.kind === 'info' ? 'not_applicable' : 'unknown',
        qualifiers: [],
        source: 'no data: the 2022 sheet has no row for this feature',
        confidence: 'inferred',
        note: 'Not a row of the 2022 sheet, and this mesh has no verified 2026 support matrix.',
      };
      continue;
    }
    const { level, note } = mapSeedValue(f.id, sc.value);
    const unknownAlignment = sc.confidence === 'unknown';
    cells[f.id] = compact({
      level,
      qualifiers: [],
      source: SEED_SOURCE,
      confidence: unknownAlignment ? 'inferred' : sc.confidence,
      note: joinNotes(note, unknownAlignment ? 'The sheet\'s column alignment of this row is unknown (ALIGNMENT.md); confidence lowered to inferred.' : undefined),
      seed: seedOf(f.id, column),
    });
  }
  fileSources[ownerId] = `${SEED_SOURCE}: shared/seed/table.yaml column ${column}`;
  return cells;
}

const SMI_SOURCE = 'servicemeshinterface/smi-spec HEAD @ cc4babdc44570894e23ab6727910d965cb38fadc; smi-sdk-go HEAD @ a143f8bc96eccdf5fc8a66d0c1622591104c77e0 crds/ (shared/catalog/CATALOG.md §7)';
const SMI_SUPPORTED = {
  access_control_traffic_access: 'TrafficTarget (access.smi-spec.io) spec.destination, spec.sources[], spec.rules[].{kind,name,matches}',
  traffic_split: 'TrafficSplit (split.smi-spec.io) spec.service, spec.backends[].{service,weight}; spec.matches[] in v1alpha3 and v1alpha4',
  traffic_specs: 'HTTPRouteGroup spec.matches[].{name,pathRegex,methods,headers}; TCPRoute; UDPRoute (v1alpha4) (specs.smi-spec.io)',
  metrics: 'traffic-metrics: an aggregated API (metrics.smi-spec.io), not a CRD',
  canary_releases: 'TrafficSplit spec.backends[].weight',
  http_request_matching_rules: 'HTTPRouteGroup spec.matches[].{pathRegex,methods,headers}, referenced from TrafficTarget spec.rules[] or TrafficSplit spec.matches[]',
  l4_traffic_matching_rules: 'TCPRoute / UDPRoute spec.matches.ports[] (v1alpha4)',
  workload_to_workload_authorization: 'TrafficTarget spec.destination + spec.sources[] (service accounts)',
};
function smiCells() {
  const cells = {};
  for (const f of features) {
    if (SMI_SUPPORTED[f.id])
      cells[f.id] = compact({
        level: 'supported', qualifiers: [], construct: SMI_SUPPORTED[f.id], source: SMI_SOURCE, confidence: 'certain',
        note: f.id === 'metrics' ? 'Served by an implementation\'s metrics API; no manifest expresses it.' : undefined,
      });
    else if (f.kind === 'info')
      cells[f.id] = { level: 'not_applicable', qualifiers: [], source: SMI_SOURCE, confidence: 'inferred', note: 'General-information row; not recorded for the SMI specification.' };
    else
      cells[f.id] = { level: 'unsupported', qualifiers: [], source: SMI_SOURCE, confidence: 'inferred', note: 'not in the SMI spec' };
  }
  fileSources.smi = SMI_SOURCE;
  return cells;
}

for (const o of OWNERS) {
  if (support[o.id]) cellsByOwner[o.id] = fromSupport2026(o.id);
  else if (o.id === 'smi') cellsByOwner[o.id] = smiCells();
  else cellsByOwner[o.id] = fromSheet(o.id);
}

// ---------------------------------------------------------------------------------------------
// Write meshes.yaml, features.yaml, support/*.yaml

const meshesOut = {
  meshes: OWNERS.map((o) => {
    const m = META[o.id];
    return compact({
      id: o.id, name: o.name, type: o.type, seedColumn: o.seedColumn, homepage: m.homepage,
      status: compact(m.status), latestVersion: m.latestVersion, versionScheme: m.latestVersion ? VERSION_SCHEME[o.id] : undefined, versionName: o.id === 'consul' ? 'consul-k8s' : undefined, versionChecked: m.versionChecked, renamedTo: m.renamedTo,
    });
  }),
  targets: [
    ...OWNERS.filter((o) => o.type === 'mesh').map((o) => ({ id: o.id, name: o.name, description: TARGET_DESCRIPTIONS[o.id] })),
    { id: 'consul-enterprise', name: 'Consul Enterprise', base: 'consul', description: TARGET_DESCRIPTIONS['consul-enterprise'] },
  ],
};
const GEN = 'Generated by scripts/import-shared.mjs from ../shared; edit the script (or the shared files), not this file.';
writeYaml('data/meshes.yaml', [GEN, 'Meshes and shared APIs (model.ts Mesh), and the targets a user can pick.'], meshesOut);

writeYaml('data/features.yaml', [
  GEN,
  'Sections and feature rows (model.ts Section/Feature). Rows 1-8 are the data rows of the learnk8s',
  '"Comparison of service meshes" sheet (Apache 2.0, May 25, 2022; ids = shared/seed/table.yaml row ids;',
  'seedLine = line in the seed dump). Section 9 holds the extra ids of shared/corpus/README.md.',
  'Label fixes: "Lcality load balancing" -> "Locality load balancing", "6.Security" -> "6. Security".',
], { sections });

const levelCounts = {};
const changed = {};
for (const o of OWNERS) {
  const cells = cellsByOwner[o.id];
  const missing = featureIds.filter((id) => !cells[id]);
  if (missing.length) throw new Error(`${o.id}: no cell for ${missing.join(', ')}`);
  writeYaml(`data/support/${o.id}.yaml`, [
    GEN,
    `Support cells of ${o.name} (model.ts SupportCell, without mesh/feature which the loader fills in).`,
    `Facts: ${fileSources[o.id]}.`,
    o.seedColumn ? `seed: the 2022 sheet's cell (column ${o.seedColumn}), kept as history.` : 'No 2022 sheet column: no seed cells.',
    ...(VERSION_SCHEME[o.id] && META[o.id].latestVersion ? [`since / removedIn: clean versions, scheme "${VERSION_SCHEME[o.id].split(/[,;(]/)[0].trim()}" (meshes.yaml versionScheme);`, 'sinceNote / removedNote keep the source\'s text where it says more.'] : []),
  ], { owner: o.id, versionChecked: META[o.id].versionChecked, cells });
  levelCounts[o.id] = {};
  changed[o.id] = [];
  for (const [id, c] of Object.entries(cells)) {
    levelCounts[o.id][c.level] = (levelCounts[o.id][c.level] ?? 0) + 1;
    if (support[o.id] && c.seed && c.seed.level !== c.level) changed[o.id].push(`${id}: ${c.seed.level} → ${c.level}`);
  }
}

// ---------------------------------------------------------------------------------------------
// gateway-implementations.yaml

const GW_KEY_FOR = (name) => {
  if (/^[A-Z][A-Za-z0-9]+$/.test(name)) return name;
  if (/^ExternalAuth filter/.test(name)) return 'ExternalAuth';
  if (/^sessionPersistence/.test(name)) return 'SessionPersistence';
  if (/^XBackendTrafficPolicy retryConstraint/.test(name)) return 'XBackendTrafficPolicyRetryConstraint';
  if (/^Gateway \(north-south\)/.test(name)) return 'Gateway';
  throw new Error(`no key for Gateway API feature name ${JSON.stringify(name)}`);
};
const keyMap = {};
const implementations = {};
for (const [mesh, impl] of Object.entries(support['gateway-api'].implementations ?? {})) {
  const feats = {};
  for (const f of impl.features ?? []) {
    const k = GW_KEY_FOR(f.feature);
    if (feats[k]) throw new Error(`${mesh}: duplicate Gateway API feature key ${k}`);
    if (k !== f.feature) keyMap[f.feature] = k;
    feats[k] = compact({ name: k !== f.feature ? f.feature : undefined, level: f.level, evidence: f.evidence, note: f.note });
  }
  implementations[mesh] = compact({
    versionChecked: impl.version_checked, profilesPassed: impl.profiles_passed, note: impl.note, features: feats,
  });
}
for (const mesh of ['kuma', 'consul', 'osm']) {
  if (implementations[mesh]) continue;
  const reports = fs.readdirSync(path.join(shared, 'catalog/gateway-conformance')).filter((f) => f.includes(`-${mesh}__`) || f.includes(`__${mesh}__`));
  implementations[mesh] = {
    note: joinNotes('no verified data: shared/catalog/support-2026/gateway-api.yaml has no implementations entry for this mesh; every Gateway API feature is unknown for it (DECISIONS.md: "Gateway API support of Kuma, Consul and OSM has no verified data").',
      reports.length ? `Older declared conformance reports exist (shared/catalog/gateway-conformance/${reports.join(', ')}) but were not checked against the current code.` : undefined),
    features: {},
  };
}
writeYaml('data/gateway-implementations.yaml', [
  GEN,
  'Per mesh, the Gateway API conformance features (kubernetes-sigs/gateway-api v1.6.1 pkg/features names) it',
  'really implements; code wins over declared conformance reports (shared/catalog/gateway-conformance/README.md).',
  'Rows without a conformance feature name get a clean key; `name` keeps the shared file\'s text.',
], { implementations });

// ---------------------------------------------------------------------------------------------
// api-versions.yaml: served versions from the CRDs in shared/catalog/crds (SOURCES.md gives repo,
// path and commit), "since" / deprecation facts from CATALOG.md and support-2026/kuma.yaml.

const crdRoot = path.join(shared, 'catalog/crds');
const sourcesMd = read('catalog/crds/SOURCES.md');
const crdSource = {};
for (const line of sourcesMd.split('\n')) {
  const m = line.match(/^\| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|$/);
  if (m && m[1] !== 'file (under crds/)' && !m[1].startsWith('---')) crdSource[m[1]] = { repo: m[2], path: m[3], ref: m[4], license: m[5] };
}
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
const DIR_OWNER = { istio: 'istio', linkerd: 'linkerd', kuma: 'kuma', consul: 'consul', osm: 'osm', 'gateway-api': 'gateway-api', smi: 'smi', 'aws-app-mesh': 'app-mesh', 'nginx-service-mesh': 'nginx-service-mesh', 'traefik-mesh': 'traefik-mesh' };
const entries = []; // {owner, group, kind, version, served, deprecated, channel, file}
for (const file of walk(crdRoot)) {
  const rel = path.relative(crdRoot, file);
  if (!/\.ya?ml$/.test(rel) || rel.includes('vap_safeupgrades')) continue;
  const owner = DIR_OWNER[rel.split('/')[0]];
  // linkerd/*.yaml are Helm templates: {{ }} appears only in metadata and around whole documents.
  const text = fs.readFileSync(file, 'utf8').split('\n').filter((l) => !l.includes('{{')).join('\n');
  for (const d of loadAll(text)) {
    if (!d || d.kind !== 'CustomResourceDefinition') continue;
    const channel = owner === 'gateway-api' ? rel.split('/')[1] : undefined;
    for (const v of d.spec.versions ?? [])
      entries.push({ owner, group: d.spec.group, kind: d.spec.names.kind, version: v.name, served: !!v.served, deprecated: !!v.deprecated, channel, file: rel });
  }
}
const srcOf = (rel) => {
  const s = crdSource[rel];
  if (!s) throw new Error(`SOURCES.md has no row for crds/${rel}`);
  // Name the CRD folder (not the file) so that kinds of one folder merge into one rule.
  const dir = path.posix.dirname(s.path);
  const many = Object.values(crdSource).filter((x) => x.repo === s.repo && path.posix.dirname(x.path) === dir).length > 1;
  return `${s.repo} ${s.ref} ${many ? dir + '/' : s.path}`;
};

// since / deprecated facts. [owner, group, version, kinds|null, fields, source]
const CAT = 'shared/catalog/CATALOG.md';
const KUMA_LEGACY_REMOVED = 'removed on kumahq/kuma master after v2.14 (not in any release yet; still served in v2.14.x)';
const FACTS = [
  ['istio', 'networking.istio.io', 'v1', null, { since: '1.22' }, `${CAT} §1: "v1 since 1.22 — first tag containing istio/api networking/v1/"`],
  ['istio', 'telemetry.istio.io', 'v1', null, { since: '1.22' }, `${CAT} §1: Telemetry "v1 (served) and v1alpha1 (storage) (v1 since 1.22)"`],
  ['istio', 'extensions.istio.io', 'v1alpha1', ['WasmPlugin'], { since: '1.12' }, `${CAT} §1: "WasmPlugin v1alpha1 (since 1.12)"`],
  ['istio', 'extensions.istio.io', 'v1alpha1', ['TrafficExtension'], { since: '1.30' }, `${CAT} §1: "TrafficExtension v1alpha1 (new in 1.30.0, istio/api 9e4a5be6f 2026-03-24)"`],
  ['linkerd', 'policy.linkerd.io', 'v1alpha1', ['HTTPLocalRateLimitPolicy'], { since: '2.17' }, `${CAT} §2: "since edge-24.11.2 / 2.17"`],
  ['linkerd', 'policy.linkerd.io', 'v1alpha1', ['EgressNetwork'], { since: '2.17' }, `${CAT} §2: "since edge-24.10.4 / 2.17"`],
  ...Object.entries({
    '2.0': ['MeshAccessLog', 'MeshTrace', 'MeshTrafficPermission'],
    '2.1': ['MeshCircuitBreaker', 'MeshFaultInjection', 'MeshHealthCheck', 'MeshHTTPRoute', 'MeshProxyPatch', 'MeshRateLimit', 'MeshRetry', 'MeshTimeout'],
    '2.2': ['MeshLoadBalancingStrategy'], '2.3': ['MeshTCPRoute'], '2.6': ['MeshMetric'], '2.7': ['MeshService'],
    '2.8': ['MeshPassthrough', 'MeshExternalService'], '2.9': ['MeshTLS', 'MeshMultiZoneService'], '2.12': ['MeshIdentity', 'MeshTrust'],
  }).flatMap(([since, kinds]) => [['kuma', 'kuma.io', 'v1alpha1', kinds, { since: `${since}.0` }, `${CAT} §3 (since = first tag containing pkg/plugins/policies/<name>/api/v1alpha1 or the resource's API package)`]]),
  ['kuma', 'kuma.io', 'v1alpha1', ['TrafficRoute', 'TrafficPermission', 'CircuitBreaker', 'Retry', 'Timeout', 'HealthCheck', 'FaultInjection', 'RateLimit', 'TrafficLog', 'TrafficTrace', 'ProxyTemplate', 'VirtualOutbound'],
    { deprecated: true, note: 'legacy policy kind', removedNote: `${KUMA_LEGACY_REMOVED} (fc22b46acd "remove legacy policy resource definitions", 2026-07-21)` }, `${CAT} §3 and shared/catalog/support-2026/kuma.yaml legacy_vs_new`],
  ['kuma', 'kuma.io', 'v1alpha1', ['ExternalService'], { deprecated: true, note: 'legacy kind, replaced by MeshExternalService', removedNote: `${KUMA_LEGACY_REMOVED} (c1257ec662)` }, `${CAT} §3 and shared/catalog/support-2026/kuma.yaml legacy_vs_new`],
  ['kuma', 'kuma.io', 'v1alpha1', ['MeshGateway', 'MeshGatewayRoute', 'MeshGatewayInstance', 'MeshGatewayConfig'], { deprecated: true, note: 'built-in gateway kinds, replaced by Gateway API / delegated gateways', removedNote: `${KUMA_LEGACY_REMOVED} (d7b91f800f, 2026-07-21)` }, `${CAT} §3 and shared/catalog/support-2026/kuma.yaml legacy_vs_new`],
  ['kuma', 'kuma.io', 'v1alpha1', ['ZoneIngress', 'ZoneEgress', 'ZoneIngressInsight', 'ZoneEgressInsight'], { deprecated: true, removedNote: `${KUMA_LEGACY_REMOVED} (10b733f51d, 2026-08-07)` }, `${CAT} §3 and Status overview`],
  ['gateway-api', 'gateway.networking.k8s.io', 'v1', ['TCPRoute', 'UDPRoute'], { since: '1.6.0', channel: 'standard' }, `${CAT} §6: "TCPRoute and UDPRoute v1 in standard since v1.6 (promoted 2026-05-29, GW f5a88e95d, c65b5fdf7)"`],
  ['gateway-api', 'gateway.networking.k8s.io', 'v1', ['TLSRoute', 'ListenerSet'], { since: '1.5.0', channel: 'standard' }, `${CAT} §6: "ListenerSet (v1; standard since v1.5), TLSRoute (v1; standard since v1.5)"`],
  ['gateway-api', 'gateway.networking.k8s.io', 'v1', ['BackendTLSPolicy'], { since: '1.4.0', channel: 'standard' }, `${CAT} §6: "BackendTLSPolicy (v1; standard since v1.4)"`],
  ['gateway-api', 'gateway.networking.x-k8s.io', 'v1alpha1', ['XMesh'], { since: '1.4.0' }, `${CAT} §6: "XMesh (since v1.4)"`],
];

// Collapse CRD entries to (owner, group, version, kind) served rows; add channel for Gateway API.
const served = new Map();
for (const e of entries) {
  if (!e.served) continue;
  const k = [e.owner, e.group, e.version, e.kind].join('|');
  const prev = served.get(k);
  if (!prev) served.set(k, { ...e, channels: new Set(e.channel ? [e.channel] : []), files: [e.file] });
  else {
    if (e.channel) prev.channels.add(e.channel);
    prev.deprecated ||= e.deprecated;
    prev.files.push(e.file);
  }
}
// SMI: the spec defines more versions than smi-sdk-go serves; every version any copied SMI CRD lists.
const smiVersions = new Map();
for (const e of entries) {
  if (!/\.smi-spec\.io$/.test(e.group)) continue;
  const k = ['smi', e.group, e.version, e.kind].join('|');
  if (!smiVersions.has(k)) smiVersions.set(k, { owner: 'smi', group: e.group, version: e.version, kind: e.kind, deprecated: false, channels: new Set(), files: [e.file] });
  else smiVersions.get(k).files.push(e.file);
}
for (const [k, v] of served) if (v.owner === 'smi') served.delete(k);
for (const [k, v] of smiVersions) served.set(k, v);

const apiRows = [];
for (const v of served.values()) {
  const row = { owner: v.owner, group: v.group, version: v.version, kind: v.kind, deprecated: v.deprecated || undefined, sources: [] };
  if (v.owner === 'gateway-api') row.channel = v.channels.has('standard') ? 'standard' : 'experimental';
  if (v.owner === 'smi') {
    const smiFile = v.files.find((f) => f.startsWith('smi/')) ?? v.files[0];
    row.sources.push(`SMI CRDs: ${srcOf(smiFile)}${smiFile.startsWith('smi/') ? '' : ' (copy shipped by a mesh)'}`);
  } else {
    const f = v.files.find((x) => !v.channel || x.includes('/standard/')) ?? v.files[0];
    row.sources.push(srcOf(v.owner === 'gateway-api' && row.channel === 'standard' ? v.files.find((x) => x.includes('/standard/')) : f));
  }
  if (v.deprecated) row.sources[0] += ' (deprecated: true in the CRD)';
  for (const [owner, group, version, kinds, fields, source] of FACTS) {
    if (owner !== v.owner || group !== v.group || version !== v.version || (kinds && !kinds.includes(v.kind))) continue;
    if (fields.channel && fields.channel !== row.channel) continue;
    if (fields.since) row.since = fields.since;
    if (fields.deprecated) row.deprecated = true;
    if (fields.note) row.note = fields.note;
    if (fields.removedNote) row.removedNote = fields.removedNote;
    if (fields.removedIn) row.removedIn = fields.removedIn;
    row.sources.push(source);
  }
  apiRows.push(row);
}
// SMI TrafficTarget v1alpha4 exists only in the spec markdown.
if (!apiRows.some((r) => r.owner === 'smi' && r.group === 'access.smi-spec.io' && r.version === 'v1alpha4'))
  apiRows.push({ owner: 'smi', group: 'access.smi-spec.io', version: 'v1alpha4', kind: 'TrafficTarget', sources: [`${CAT} §7: "TrafficTarget (v1alpha1–v1alpha3; spec md also has v1alpha4)"`] });
for (const f of FACTS) {
  const [owner, group, version, kinds] = f;
  if (!apiRows.some((r) => r.owner === owner && r.group === group && r.version === version && (!kinds || kinds.includes(r.kind))))
    warn(`api-versions: fact ${owner} ${group}/${version} ${kinds ?? ''} matched no served CRD version`);
}

// Merge kinds that share every other field.
const ORDER = OWNERS.map((o) => o.id);
const merged = new Map();
for (const r of apiRows) {
  const sig = JSON.stringify([r.owner, r.group, r.version, r.since, r.removedIn, r.deprecated, r.channel, r.note, r.removedNote, r.sources]);
  if (!merged.has(sig)) merged.set(sig, { ...r, kinds: [r.kind] });
  else merged.get(sig).kinds.push(r.kind);
}
const vRank = (v) => { const m = v.match(/^v(\d+)(alpha|beta)?(\d*)$/); return m ? -(Number(m[1]) * 100 + (m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 30 : 60) + Number(m[3] || 0)) : 0; };
const apiVersions = [...merged.values()]
  .sort((a, b) => ORDER.indexOf(a.owner) - ORDER.indexOf(b.owner) || a.group.localeCompare(b.group) || vRank(a.version) - vRank(b.version) || (a.since ?? '').localeCompare(b.since ?? '', undefined, { numeric: true }) || a.kinds[0].localeCompare(b.kinds[0]))
  .map((r) => compact({
    owner: r.owner, group: r.group, version: r.version, kinds: r.kinds.sort(), since: r.since, removedIn: r.removedIn, deprecated: r.deprecated,
    channel: r.channel, note: r.note, removedNote: r.removedNote, source: r.sources.join('; '),
  }));
for (const a of apiVersions)
  for (const k of ['since', 'removedIn'])
    if (a[k] !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(a[k])) throw new Error(`api-versions ${a.group}/${a.version}: ${k} ${a[k]} is not a clean version`);
writeYaml('data/api-versions.yaml', [
  GEN,
  'apiVersions each mesh/API serves (model.ts ApiVersionRule; extra fields: channel for Gateway API, note).',
  'Served versions and deprecated flags come from the CRDs in shared/catalog/crds (repo, tag and commit in the',
  'source); since/deprecation facts from shared/catalog/CATALOG.md. A version absent here is not served.',
  'SMI: every version the spec defines (any copied SMI CRD lists it); for osm, nginx-service-mesh and',
  'traefik-mesh the SMI groups list only the versions that mesh serves. Gateway API since = API release.',
  'since / removedIn: clean versions of the owner\'s release line (meshes.yaml versionScheme). Kuma legacy kinds:',
  'deprecated, not removed (DECISIONS.md) until a release removes them; removedNote says where they are gone.',
], { apiVersions });

// ---------------------------------------------------------------------------------------------
// NOTICE

const licences = {};
for (const [rel, s] of Object.entries(crdSource)) {
  const dir = rel.split('/')[0];
  (licences[dir] ??= { repos: new Set(), licence: new Set() });
  licences[dir].repos.add(`${s.repo} ${s.ref.replace(/ @ ([0-9a-f]{8})[0-9a-f]+/, ' @ $1')}`);
  licences[dir].licence.add(s.license);
}
const CRD_NAMES = { istio: 'Istio', linkerd: 'Linkerd', kuma: 'Kuma', consul: 'Consul (consul-k8s)', osm: 'Open Service Mesh', 'gateway-api': 'Gateway API', smi: 'SMI', 'aws-app-mesh': 'AWS App Mesh controller', 'nginx-service-mesh': 'NGINX Service Mesh', 'traefik-mesh': 'Traefik Mesh' };
const crdLines = Object.entries(licences).map(([dir, v]) => `   - ${CRD_NAMES[dir] ?? dir}: ${[...v.repos].join(', ')} (${[...v.licence].join(', ')})`);
const notice = `Mesh Lens
Copyright the Mesh Lens authors.
Licensed under the Apache License, Version 2.0 (see LICENSE).

This product includes data derived from third-party works:

1. data/features.yaml (sections, row ids and labels) and the \`seed\` cells of data/support/*.yaml
   (and the judged cells of meshes without newer verified data) derive from the learnk8s research
   "Comparison of service meshes" (last updated May 25, 2022), published under the Apache License 2.0.
   learnk8s, research@learnk8s.io, https://learnk8s.io/research
   Original sheet: ${table.source.original}

2. data/field-docs.json derives from the CustomResourceDefinition schemas (field descriptions, types,
   enums) of the following projects, at the tags and commits listed:
${crdLines.join('\n')}
   The consul-k8s CRDs are licensed under the Mozilla Public License 2.0 (MPL-2.0); their source is
   available at https://github.com/hashicorp/consul-k8s. All others are licensed under the Apache
   License 2.0.
`;
if (!/MPL-2\.0/.test(crdLines.join('\n'))) warn('NOTICE: expected consul-k8s to be MPL-2.0 in SOURCES.md');
fs.writeFileSync(path.join(repo, 'NOTICE'), notice);

// ---------------------------------------------------------------------------------------------
// Report

const log = (...a) => console.log(...a);
log(`shared: ${shared}`);
log(`features: ${features.length} (${sections.map((s) => `${s.id} ${s.features.length}`).join(', ')})`);
for (const o of OWNERS) {
  const lc = Object.entries(levelCounts[o.id]).map(([l, n]) => `${l} ${n}`).join(', ');
  log(`${o.id}: ${Object.keys(cellsByOwner[o.id]).length} cells (${lc})${support[o.id] && o.seedColumn ? `; changed vs 2022: ${changed[o.id].length}` : ''}`);
}
log(`gateway implementations: ${Object.entries(implementations).map(([m, i]) => `${m} ${Object.keys(i.features).length}`).join(', ')}`);
log(`gateway key map: ${JSON.stringify(keyMap)}`);
log(`api versions: ${apiVersions.length} rules`);
if (process.env.VERBOSE) for (const o of OWNERS) if (changed[o.id].length) log(`  ${o.id}: ${changed[o.id].join('; ')}`);
for (const w of warnings) console.warn('warning: ' + w);
