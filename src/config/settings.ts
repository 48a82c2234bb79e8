import type { LogFormat } from "./config.js";
import type { Setting } from "./setting.js";
import * as p from "./setting-parsers.js";

const logLevels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
const logFormats: readonly LogFormat[] = ["auto", "json", "pretty"];

/** Each entry of `entries` with its key as its environment variable name. */
function catalogue<E extends Record<string, Omit<Setting<never>, "env" | "parse"> & { parse: Setting<unknown>["parse"] }>>(
  entries: E,
): { readonly [K in keyof E & string]: E[K] & { readonly env: K } } {
  return Object.fromEntries(Object.entries(entries).map(([env, entry]) => [env, Object.freeze({ env, ...entry })])) as never;
}

/**
 * The settings catalogue: every setting once, by environment variable name, in the order the
 * README lists them. Names are Kargo's where Kargo has one (PORT, ADMIN_ACCOUNT_*, OIDC_*, TLS_*,
 * …). Secrets have no flag, so they never show up in a process listing. Rules that tie settings
 * together (mode, TLS on when both paths are set, the admin account's needs) are `loadConfig`'s.
 */
export const setting = catalogue({
  PORT: {
    flag: "port",
    default: "8080",
    parse: p.port,
    description: "Port of the API listener (Connect, gRPC, gRPC-Web, /healthz, /readyz, /metrics); 0 picks a free port.",
  },
  BIND_ADDRESS: { flag: "bind-address", default: "0.0.0.0", parse: p.text, description: "Address the API listener binds to." },
  KARGO_DATA_DIR: {
    flag: "data-dir",
    default: "./.kargo-data",
    parse: p.path,
    description:
      "Data directory of embedded mode; the embedded Kubernetes API writes `<data dir>/kubeconfig`. In both modes the audit trail is kept here (`audit.db`).",
  },
  KARGO_DEMO: { flag: "demo", boolean: true, default: "false", parse: p.bool, description: "Embedded mode: also seed the demo project `kargo-demo`." },
  KARGO_EMBEDDED: {
    flag: "embedded",
    boolean: true,
    default: "false",
    parse: p.bool,
    description: "Force embedded mode even when KUBECONFIG or an in-cluster environment is present.",
  },
  KUBECONFIG: {
    flag: "kubeconfig",
    default: "",
    parse: p.readableFile,
    description: "Kubeconfig file of a real cluster; when given, the server runs in Kubernetes mode against it (one file, not a list).",
  },
  KARGO_EMBEDDED_API_PORT: {
    flag: "embedded-api-port",
    default: "0",
    parse: p.port,
    description: "Loopback port of the embedded Kubernetes-compatible API; 0 picks a free port.",
  },
  KARGO_EMBEDDED_WEBHOOK_PORT: {
    flag: "embedded-webhook-port",
    default: "",
    parse: p.optionalPort,
    description: "Embedded mode: port (on BIND_ADDRESS) serving ProjectConfig webhook receivers; 0 picks a free port; empty: not served.",
  },
  KARGO_CUSTOM_STEPS_ENABLED: {
    flag: "custom-steps-enabled",
    boolean: true,
    default: "false",
    parse: p.bool,
    description: "Embedded mode: run CustomPromotionSteps (admin-registered commands) as local processes; off, a promotion using one fails saying so.",
  },
  KARGO_EMBEDDED_WEBHOOK_BASE_URL: {
    flag: "embedded-webhook-base-url",
    default: "",
    parse: p.baseUrl,
    description:
      "Embedded mode: URL senders reach the webhook receivers at (a proxy's), published in ProjectConfig status; default `http://<bind address>:<port>`.",
  },
  KARGO_EMBEDDED_HEARTBEAT_DURATION: {
    default: "30s",
    parse: p.duration(1000),
    description:
      "Embedded mode: lease duration of the controllers' heartbeat Lease (`kargo-controller-unnamed` in the Kargo namespace), renewed every third of it; GetControllerHeartbeats reports the controller dead once a renewal is older.",
  },
  LOG_LEVEL: {
    flag: "log-level",
    default: "info",
    parse: p.oneOf(logLevels),
    description: "pino log level: trace, debug, info, warn, error, fatal or silent.",
  },
  LOG_FORMAT: {
    flag: "log-format",
    default: "auto",
    parse: p.oneOf(logFormats),
    description: "`json` (one JSON object per line), `pretty` (readable, coloured lines) or `auto`: pretty when stdout is a terminal, JSON otherwise.",
  },
  TLS_ENABLED: {
    default: "",
    derivedDefault: "true when both paths are set",
    parse: p.bool,
    description: "Serve TLS (HTTP/2 with ALPN, HTTP/1.1 fallback) instead of cleartext HTTP/1.1 + h2c.",
  },
  TLS_CERT_PATH: { flag: "tls-cert-path", default: "", parse: p.readableFile, description: "PEM certificate chain for TLS." },
  TLS_KEY_PATH: { flag: "tls-key-path", default: "", parse: p.readableFile, description: "PEM private key for TLS." },
  CORS_ALLOWED_ORIGINS: {
    flag: "cors-allowed-origins",
    default: "",
    parse: p.origins,
    description: "Comma-separated browser origins (`https://ui.example.com`) allowed to call the API; `*` allows any. Empty: no CORS headers.",
  },
  PERMISSIVE_CORS_POLICY_ENABLED: {
    boolean: true,
    default: "false",
    parse: p.bool,
    description: "Kargo's switch: `true` is the same as CORS_ALLOWED_ORIGINS=*.",
  },
  MAX_REQUEST_BYTES: {
    flag: "max-request-bytes",
    default: "4MiB",
    parse: p.requestBytes,
    description: "Largest request message (bytes, or with KiB/MiB); larger requests fail with RESOURCE_EXHAUSTED.",
  },
  MAX_NESTING_DEPTH: {
    flag: "max-nesting-depth",
    default: "100",
    parse: p.count(),
    description:
      "Deepest nesting of arrays/objects in a JSON request message and in a ResourceService manifest document; deeper ones fail with INVALID_ARGUMENT before they are parsed.",
  },
  MANIFEST_MAX_DOCUMENTS: {
    default: "1000",
    parse: p.count(),
    description: "Most documents in one ResourceService manifest (empty ones included); more fail with INVALID_ARGUMENT before any is parsed further.",
  },
  MANIFEST_MAX_OBJECTS: {
    default: "1000",
    parse: p.count(),
    description: "Most objects one ResourceService call applies (List items counted one by one); more fail with INVALID_ARGUMENT before any is applied.",
  },
  MANIFEST_MAX_ALIASES: {
    default: "100",
    parse: p.count(),
    description:
      "Bound on YAML alias use in one manifest document (uses of an anchor times the aliases inside it, yaml's maxAliasCount); refuses billion-laughs documents.",
  },
  MANIFEST_TIMEOUT: {
    default: "2m",
    parse: p.duration(),
    description:
      "Time one ResourceService call may spend reading and applying objects (Go-style duration); a manifest not read by then fails with DEADLINE_EXCEEDED, objects not applied by then are reported `deadline_exceeded`.",
  },
  MANIFEST_PARSE_WORKERS: {
    default: "2",
    parse: p.count(64),
    description:
      "Most worker threads reading large ResourceService manifests at once (manifests over 16 KiB are read off the event loop); more concurrent ones wait for a thread.",
  },
  MANIFEST_PARSE_MEMORY: {
    default: "512MiB",
    parse: p.heapMebibytes,
    description: "Heap of each manifest-reading worker thread (bytes, or with KiB/MiB/GiB); a manifest needing more fails with RESOURCE_EXHAUSTED.",
  },
  GRACEFUL_SHUTDOWN_TIMEOUT: {
    flag: "shutdown-timeout",
    default: "30s",
    parse: p.duration(),
    description: "Upper bound for draining on SIGTERM/SIGINT (Go-style duration); what is still open then is closed.",
  },
  WATCH_HEARTBEAT_INTERVAL: { default: "15s", parse: p.duration(), description: "Interval of BOOKMARK heartbeats on Watch* streams." },
  AUDIT_MAX_AGE: {
    default: "2160h",
    parse: p.duration(),
    description: "Audit trail retention by age (Go-style duration; default 90 days): older records are deleted.",
  },
  AUDIT_MAX_RECORDS: {
    default: "1000000",
    parse: p.count(100_000_000),
    description: "Audit trail retention by count: only the newest records up to this number are kept (all namespaces together).",
  },
  CACHE_MAX_STALENESS: {
    default: "10s",
    parse: p.duration(0),
    description:
      "Longest the server serves reads from its caches after losing its watch on the Kubernetes API (Go-style duration; 0: no bound). Beyond it reads answer UNAVAILABLE and /readyz reports not ready until the watch is back.",
  },
  AUTHORIZATION_CACHE_TTL: {
    default: "5s",
    parse: p.duration(0),
    description: "How long an authorization decision is reused for the same identity and request.",
  },
  ADMIN_ACCOUNT_ENABLED: {
    default: "",
    derivedDefault: "true in embedded mode or when a password is set",
    parse: p.bool,
    description: "Enable AuthService.AdminLogin.",
  },
  ADMIN_ACCOUNT_PASSWORD: {
    default: "",
    parse: p.text,
    description: "Admin password in clear (convenient locally); hashed at start. Not together with ADMIN_ACCOUNT_PASSWORD_HASH.",
  },
  ADMIN_ACCOUNT_PASSWORD_HASH: { default: "", parse: p.bcryptHash, description: "bcrypt hash of the admin password." },
  ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: {
    default: "",
    parse: p.signingKey,
    description:
      "HMAC key (at least 32 characters) for admin tokens; required in Kubernetes mode when the admin account is enabled, generated and kept in the data dir in embedded mode.",
  },
  ADMIN_ACCOUNT_TOKEN_ISSUER: { default: "kargo-api", parse: p.text, description: "`iss` of admin tokens." },
  ADMIN_ACCOUNT_TOKEN_AUDIENCE: { default: "kargo-api", parse: p.text, description: "`aud` of admin tokens." },
  ADMIN_ACCOUNT_TOKEN_TTL: { default: "24h", parse: p.duration(), description: "Lifetime of admin tokens (Go-style duration)." },
  OIDC_ENABLED: { default: "", derivedDefault: "true when OIDC_ISSUER_URL is set", parse: p.bool, description: "Enable OpenID Connect sign-on." },
  OIDC_ISSUER_URL: { default: "", parse: p.text, description: "Issuer URL of the identity provider (https, or http on loopback)." },
  OIDC_CLIENT_ID: {
    default: "",
    parse: p.text,
    description: "Client ID of the web UI; ID tokens must have it (or the CLI client ID) in `aud`. Required when OIDC is enabled.",
  },
  OIDC_CLI_CLIENT_ID: { default: "", parse: p.text, description: "Client ID of the command-line client." },
  OIDC_ADDITIONAL_SCOPES: { default: "", parse: p.list, description: "Comma-separated scopes requested after openid, profile and email." },
  OIDC_USERNAME_CLAIM: { default: "email", parse: p.text, description: "Claim shown as the user's name." },
  GLOBAL_SERVICE_ACCOUNT_NAMESPACES: {
    default: "",
    parse: p.namespaces,
    description: "Comma-separated namespaces whose claim-mapped ServiceAccounts apply to every project.",
  },
  KARGO_NAMESPACE: { default: "kargo", parse: p.namespace, description: "Namespace of the Kargo control plane (system-level roles)." },
  SYSTEM_RESOURCES_NAMESPACE: { default: "kargo-system-resources", parse: p.namespace, description: "Namespace of system-level generic credentials." },
  SHARED_RESOURCES_NAMESPACE: { default: "kargo-shared-resources", parse: p.namespace, description: "Namespace of credentials shared by all projects." },
  SECRET_MANAGEMENT_ENABLED: { default: "true", parse: p.bool, description: "Enable CredentialsService (otherwise its RPCs answer UNIMPLEMENTED)." },
  ARGOCD_URLS: { default: "", parse: p.shardUrls, description: "Argo CD URLs by shard: `shard=url,…`; a bare URL is the default shard." },
  ARGOCD_NAMESPACE: { default: "argocd", parse: p.namespace, description: "Namespace of Argo CD Applications." },
  ANALYSIS_RUN_LOG_URL_TEMPLATE: { default: "", parse: p.text, description: "URL template for AnalysisRun logs (reported by GetConfig)." },
  ANALYSIS_RUN_LOG_TOKEN: {
    default: "",
    parse: p.text,
    description: "Kubernetes mode: the `${{ token }}` of ANALYSIS_RUN_LOG_HTTP_HEADERS (default: the caller's own bearer token).",
  },
  ANALYSIS_RUN_LOG_HTTP_HEADERS: {
    default: "",
    parse: p.headerTemplates,
    description:
      "Kubernetes mode: headers of the AnalysisRun log request, `Name=value,…`; values may use the URL template's `${{ … }}` names and `${{ token }}`.",
  },
  KARGO_API_GIT_COMMIT: {
    default: "",
    derivedDefault: "from `git rev-parse HEAD`",
    parse: p.text,
    description: "Git commit reported by GetVersionInfo (set by packagers).",
  },
  KARGO_API_GIT_TREE_DIRTY: {
    boolean: true,
    default: "",
    derivedDefault: "from `git status`",
    parse: p.bool,
    description: "Whether the build had uncommitted changes.",
  },
  KARGO_API_BUILD_TIME: {
    default: "",
    derivedDefault: "build output's time, else start time",
    parse: p.rfc3339Time,
    description: "RFC 3339 build time reported by GetVersionInfo.",
  },
});

/** Every setting, in the README's order (for `--help`, the README check and the raw reader). */
export const settings: readonly Setting[] = Object.values(setting);
