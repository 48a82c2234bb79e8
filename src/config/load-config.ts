import type { Config, KubernetesSource, TlsConfig } from "./config.js";
import { ConfigError } from "./config-error.js";
import { readRawSettings } from "./read-raw-settings.js";
import { Invalid, type Setting } from "./setting.js";
import { setting } from "./settings.js";
import { deepFreeze } from "../util/deep-freeze.js";

/** Where `loadConfig` reads from; `main` passes `process.argv.slice(2)` and `process.env`. */
export interface ConfigSources {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base for relative paths; defaults to the process's working directory. */
  readonly cwd?: string;
}

/** Result of `loadConfig`: the configuration, or a request for the usage text. */
export type LoadedConfig = { readonly help: true } | { readonly help: false; readonly config: Config };

/**
 * Reads the configuration once, from flags (which win) and environment
 * variables, applies defaults and validates everything. Every problem is
 * collected; if there is any, throws one ConfigError whose message is one
 * line naming each bad setting. The result is deeply frozen.
 *
 * Mode rule: `--embedded` forces embedded mode; otherwise `--kubeconfig` or
 * `KUBECONFIG` selects Kubernetes mode with that file; otherwise a set
 * `KUBERNETES_SERVICE_HOST` (running in a pod) selects Kubernetes mode with
 * the in-cluster configuration; otherwise embedded mode.
 */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const raw = readRawSettings(sources.argv, sources.env);
  if (raw.help) {
    return { help: true };
  }
  const context = { cwd: sources.cwd ?? process.cwd() };
  const problems = [...raw.problems];
  const name = (env: string) => raw.sources.get(env) ?? env;
  const has = (s: Setting) => raw.values.has(s.env);
  const refused = (s: Setting, invalid: Invalid) => {
    for (const why of invalid.reasons) {
      // Secrets are never echoed back.
      problems.push(invalid.options.secret ? `${name(s.env)}: ${why}` : `${name(s.env)}: ${why}, got ${JSON.stringify(raw.values.get(s.env))}`);
    }
  };
  /** The setting as given, or undefined when it was not (or was refused: then a problem is recorded). */
  const given = <T>(s: Setting<T>): T | undefined => {
    const text = raw.values.get(s.env);
    if (text === undefined) return undefined;
    const parsed = s.parse(text, context);
    if (!(parsed instanceof Invalid)) return parsed;
    refused(s, parsed);
    return parsed.options.assumed as T | undefined;
  };
  /** The setting as given, else its catalogue default. */
  const value = <T>(s: Setting<T>): T => {
    const v = given(s);
    if (v !== undefined) return v;
    const fallback = s.parse(s.default, context);
    if (fallback instanceof Invalid) throw new Error(`settings catalogue: the default of ${s.env} is invalid: ${fallback.reasons.join("; ")}`);
    return fallback;
  };

  // Listener.
  const listenPort = value(setting.PORT);
  const bindAddress = value(setting.BIND_ADDRESS);
  const certPath = given(setting.TLS_CERT_PATH);
  const keyPath = given(setting.TLS_KEY_PATH);
  const tlsEnabled = given(setting.TLS_ENABLED) ?? (certPath !== undefined && keyPath !== undefined);
  let tls: TlsConfig | undefined;
  if (tlsEnabled) {
    if (certPath === undefined || keyPath === undefined) {
      problems.push("TLS_ENABLED: needs both TLS_CERT_PATH and TLS_KEY_PATH");
    } else {
      tls = { certPath, keyPath };
    }
  } else if ((certPath === undefined) !== (keyPath === undefined)) {
    problems.push(
      `${certPath === undefined ? "TLS_CERT_PATH" : "TLS_KEY_PATH"}: must be set together with ${certPath === undefined ? name("TLS_KEY_PATH") : name("TLS_CERT_PATH")}`,
    );
  }
  let corsAllowedOrigins = value(setting.CORS_ALLOWED_ORIGINS);
  if (value(setting.PERMISSIVE_CORS_POLICY_ENABLED)) {
    corsAllowedOrigins = ["*"];
  }
  const maxRequestBytes = value(setting.MAX_REQUEST_BYTES);
  const maxNestingDepth = value(setting.MAX_NESTING_DEPTH);
  const shutdownTimeoutMs = value(setting.GRACEFUL_SHUTDOWN_TIMEOUT);
  const manifest = {
    maxDocuments: value(setting.MANIFEST_MAX_DOCUMENTS),
    maxObjects: value(setting.MANIFEST_MAX_OBJECTS),
    maxAliases: value(setting.MANIFEST_MAX_ALIASES),
    timeoutMs: value(setting.MANIFEST_TIMEOUT),
    parseWorkers: value(setting.MANIFEST_PARSE_WORKERS),
    parseMemoryMiB: value(setting.MANIFEST_PARSE_MEMORY),
  };

  // Mode.
  const dataDir = value(setting.KARGO_DATA_DIR);
  const forceEmbedded = value(setting.KARGO_EMBEDDED);
  let kubernetes: KubernetesSource = { mode: "embedded" };
  if (!forceEmbedded && has(setting.KUBECONFIG)) {
    kubernetes = { mode: "kubeconfig", path: given(setting.KUBECONFIG)! };
  } else if (!forceEmbedded && (sources.env.KUBERNETES_SERVICE_HOST ?? "") !== "") {
    kubernetes = { mode: "in-cluster" };
  }
  const embeddedMode = kubernetes.mode === "embedded";

  const logLevel = value(setting.LOG_LEVEL);
  const logFormat = value(setting.LOG_FORMAT);

  // Admin account.
  const password = given(setting.ADMIN_ACCOUNT_PASSWORD);
  const adminEnabled = given(setting.ADMIN_ACCOUNT_ENABLED) ?? (embeddedMode || password !== undefined || has(setting.ADMIN_ACCOUNT_PASSWORD_HASH));
  if (password !== undefined && has(setting.ADMIN_ACCOUNT_PASSWORD_HASH)) {
    problems.push("ADMIN_ACCOUNT_PASSWORD: set either it or ADMIN_ACCOUNT_PASSWORD_HASH, not both");
  }
  const passwordHash = given(setting.ADMIN_ACCOUNT_PASSWORD_HASH);
  const tokenSigningKey = given(setting.ADMIN_ACCOUNT_TOKEN_SIGNING_KEY);
  if (adminEnabled && !embeddedMode) {
    // In Kubernetes mode replicas must agree on the password and the key, so nothing is generated.
    if (password === undefined && !has(setting.ADMIN_ACCOUNT_PASSWORD_HASH)) {
      problems.push("ADMIN_ACCOUNT_ENABLED: in Kubernetes mode the admin account needs ADMIN_ACCOUNT_PASSWORD or ADMIN_ACCOUNT_PASSWORD_HASH");
    }
    if (!has(setting.ADMIN_ACCOUNT_TOKEN_SIGNING_KEY)) {
      problems.push("ADMIN_ACCOUNT_ENABLED: in Kubernetes mode the admin account needs ADMIN_ACCOUNT_TOKEN_SIGNING_KEY");
    }
  }
  const tokenTtlMs = value(setting.ADMIN_ACCOUNT_TOKEN_TTL);

  // OIDC.
  const issuerUrl = value(setting.OIDC_ISSUER_URL);
  const oidcEnabled = given(setting.OIDC_ENABLED) ?? issuerUrl !== "";
  if (oidcEnabled) {
    if (issuerUrl === "") {
      problems.push("OIDC_ENABLED: needs OIDC_ISSUER_URL");
    } else if (!isIssuerUrl(issuerUrl)) {
      problems.push(`${name("OIDC_ISSUER_URL")}: must be an https URL (http only on loopback), got ${JSON.stringify(issuerUrl)}`);
    }
    if (!has(setting.OIDC_CLIENT_ID)) {
      problems.push("OIDC_ENABLED: needs OIDC_CLIENT_ID");
    }
  }
  const scopes = [...new Set(["openid", "profile", "email", ...value(setting.OIDC_ADDITIONAL_SCOPES)])];

  // Kargo.
  const argocdUrls = value(setting.ARGOCD_URLS);

  const buildTime = given(setting.KARGO_API_BUILD_TIME);

  const config: Config = {
    kubernetes,
    server: {
      bindAddress,
      port: listenPort,
      tls,
      corsAllowedOrigins,
      maxRequestBytes,
      maxNestingDepth,
      shutdownTimeoutMs,
    },
    embedded: {
      dataDir,
      apiPort: value(setting.KARGO_EMBEDDED_API_PORT),
      demo: value(setting.KARGO_DEMO),
      webhookPort: value(setting.KARGO_EMBEDDED_WEBHOOK_PORT),
      webhookBaseURL: value(setting.KARGO_EMBEDDED_WEBHOOK_BASE_URL),
      customStepsEnabled: value(setting.KARGO_CUSTOM_STEPS_ENABLED),
      heartbeatLeaseDurationMs: value(setting.KARGO_EMBEDDED_HEARTBEAT_DURATION),
    },
    logLevel,
    logFormat,
    admin: {
      enabled: adminEnabled,
      password,
      passwordHash,
      tokenIssuer: value(setting.ADMIN_ACCOUNT_TOKEN_ISSUER),
      tokenAudience: value(setting.ADMIN_ACCOUNT_TOKEN_AUDIENCE),
      tokenSigningKey,
      tokenTtlMs,
    },
    oidc: {
      enabled: oidcEnabled,
      issuerUrl,
      clientId: value(setting.OIDC_CLIENT_ID),
      cliClientId: value(setting.OIDC_CLI_CLIENT_ID),
      scopes,
      usernameClaim: value(setting.OIDC_USERNAME_CLAIM),
    },
    globalServiceAccountNamespaces: value(setting.GLOBAL_SERVICE_ACCOUNT_NAMESPACES),
    authorizationCacheTtlMs: value(setting.AUTHORIZATION_CACHE_TTL),
    cacheMaxStalenessMs: value(setting.CACHE_MAX_STALENESS),
    watchHeartbeatIntervalMs: value(setting.WATCH_HEARTBEAT_INTERVAL),
    audit: { maxAgeMs: value(setting.AUDIT_MAX_AGE), maxRecords: value(setting.AUDIT_MAX_RECORDS) },
    kargo: {
      namespace: value(setting.KARGO_NAMESPACE),
      systemResourcesNamespace: value(setting.SYSTEM_RESOURCES_NAMESPACE),
      sharedResourcesNamespace: value(setting.SHARED_RESOURCES_NAMESPACE),
      secretManagementEnabled: value(setting.SECRET_MANAGEMENT_ENABLED),
      argocdUrls,
      argocdNamespace: value(setting.ARGOCD_NAMESPACE),
      analysisRunLogUrlTemplate: value(setting.ANALYSIS_RUN_LOG_URL_TEMPLATE),
      analysisRunLogToken: value(setting.ANALYSIS_RUN_LOG_TOKEN),
      analysisRunLogHttpHeaders: value(setting.ANALYSIS_RUN_LOG_HTTP_HEADERS),
    },
    manifest,
    build: {
      gitCommit: given(setting.KARGO_API_GIT_COMMIT),
      gitTreeDirty: given(setting.KARGO_API_GIT_TREE_DIRTY),
      buildTime,
    },
  };
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { help: false, config: deepFreeze(config) };
}

function isIssuerUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const u = new URL(text);
  // Plain http is allowed only on loopback, where test and local identity providers run.
  return u.protocol === "https:" || (u.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname));
}
