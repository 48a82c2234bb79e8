import type { LevelWithSilent } from "pino";

/**
 * Where the Kubernetes API comes from.
 * - `embedded`: the embedded control plane started by `main` in the data directory.
 * - `kubeconfig`: a real cluster reached through a kubeconfig file.
 * - `in-cluster`: a real cluster reached through the pod's ServiceAccount.
 */
export type KubernetesSource = { readonly mode: "embedded" } | { readonly mode: "kubeconfig"; readonly path: string } | { readonly mode: "in-cluster" };

/** LOG_FORMAT: JSON lines, pino-pretty's readable lines, or pretty only on a terminal. */
export type LogFormat = "auto" | "json" | "pretty";

/** TLS settings; present only when TLS is on. */
export interface TlsConfig {
  readonly certPath: string;
  readonly keyPath: string;
}

/** The listener and the HTTP/RPC plumbing. */
export interface ServerConfig {
  readonly bindAddress: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly tls: TlsConfig | undefined;
  /** Browser origins allowed by CORS; `["*"]` allows any origin, `[]` none. */
  readonly corsAllowedOrigins: readonly string[];
  /** Largest request message accepted; larger ones fail with RESOURCE_EXHAUSTED. */
  readonly maxRequestBytes: number;
  /**
   * Deepest nesting of arrays/objects in a JSON request message and in a ResourceService
   * manifest document; deeper ones fail with INVALID_ARGUMENT before they are parsed.
   */
  readonly maxNestingDepth: number;
  /** Upper bound for a graceful shutdown; what is still open then is closed hard. */
  readonly shutdownTimeoutMs: number;
}

/** The embedded control plane (used only in embedded mode, except `dataDir`). */
export interface EmbeddedConfig {
  /** Data directory; the embedded API writes `<dataDir>/kubeconfig`. */
  readonly dataDir: string;
  /** Loopback port of the embedded Kubernetes-compatible API; 0 picks a free port. */
  readonly apiPort: number;
  /** Seed the demo project `kargo-demo`. */
  readonly demo: boolean;
  /** Port of the webhook receivers (0: a free one); undefined: not served. */
  readonly webhookPort: number | undefined;
  /** URL senders use to reach the receivers; empty: `http://<bind address>:<port>`. */
  readonly webhookBaseURL: string;
  /** Run CustomPromotionSteps (KARGO_CUSTOM_STEPS_ENABLED); off by default. */
  readonly customStepsEnabled: boolean;
  /** Lease duration of the controllers' heartbeat Lease. */
  readonly heartbeatLeaseDurationMs: number;
}

/** The admin account (AuthService.AdminLogin). Secrets are never logged. */
export interface AdminAccountConfig {
  readonly enabled: boolean;
  /** Plain password, hashed at start by the auth module. */
  readonly password: string | undefined;
  /** bcrypt hash of the password. */
  readonly passwordHash: string | undefined;
  readonly tokenIssuer: string;
  readonly tokenAudience: string;
  /** HMAC key for admin tokens; generated and kept in the data dir in embedded mode when unset. */
  readonly tokenSigningKey: string | undefined;
  readonly tokenTtlMs: number;
}

/** OpenID Connect single sign-on. */
export interface OidcConfig {
  readonly enabled: boolean;
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly cliClientId: string;
  /** Scopes a client requests: openid, profile, email, then the additional ones. */
  readonly scopes: readonly string[];
  readonly usernameClaim: string;
}

/** Kargo settings a client reads through SystemService.GetConfig. */
export interface KargoConfig {
  readonly namespace: string;
  readonly systemResourcesNamespace: string;
  readonly sharedResourcesNamespace: string;
  readonly secretManagementEnabled: boolean;
  /** Argo CD URL by shard name; "" is the default shard. */
  readonly argocdUrls: Readonly<Record<string, string>>;
  readonly argocdNamespace: string;
  readonly analysisRunLogUrlTemplate: string;
  /** Kargo's ANALYSIS_RUN_LOG_TOKEN: a secret, never logged. */
  readonly analysisRunLogToken: string;
  /** Kargo's ANALYSIS_RUN_LOG_HTTP_HEADERS: header name → value template (may hold secrets). */
  readonly analysisRunLogHttpHeaders: Readonly<Record<string, string>>;
}

/** Bounds on ResourceService manifests (with `server.maxNestingDepth`). */
export interface ManifestConfig {
  /** Most documents in one manifest, empty ones included. */
  readonly maxDocuments: number;
  /** Most objects one call applies (List items counted one by one). */
  readonly maxObjects: number;
  /** Most YAML alias expansions in one document. */
  readonly maxAliases: number;
  /** Time one call may spend reading and applying objects; the objects left are `deadline_exceeded`. */
  readonly timeoutMs: number;
  /** Most worker threads reading large manifests at once. */
  readonly parseWorkers: number;
  /** Heap of each manifest-reading worker, in MiB. */
  readonly parseMemoryMiB: number;
}

/** The audit trail of API writes (`<dataDir>/audit.db`) and its retention. */
export interface AuditConfig {
  /** Records older than this are deleted. */
  readonly maxAgeMs: number;
  /** Only the newest records up to this number are kept. */
  readonly maxRecords: number;
}

/** Facts about the build given by the packager; unset ones are worked out at start. */
export interface BuildConfig {
  readonly gitCommit: string | undefined;
  readonly gitTreeDirty: boolean | undefined;
  readonly buildTime: Date | undefined;
}

/**
 * The whole configuration, read once at start-up from flags and environment
 * variables by `loadConfig`, frozen, and passed down. Nothing reads
 * `process.env` after start-up.
 */
export interface Config {
  readonly kubernetes: KubernetesSource;
  readonly server: ServerConfig;
  readonly embedded: EmbeddedConfig;
  readonly logLevel: LevelWithSilent;
  /** How log lines look; `auto` is resolved against stdout when the logger is made. */
  readonly logFormat: LogFormat;
  readonly admin: AdminAccountConfig;
  readonly oidc: OidcConfig;
  readonly globalServiceAccountNamespaces: readonly string[];
  readonly authorizationCacheTtlMs: number;
  /** CACHE_MAX_STALENESS: reads and /readyz fail while a cache is staler than this; 0: no bound. */
  readonly cacheMaxStalenessMs: number;
  readonly watchHeartbeatIntervalMs: number;
  readonly audit: AuditConfig;
  readonly kargo: KargoConfig;
  readonly manifest: ManifestConfig;
  readonly build: BuildConfig;
}
