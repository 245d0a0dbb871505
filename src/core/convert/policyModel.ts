// The mesh-neutral model of security and resilience policies: who may call a workload
// (authorization), whether calls must use mutual TLS, which tokens a workload checks (JWT), and how
// calls to a Service fail and spread (outlier detection, connection limits, load balancing). Like the
// routing model, every element keeps the source field it came from, so a writer that cannot express
// it names the exact field of the user's manifest.
import type { BackendRef, Millis, Origin, SourceRef } from './model';

/** A value with the source field it came from. */
export interface Valued<T> { value: T; origin: Origin }

/** What a policy protects or configures: the whole mesh, one namespace, the pods with some labels, a Service's pods, or the pods of a service account. */
export type PolicyScope =
  | { kind: 'mesh'; origin: Origin }
  | { kind: 'namespace'; namespace?: string; origin: Origin }
  /** `server`: the pods and port of a Linkerd Server the input does not hold; its labels and port are asked for. */
  | { kind: 'workload'; namespace?: string; labels: Record<string, string>; server?: string; origin: Origin }
  | { kind: 'service'; name: string; namespace?: string; port?: number; origin: Origin }
  /** The pods running as a service account (SMI TrafficTarget destination). */
  | { kind: 'serviceAccount'; name: string; namespace?: string; origin: Origin };

/**
 * A calling workload's identity: a Kubernetes service account in a namespace (Istio principals, Linkerd
 * identityRefs, SMI sources), every service account of a namespace (no `serviceAccount`), or a service
 * name where the source names services, not accounts (Consul intentions, Kuma `kuma.io/service` tags).
 */
export interface Identity {
  namespace?: string;
  serviceAccount?: string;
  /** A Consul service or Kuma `kuma.io/service` name: consul-k8s expects it to equal the service account. */
  service?: string;
  /** The trust domain the source wrote (Istio principal prefix, Kuma SPIFFE host); never guessed. */
  trustDomain?: string;
  /** Any authenticated caller (Istio principal `*`, Linkerd `all-authenticated`). */
  anyAuthenticated?: boolean;
  origin: Origin;
}

export type AuthzPathType = 'Exact' | 'Prefix' | 'Suffix' | 'RegularExpression';
export interface AuthzPath { type: AuthzPathType; value: string; origin: Origin }

/** Callers a rule admits: any of the identities or networks (empty lists = any caller). */
export interface AuthzSource {
  identities: Identity[];
  /** CIDRs (Istio ipBlocks, Linkerd NetworkAuthentication). */
  ipBlocks: Valued<string>[];
  origin: Origin;
}

/** Requests a rule admits: a port, method and path condition (every list empty = any request). */
export interface AuthzOperation {
  ports: Valued<number>[];
  methods: Valued<string>[];
  paths: AuthzPath[];
  origin: Origin;
}

export interface AuthzRule {
  /** Any of these callers (empty = every caller). */
  from: AuthzSource[];
  /** Any of these operations (empty = every request). */
  to: AuthzOperation[];
  origin: Origin;
}

/**
 * Who may call the protected workloads. ALLOW: a request is admitted when a rule matches, and once an
 * ALLOW policy exists everything else is denied. DENY: a request that matches a rule is refused.
 * `defaultDeny`: the policy denies every request its scope receives (Istio AuthorizationPolicy with an
 * empty spec, Kuma Deny from the whole mesh, a Consul `*` deny intention).
 */
export interface AuthzPolicy {
  type: 'authz';
  name: string;
  namespace?: string;
  scope: PolicyScope;
  action: 'ALLOW' | 'DENY';
  rules: AuthzRule[];
  defaultDeny: boolean;
  from: SourceRef;
  origin: Origin;
}

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** Whether a workload accepts plain-text calls. */
export interface MtlsPolicy {
  type: 'mtls';
  name: string;
  namespace?: string;
  scope: PolicyScope;
  /** Undefined: the source inherits the mode of its parent scope. */
  mode?: Valued<MtlsMode>;
  ports: { port: number; mode: MtlsMode; origin: Origin }[];
  from: SourceRef;
  origin: Origin;
}

