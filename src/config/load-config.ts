import { accessSync, constants } from "node:fs";
import { resolve } from "node:path";
import type { LevelWithSilent } from "pino";
import type { Config, KubernetesSource, LogFormat, TlsConfig } from "./config.js";
import { ConfigError } from "./config-error.js";
import { parseByteSize } from "./parse-byte-size.js";
import { parseDuration } from "./parse-duration.js";
import { readRawSettings } from "./read-raw-settings.js";
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

const logLevels: readonly string[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
const logFormats: readonly LogFormat[] = ["auto", "json", "pretty"];
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// connect-es cannot read messages larger than this (its own ceiling).
const maxReadBytes = 0xffffffff;

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
  const cwd = sources.cwd ?? process.cwd();
  const problems = [...raw.problems];
  const name = (env: string) => raw.sources.get(env) ?? env;
  const bad = (env: string, why: string) => problems.push(`${name(env)}: ${why}, got ${JSON.stringify(raw.values.get(env))}`);
  const str = (env: string, def = "") => raw.values.get(env) ?? def;
  const has = (env: string) => raw.values.has(env);

  const bool = (env: string, def: boolean): boolean => {
    const v = raw.values.get(env);
    if (v === undefined) return def;
    const t = v.trim().toLowerCase();
    if (["true", "1", "yes", "on"].includes(t)) return true;
    if (["false", "0", "no", "off"].includes(t)) return false;
    bad(env, "must be true or false");
    return def;
  };
  const port = (env: string, def: number): number => {
    const v = raw.values.get(env);
    if (v === undefined) return def;
    const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!(n >= 0 && n <= 65535)) {
      bad(env, "must be a port number from 0 to 65535");
      return def;
    }
    return n;
  };
  const count = (env: string, def: number, max = 1_000_000): number => {
    const v = raw.values.get(env);
    if (v === undefined) return def;
    const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!(n >= 1 && n <= max)) {
      bad(env, `must be a whole number from 1 to ${max}`);
      return def;
    }
    return n;
  };
  /** A byte size (`512MiB`), in whole MiB: a V8 heap bound, from 16 MiB (less cannot start a thread) to 64 GiB. */
  const mebibytes = (env: string, def: string): number => {
    const bytes = parseByteSize(str(env, def));
    const mib = bytes === undefined ? NaN : Math.floor(bytes / (1024 * 1024));
    if (!(mib >= 16 && mib <= 64 * 1024)) {
      bad(env, "must be a size from 16MiB to 64GiB, such as 512MiB");
      return Math.floor(parseByteSize(def)! / (1024 * 1024));
    }
    return mib;
  };
  const duration = (env: string, def: string, min = 1): number => {
    const ms = parseDuration(str(env, def));
    if (ms === undefined || ms < min) {
      bad(env, `must be a duration such as "15s" or "1h30m"${min > 0 ? " greater than zero" : ""}`);
      return parseDuration(def)!;
    }
    return ms;
  };
  // `Name=value,…` as Kargo reads it (names and values trimmed). The values may carry credentials, so
  // a problem names the header, never the value.
  const logHeaders = (): Record<string, string> => {
    const headers: Record<string, string> = {};
    const text = str("ANALYSIS_RUN_LOG_HTTP_HEADERS");
    if (text.trim() === "") return headers;
    for (const [index, pair] of text.split(",").entries()) {
      const at = pair.indexOf("=");
      const key = at < 0 ? "" : pair.slice(0, at).trim();
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/u.test(key)) {
        problems.push(`${name("ANALYSIS_RUN_LOG_HTTP_HEADERS")}: entry ${index + 1} is not Name=value with a valid header name`);
        continue;
      }
      headers[key] = pair.slice(at + 1).trim();
    }
    return headers;
  };
  const list = (env: string): string[] =>
    str(env)
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  const readableFile = (env: string): string | undefined => {
    if (!has(env)) return undefined;
    const path = resolve(cwd, str(env));
    try {
      accessSync(path, constants.R_OK);
    } catch {
      bad(env, "file does not exist or is not readable");
    }
    return path;
  };
  const namespaces = (env: string, values: string[]): string[] => {
    for (const v of values) {
      if (!dnsLabel.test(v)) bad(env, `"${v}" is not a valid namespace name`);
    }
    return values;
  };

  // Listener.
  const listenPort = port("PORT", 8080);
  const bindAddress = str("BIND_ADDRESS", "0.0.0.0");
  const certPath = readableFile("TLS_CERT_PATH");
  const keyPath = readableFile("TLS_KEY_PATH");
  const tlsEnabled = bool("TLS_ENABLED", certPath !== undefined && keyPath !== undefined);
  let tls: TlsConfig | undefined;
  if (tlsEnabled) {
    if (certPath === undefined || keyPath === undefined) {
      problems.push("TLS_ENABLED: needs both TLS_CERT_PATH and TLS_KEY_PATH");
    } else {
      tls = { certPath, keyPath };
    }
  } else if ((certPath === undefined) !== (keyPath === undefined)) {
    problems.push(`${certPath === undefined ? "TLS_CERT_PATH" : "TLS_KEY_PATH"}: must be set together with ${certPath === undefined ? name("TLS_KEY_PATH") : name("TLS_CERT_PATH")}`);
  }
  let corsAllowedOrigins = list("CORS_ALLOWED_ORIGINS");
  for (const origin of corsAllowedOrigins) {
    if (origin !== "*" && !isOrigin(origin)) {
      bad("CORS_ALLOWED_ORIGINS", `"${origin}" is not an origin like https://ui.example.com or *`);
    }
  }
  if (bool("PERMISSIVE_CORS_POLICY_ENABLED", false)) {
    corsAllowedOrigins = ["*"];
  }
  const maxRequestBytes = parseByteSize(str("MAX_REQUEST_BYTES", "4MiB"));
  if (maxRequestBytes === undefined || maxRequestBytes < 1 || maxRequestBytes > maxReadBytes) {
    bad("MAX_REQUEST_BYTES", "must be a size from 1 byte to 4GiB, such as 4194304 or 4MiB");
  }
  const maxNestingDepth = count("MAX_NESTING_DEPTH", 100);
  const shutdownTimeoutMs = duration("GRACEFUL_SHUTDOWN_TIMEOUT", "30s");
  const manifest = {
    maxDocuments: count("MANIFEST_MAX_DOCUMENTS", 1000),
    maxObjects: count("MANIFEST_MAX_OBJECTS", 1000),
    maxAliases: count("MANIFEST_MAX_ALIASES", 100),
    timeoutMs: duration("MANIFEST_TIMEOUT", "2m"),
    parseWorkers: count("MANIFEST_PARSE_WORKERS", 2, 64),
    parseMemoryMiB: mebibytes("MANIFEST_PARSE_MEMORY", "512MiB"),
  };

  // Mode.
  const dataDir = resolve(cwd, str("KARGO_DATA_DIR", "./.kargo-data"));
  const forceEmbedded = bool("KARGO_EMBEDDED", false);
  let kubernetes: KubernetesSource = { mode: "embedded" };
  if (!forceEmbedded && has("KUBECONFIG")) {
    kubernetes = { mode: "kubeconfig", path: readableFile("KUBECONFIG")! };
  } else if (!forceEmbedded && (sources.env.KUBERNETES_SERVICE_HOST ?? "") !== "") {
    kubernetes = { mode: "in-cluster" };
  }
  const embeddedMode = kubernetes.mode === "embedded";

  const logLevel = str("LOG_LEVEL", "info").toLowerCase();
  if (!logLevels.includes(logLevel)) {
    bad("LOG_LEVEL", `must be one of ${logLevels.join(", ")}`);
  }
  const logFormat = str("LOG_FORMAT", "auto").toLowerCase() as LogFormat;
  if (!logFormats.includes(logFormat)) {
    bad("LOG_FORMAT", `must be one of ${logFormats.join(", ")}`);
  }

  // Admin account.
  const password = raw.values.get("ADMIN_ACCOUNT_PASSWORD");
  const passwordHash = raw.values.get("ADMIN_ACCOUNT_PASSWORD_HASH");
  const tokenSigningKey = raw.values.get("ADMIN_ACCOUNT_TOKEN_SIGNING_KEY");
  const adminEnabled = bool("ADMIN_ACCOUNT_ENABLED", embeddedMode || password !== undefined || passwordHash !== undefined);
  if (password !== undefined && passwordHash !== undefined) {
    problems.push("ADMIN_ACCOUNT_PASSWORD: set either it or ADMIN_ACCOUNT_PASSWORD_HASH, not both");
  }
  if (passwordHash !== undefined && !/^\$2[aby]?\$\d{2}\$[./A-Za-z0-9]{53}$/.test(passwordHash)) {
    // Never echo the value: it is a secret.
    problems.push("ADMIN_ACCOUNT_PASSWORD_HASH: is not a bcrypt hash");
  }
  if (tokenSigningKey !== undefined && tokenSigningKey.length < 32) {
    problems.push("ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: must be at least 32 characters");
  }
  if (adminEnabled && !embeddedMode) {
    // In Kubernetes mode replicas must agree on the password and the key, so nothing is generated.
    if (password === undefined && passwordHash === undefined) {
      problems.push("ADMIN_ACCOUNT_ENABLED: in Kubernetes mode the admin account needs ADMIN_ACCOUNT_PASSWORD or ADMIN_ACCOUNT_PASSWORD_HASH");
    }
    if (tokenSigningKey === undefined) {
      problems.push("ADMIN_ACCOUNT_ENABLED: in Kubernetes mode the admin account needs ADMIN_ACCOUNT_TOKEN_SIGNING_KEY");
    }
  }
  const tokenTtlMs = duration("ADMIN_ACCOUNT_TOKEN_TTL", "24h");

  // OIDC.
  const issuerUrl = str("OIDC_ISSUER_URL");
  const oidcEnabled = bool("OIDC_ENABLED", issuerUrl !== "");
  if (oidcEnabled) {
    if (issuerUrl === "") {
      problems.push("OIDC_ENABLED: needs OIDC_ISSUER_URL");
    } else if (!isIssuerUrl(issuerUrl)) {
      bad("OIDC_ISSUER_URL", "must be an https URL (http only on loopback)");
    }
    if (!has("OIDC_CLIENT_ID")) {
      problems.push("OIDC_ENABLED: needs OIDC_CLIENT_ID");
    }
  }
  const scopes = [...new Set(["openid", "profile", "email", ...list("OIDC_ADDITIONAL_SCOPES")])];

  // Kargo.
  const argocdUrls: Record<string, string> = {};
  for (const entry of list("ARGOCD_URLS")) {
    const eq = entry.indexOf("=");
    const [shard, url] = eq < 0 ? ["", entry] : [entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()];
    if (!URL.canParse(url)) {
      bad("ARGOCD_URLS", `"${entry}" is not shard=url`);
    }
    argocdUrls[shard] = url;
  }

  const buildTimeText = raw.values.get("KARGO_API_BUILD_TIME");
  const buildTime = buildTimeText === undefined ? undefined : new Date(buildTimeText);
  if (buildTime !== undefined && Number.isNaN(buildTime.getTime())) {
    bad("KARGO_API_BUILD_TIME", "must be an RFC 3339 time");
  }

  const config: Config = {
    kubernetes,
    server: {
      bindAddress,
      port: listenPort,
      tls,
      corsAllowedOrigins,
      maxRequestBytes: maxRequestBytes ?? 4 * 1024 * 1024,
      maxNestingDepth,
      shutdownTimeoutMs,
    },
    embedded: {
      dataDir,
      apiPort: port("KARGO_EMBEDDED_API_PORT", 0),
      demo: bool("KARGO_DEMO", false),
      webhookPort: raw.values.get("KARGO_EMBEDDED_WEBHOOK_PORT")?.trim() ? port("KARGO_EMBEDDED_WEBHOOK_PORT", 0) : undefined,
      webhookBaseURL: str("KARGO_EMBEDDED_WEBHOOK_BASE_URL").replace(/\/+$/u, ""),
      customStepsEnabled: bool("KARGO_CUSTOM_STEPS_ENABLED", false),
      heartbeatLeaseDurationMs: duration("KARGO_EMBEDDED_HEARTBEAT_DURATION", "30s", 1000),
    },
    logLevel: logLevel as LevelWithSilent,
    logFormat,
    admin: {
      enabled: adminEnabled,
      password,
      passwordHash,
      tokenIssuer: str("ADMIN_ACCOUNT_TOKEN_ISSUER", "kargo-api"),
      tokenAudience: str("ADMIN_ACCOUNT_TOKEN_AUDIENCE", "kargo-api"),
      tokenSigningKey,
      tokenTtlMs,
    },
    oidc: {
      enabled: oidcEnabled,
      issuerUrl,
      clientId: str("OIDC_CLIENT_ID"),
      cliClientId: str("OIDC_CLI_CLIENT_ID"),
      scopes,
      usernameClaim: str("OIDC_USERNAME_CLAIM", "email"),
    },
    globalServiceAccountNamespaces: namespaces("GLOBAL_SERVICE_ACCOUNT_NAMESPACES", list("GLOBAL_SERVICE_ACCOUNT_NAMESPACES")),
    authorizationCacheTtlMs: duration("AUTHORIZATION_CACHE_TTL", "5s", 0),
    cacheMaxStalenessMs: duration("CACHE_MAX_STALENESS", "10s", 0),
    watchHeartbeatIntervalMs: duration("WATCH_HEARTBEAT_INTERVAL", "15s"),
    audit: { maxAgeMs: duration("AUDIT_MAX_AGE", "2160h"), maxRecords: count("AUDIT_MAX_RECORDS", 1_000_000, 100_000_000) },
    kargo: {
      namespace: namespaces("KARGO_NAMESPACE", [str("KARGO_NAMESPACE", "kargo")])[0],
      systemResourcesNamespace: namespaces("SYSTEM_RESOURCES_NAMESPACE", [str("SYSTEM_RESOURCES_NAMESPACE", "kargo-system-resources")])[0],
      sharedResourcesNamespace: namespaces("SHARED_RESOURCES_NAMESPACE", [str("SHARED_RESOURCES_NAMESPACE", "kargo-shared-resources")])[0],
      secretManagementEnabled: bool("SECRET_MANAGEMENT_ENABLED", true),
      argocdUrls,
      argocdNamespace: namespaces("ARGOCD_NAMESPACE", [str("ARGOCD_NAMESPACE", "argocd")])[0],
      analysisRunLogUrlTemplate: str("ANALYSIS_RUN_LOG_URL_TEMPLATE"),
      analysisRunLogToken: str("ANALYSIS_RUN_LOG_TOKEN"),
      analysisRunLogHttpHeaders: logHeaders(),
    },
    manifest,
    build: {
      gitCommit: raw.values.get("KARGO_API_GIT_COMMIT"),
      gitTreeDirty: has("KARGO_API_GIT_TREE_DIRTY") ? bool("KARGO_API_GIT_TREE_DIRTY", false) : undefined,
      buildTime,
    },
  };
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { help: false, config: deepFreeze(config) };
}

function isOrigin(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const u = new URL(text);
  return (u.protocol === "http:" || u.protocol === "https:") && u.origin === text.replace(/\/$/, "");
}

function isIssuerUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const u = new URL(text);
  // Plain http is allowed only on loopback, where test and local identity providers run.
  return u.protocol === "https:" || (u.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname));
}
