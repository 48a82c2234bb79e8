/**
 * One configuration setting: the environment variable that sets it, the
 * command-line flag that overrides it (if any), its default as documented,
 * and what it means. `settings` is the catalogue `loadConfig` reads and the
 * README's configuration table documents (a test keeps them in step).
 */
export interface Setting {
  readonly env: string;
  /** Flag without the leading "--"; boolean flags take no value. */
  readonly flag?: string;
  readonly boolean?: boolean;
  /** Default as shown to people; "" means unset. */
  readonly default: string;
  readonly description: string;
}

/**
 * Every setting, in the order the README lists them. Names are Kargo's
 * where Kargo has one (PORT, ADMIN_ACCOUNT_*, OIDC_*, TLS_*, …). Secrets
 * have no flag, so they never show up in a process listing.
 */
export const settings: readonly Setting[] = [
  { env: "PORT", flag: "port", default: "8080", description: "Port of the API listener (Connect, gRPC, gRPC-Web, /healthz, /readyz, /metrics); 0 picks a free port." },
  { env: "BIND_ADDRESS", flag: "bind-address", default: "0.0.0.0", description: "Address the API listener binds to." },
  { env: "KARGO_DATA_DIR", flag: "data-dir", default: "./.kargo-data", description: "Data directory of embedded mode; the embedded Kubernetes API writes `<data dir>/kubeconfig`. In both modes the audit trail is kept here (`audit.db`)." },
  { env: "KARGO_DEMO", flag: "demo", boolean: true, default: "false", description: "Embedded mode: also seed the demo project `kargo-demo`." },
  { env: "KARGO_EMBEDDED", flag: "embedded", boolean: true, default: "false", description: "Force embedded mode even when KUBECONFIG or an in-cluster environment is present." },
  { env: "KUBECONFIG", flag: "kubeconfig", default: "", description: "Kubeconfig file of a real cluster; when given, the server runs in Kubernetes mode against it (one file, not a list)." },
  { env: "KARGO_EMBEDDED_API_PORT", flag: "embedded-api-port", default: "0", description: "Loopback port of the embedded Kubernetes-compatible API; 0 picks a free port." },
  { env: "KARGO_EMBEDDED_WEBHOOK_PORT", flag: "embedded-webhook-port", default: "", description: "Embedded mode: port (on BIND_ADDRESS) serving ProjectConfig webhook receivers; 0 picks a free port; empty: not served." },
  { env: "KARGO_CUSTOM_STEPS_ENABLED", flag: "custom-steps-enabled", boolean: true, default: "false", description: "Embedded mode: run CustomPromotionSteps (admin-registered commands) as local processes; off, a promotion using one fails saying so." },
  { env: "KARGO_EMBEDDED_WEBHOOK_BASE_URL", flag: "embedded-webhook-base-url", default: "", description: "Embedded mode: URL senders reach the webhook receivers at (a proxy's), published in ProjectConfig status; default `http://<bind address>:<port>`." },
  { env: "KARGO_EMBEDDED_HEARTBEAT_DURATION", default: "30s", description: "Embedded mode: lease duration of the controllers' heartbeat Lease (`kargo-controller-unnamed` in the Kargo namespace), renewed every third of it; GetControllerHeartbeats reports the controller dead once a renewal is older." },
  { env: "LOG_LEVEL", flag: "log-level", default: "info", description: "pino log level: trace, debug, info, warn, error, fatal or silent." },
  { env: "LOG_FORMAT", flag: "log-format", default: "auto", description: "`json` (one JSON object per line), `pretty` (readable, coloured lines) or `auto`: pretty when stdout is a terminal, JSON otherwise." },
  { env: "TLS_ENABLED", default: "true when both paths are set", description: "Serve TLS (HTTP/2 with ALPN, HTTP/1.1 fallback) instead of cleartext HTTP/1.1 + h2c." },
  { env: "TLS_CERT_PATH", flag: "tls-cert-path", default: "", description: "PEM certificate chain for TLS." },
  { env: "TLS_KEY_PATH", flag: "tls-key-path", default: "", description: "PEM private key for TLS." },
  { env: "CORS_ALLOWED_ORIGINS", flag: "cors-allowed-origins", default: "", description: "Comma-separated browser origins (`https://ui.example.com`) allowed to call the API; `*` allows any. Empty: no CORS headers." },
  { env: "PERMISSIVE_CORS_POLICY_ENABLED", boolean: true, default: "false", description: "Kargo's switch: `true` is the same as CORS_ALLOWED_ORIGINS=*." },
  { env: "MAX_REQUEST_BYTES", flag: "max-request-bytes", default: "4MiB", description: "Largest request message (bytes, or with KiB/MiB); larger requests fail with RESOURCE_EXHAUSTED." },
  { env: "MAX_NESTING_DEPTH", flag: "max-nesting-depth", default: "100", description: "Deepest nesting of arrays/objects in a JSON request message and in a ResourceService manifest document; deeper ones fail with INVALID_ARGUMENT before they are parsed." },
  { env: "MANIFEST_MAX_DOCUMENTS", default: "1000", description: "Most documents in one ResourceService manifest (empty ones included); more fail with INVALID_ARGUMENT before any is parsed further." },
  { env: "MANIFEST_MAX_OBJECTS", default: "1000", description: "Most objects one ResourceService call applies (List items counted one by one); more fail with INVALID_ARGUMENT before any is applied." },
  { env: "MANIFEST_MAX_ALIASES", default: "100", description: "Bound on YAML alias use in one manifest document (uses of an anchor times the aliases inside it, yaml's maxAliasCount); refuses billion-laughs documents." },
  { env: "MANIFEST_TIMEOUT", default: "2m", description: "Time one ResourceService call may spend reading and applying objects (Go-style duration); a manifest not read by then fails with DEADLINE_EXCEEDED, objects not applied by then are reported `deadline_exceeded`." },
  { env: "MANIFEST_PARSE_WORKERS", default: "2", description: "Most worker threads reading large ResourceService manifests at once (manifests over 16 KiB are read off the event loop); more concurrent ones wait for a thread." },
  { env: "MANIFEST_PARSE_MEMORY", default: "512MiB", description: "Heap of each manifest-reading worker thread (bytes, or with KiB/MiB/GiB); a manifest needing more fails with RESOURCE_EXHAUSTED." },
  { env: "GRACEFUL_SHUTDOWN_TIMEOUT", flag: "shutdown-timeout", default: "30s", description: "Upper bound for draining on SIGTERM/SIGINT (Go-style duration); what is still open then is closed." },
  { env: "WATCH_HEARTBEAT_INTERVAL", default: "15s", description: "Interval of BOOKMARK heartbeats on Watch* streams." },
  { env: "AUDIT_MAX_AGE", default: "2160h", description: "Audit trail retention by age (Go-style duration; default 90 days): older records are deleted." },
  { env: "AUDIT_MAX_RECORDS", default: "1000000", description: "Audit trail retention by count: only the newest records up to this number are kept (all namespaces together)." },
  { env: "CACHE_MAX_STALENESS", default: "10s", description: "Longest the server serves reads from its caches after losing its watch on the Kubernetes API (Go-style duration; 0: no bound). Beyond it reads answer UNAVAILABLE and /readyz reports not ready until the watch is back." },
  { env: "AUTHORIZATION_CACHE_TTL", default: "5s", description: "How long an authorization decision is reused for the same identity and request." },
  { env: "ADMIN_ACCOUNT_ENABLED", default: "true in embedded mode or when a password is set", description: "Enable AuthService.AdminLogin." },
  { env: "ADMIN_ACCOUNT_PASSWORD", default: "", description: "Admin password in clear (convenient locally); hashed at start. Not together with ADMIN_ACCOUNT_PASSWORD_HASH." },
  { env: "ADMIN_ACCOUNT_PASSWORD_HASH", default: "", description: "bcrypt hash of the admin password." },
  { env: "ADMIN_ACCOUNT_TOKEN_SIGNING_KEY", default: "", description: "HMAC key (at least 32 characters) for admin tokens; required in Kubernetes mode when the admin account is enabled, generated and kept in the data dir in embedded mode." },
  { env: "ADMIN_ACCOUNT_TOKEN_ISSUER", default: "kargo-api", description: "`iss` of admin tokens." },
  { env: "ADMIN_ACCOUNT_TOKEN_AUDIENCE", default: "kargo-api", description: "`aud` of admin tokens." },
  { env: "ADMIN_ACCOUNT_TOKEN_TTL", default: "24h", description: "Lifetime of admin tokens (Go-style duration)." },
  { env: "OIDC_ENABLED", default: "true when OIDC_ISSUER_URL is set", description: "Enable OpenID Connect sign-on." },
  { env: "OIDC_ISSUER_URL", default: "", description: "Issuer URL of the identity provider (https, or http on loopback)." },
  { env: "OIDC_CLIENT_ID", default: "", description: "Client ID of the web UI; ID tokens must have it (or the CLI client ID) in `aud`. Required when OIDC is enabled." },
  { env: "OIDC_CLI_CLIENT_ID", default: "", description: "Client ID of the command-line client." },
  { env: "OIDC_ADDITIONAL_SCOPES", default: "", description: "Comma-separated scopes requested after openid, profile and email." },
  { env: "OIDC_USERNAME_CLAIM", default: "email", description: "Claim shown as the user's name." },
  { env: "GLOBAL_SERVICE_ACCOUNT_NAMESPACES", default: "", description: "Comma-separated namespaces whose claim-mapped ServiceAccounts apply to every project." },
  { env: "KARGO_NAMESPACE", default: "kargo", description: "Namespace of the Kargo control plane (system-level roles)." },
  { env: "SYSTEM_RESOURCES_NAMESPACE", default: "kargo-system-resources", description: "Namespace of system-level generic credentials." },
  { env: "SHARED_RESOURCES_NAMESPACE", default: "kargo-shared-resources", description: "Namespace of credentials shared by all projects." },
  { env: "SECRET_MANAGEMENT_ENABLED", default: "true", description: "Enable CredentialsService (otherwise its RPCs answer UNIMPLEMENTED)." },
  { env: "ARGOCD_URLS", default: "", description: "Argo CD URLs by shard: `shard=url,…`; a bare URL is the default shard." },
  { env: "ARGOCD_NAMESPACE", default: "argocd", description: "Namespace of Argo CD Applications." },
  { env: "ANALYSIS_RUN_LOG_URL_TEMPLATE", default: "", description: "URL template for AnalysisRun logs (reported by GetConfig)." },
  { env: "ANALYSIS_RUN_LOG_TOKEN", default: "", description: "Kubernetes mode: the `${{ token }}` of ANALYSIS_RUN_LOG_HTTP_HEADERS (default: the caller's own bearer token)." },
  { env: "ANALYSIS_RUN_LOG_HTTP_HEADERS", default: "", description: "Kubernetes mode: headers of the AnalysisRun log request, `Name=value,…`; values may use the URL template's `${{ … }}` names and `${{ token }}`." },
  { env: "KARGO_API_GIT_COMMIT", default: "from `git rev-parse HEAD`", description: "Git commit reported by GetVersionInfo (set by packagers)." },
  { env: "KARGO_API_GIT_TREE_DIRTY", boolean: true, default: "from `git status`", description: "Whether the build had uncommitted changes." },
  { env: "KARGO_API_BUILD_TIME", default: "build output's time, else start time", description: "RFC 3339 build time reported by GetVersionInfo." },
];