export interface OutlierDetection {
  consecutive5xxErrors?: Valued<number>;
  consecutiveGatewayErrors?: Valued<number>;
  consecutiveLocalOriginFailures?: Valued<number>;
  splitExternalLocalOriginErrors?: Valued<boolean>;
  interval?: Valued<Millis>;
  baseEjectionTime?: Valued<Millis>;
  maxEjectionPercent?: Valued<number>;
  /** Envoy's healthy panic threshold (Istio minHealthPercent, Kuma healthyPanicThreshold). */
  minHealthPercent?: Valued<number>;
  /** Consul's enforcing probability of consecutive-5xx ejection (100 = always, Envoy's default). */
  enforcingConsecutive5xx?: Valued<number>;
  origin: Origin;
}

export interface ConnectionPool {
  maxConnections?: Valued<number>;
  connectTimeout?: Valued<Millis>;
  maxPendingRequests?: Valued<number>;
  maxRequests?: Valued<number>;
  maxRetries?: Valued<number>;
  maxRequestsPerConnection?: Valued<number>;
  idleTimeout?: Valued<Millis>;
  origin: Origin;
}

export type LoadBalancerAlgorithm = 'RoundRobin' | 'LeastRequest' | 'Random' | 'RingHash' | 'Maglev' | 'Passthrough';

/** What a consistent hash keys on: one of these per hash policy. */
export interface HashKey {
  header?: string;
  cookie?: { name: string; ttl?: Millis; path?: string };
  sourceIp?: boolean;
  queryParameter?: string;
  origin: Origin;
}

export interface LoadBalancer {
  algorithm?: Valued<LoadBalancerAlgorithm>;
  hash: HashKey[];
  minimumRingSize?: Valued<number>;
  maximumRingSize?: Valued<number>;
  origin: Origin;
}

/**
 * Linkerd's retryRatio (retries per original request over `ttl`, with a floor of minRetriesPerSecond)
 * and Istio's percent (concurrent retries as a share of active requests, with a floor of
 * minRetryConcurrency) bound the same thing; only the share converts, the floors differ in kind.
 */
export interface RetryBudget {
  percent: Valued<number>;
  minRetriesPerSecond?: Valued<number>;
  ttl?: Valued<Millis>;
  minRetryConcurrency?: Valued<number>;
  origin: Origin;
}

/** How calls to one Service fail and spread: set by the caller's proxy (Istio and Kuma say so on the called Service). */
export interface ResiliencePolicy {
  type: 'resilience';
  name: string;
  namespace?: string;
  /** The called Service. */
  service: BackendRef;
  /** The callers it applies to when the source narrows it (Istio DR workloadSelector, Consul's calling service). */
  callers?: PolicyScope;
  outlierDetection?: OutlierDetection;
  connectionPool?: ConnectionPool;
  loadBalancer?: LoadBalancer;
  /** Retries allowed as a share of the requests (Linkerd ServiceProfile retryBudget, Istio DR retryBudget). */
  retryBudget?: RetryBudget;
  /** TLS the callers' proxies start to one port of a host outside the cluster (Istio DR `portLevelSettings[].tls`
   *  mode SIMPLE); read only for a target that carries it on the external service (Kuma's MeshExternalService). */
  originateTls?: { port: number; sni?: string; subjectAltNames: string[]; skipVerify?: boolean; origin: Origin }[];
  from: SourceRef;
  origin: Origin;
}

export interface JwtProvider {
  issuer?: Valued<string>;
  jwksUri?: Valued<string>;
  jwks?: Valued<string>;
  audiences: Valued<string>[];
  fromHeaders: { name: string; prefix?: string; origin: Origin }[];
  fromParams: Valued<string>[];
  fromCookies: Valued<string>[];
  outputPayloadToHeader?: Valued<string>;
  forwardOriginalToken?: Valued<boolean>;
  origin: Origin;
}

/** Which JSON Web Tokens a workload validates (Istio RequestAuthentication: a request without a token still passes). */
export interface JwtPolicy {
  type: 'jwt';
  name: string;
  namespace?: string;
  scope: PolicyScope;
  providers: JwtProvider[];
  from: SourceRef;
  origin: Origin;
}

export type EgressProtocol = 'HTTP' | 'HTTPS' | 'HTTP2' | 'GRPC' | 'TLS' | 'TCP';

/**
 * Destinations outside the mesh that workloads call (Istio ServiceEntry, Kuma MeshExternalService and
 * MeshPassthrough, Linkerd EgressNetwork): host names, addresses (IPs or CIDRs) and ports. `endpoints`
 * are fixed addresses the host resolves to (Istio STATIC resolution, Kuma endpoints).
 */
export interface EgressPolicy {
  type: 'egress';
  name: string;
  namespace?: string;
  hosts: Valued<string>[];
  addresses: Valued<string>[];
  ports: { number: number; protocol: EgressProtocol; origin: Origin }[];
  endpoints: { address: string; port?: number; origin: Origin }[];
  from: SourceRef;
  origin: Origin;
}

/** A request limit: `requests` per `interval` (Kuma requestRate, Linkerd requestsPerSecond, Consul requestsPerSecond). */
export interface RequestRate {
  requests: Valued<number>;
  interval: Valued<Millis>;
  /** Requests allowed at once above the rate (Consul requestsMaxBurst). */
  burst?: Valued<number>;
  origin: Origin;
}

/** A limit that applies to some requests or callers only: a path (Consul routes) or named callers (Linkerd overrides, Kuma matches). */
export interface RateLimitOverride {
  rate: RequestRate;
  path?: AuthzPath;
  callers: Identity[];
  origin: Origin;
}

/**
 * A local rate limit on the requests (or connections) a workload receives: enforced by each of its
 * proxies on the inbound side (Kuma MeshRateLimit, Linkerd HTTPLocalRateLimitPolicy, Consul
 * ServiceDefaults rateLimits.instanceLevel).
 */
export interface RateLimitPolicy {
  type: 'rateLimit';
  name: string;
  namespace?: string;
  /** The protected workloads. */
  scope: PolicyScope;
  /** The pod port the limit is for, when the source names one (the port of a Linkerd Server). */
  port?: Valued<number>;
  /** The limit on all requests together. */
  http?: RequestRate;
  /** A limit per calling identity (Linkerd spec.identity). */
  perCaller?: RequestRate;
  overrides: RateLimitOverride[];
  /** What a limited request gets (Kuma onRateLimit.status; 429 when not said). */
  status?: Valued<number>;
  /** Headers added to a limited response (Kuma onRateLimit.headers.add). */
  headers: { name: string; value: string; origin: Origin }[];
  /** New TCP connections per interval (Kuma tcp.connectionRate). */
  connections?: RequestRate;
  from: SourceRef;
  origin: Origin;
}

/** Active health checks: the caller's proxy probes each endpoint of a Service (Kuma MeshHealthCheck). */
export interface HealthCheckPolicy {
  type: 'healthCheck';
  name: string;
  namespace?: string;
  service: BackendRef;
  callers?: PolicyScope;
  interval?: Valued<Millis>;
  timeout?: Valued<Millis>;
  healthyThreshold?: Valued<number>;
  unhealthyThreshold?: Valued<number>;
  /** The probe: an HTTP path, or a plain TCP connection. */
  http?: { path?: Valued<string>; origin: Origin };
  tcp?: { origin: Origin };
  from: SourceRef;
  origin: Origin;
}

/**
 * Every proxy of the mesh serves its metrics for Prometheus to scrape (Kuma Mesh `metrics` with a
 * prometheus backend). `port` and `path` are where the source's proxies serve them; `written` says
 * which of the two the source set (the others are its defaults).
 */
export interface MetricsPolicy {
  type: 'metrics';
  name: string;
  namespace?: string;
  port: Valued<number>;
  path: Valued<string>;
  written: { port: boolean; path: boolean };
  from: SourceRef;
  origin: Origin;
}

export type PolicyElement = AuthzPolicy | MtlsPolicy | ResiliencePolicy | JwtPolicy | EgressPolicy | RateLimitPolicy | HealthCheckPolicy | MetricsPolicy;
