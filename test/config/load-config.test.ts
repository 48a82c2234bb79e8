import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../src/config/config.js";
import { ConfigError, isConfigError } from "../../src/config/config-error.js";
import { loadConfig } from "../../src/config/load-config.js";

const cwd = mkdtempSync(join(tmpdir(), "kargo-api-config-"));
const kubeconfig = join(cwd, "kubeconfig");
writeFileSync(kubeconfig, "apiVersion: v1\nkind: Config\n");
const cert = join(cwd, "tls.crt");
const key = join(cwd, "tls.key");
writeFileSync(cert, "cert");
writeFileSync(key, "key");
const signingKey = "k".repeat(32);

function load(env: Record<string, string> = {}, argv: string[] = []): Config {
  const loaded = loadConfig({ argv, env, cwd });
  if (loaded.help) throw new Error("unexpected help");
  return loaded.config;
}

function problemsOf(env: Record<string, string>, argv: string[] = []): readonly string[] {
  try {
    load(env, argv);
  } catch (e) {
    if (isConfigError(e)) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  describe("with nothing set", () => {
    it("runs embedded mode on port 8080 with the documented defaults", () => {
      const c = load();
      expect(c.kubernetes).toEqual({ mode: "embedded" });
      expect(c.server).toEqual({
        bindAddress: "0.0.0.0",
        port: 8080,
        tls: undefined,
        corsAllowedOrigins: [],
        maxRequestBytes: 4 * 1024 * 1024,
        maxNestingDepth: 100,
        shutdownTimeoutMs: 30_000,
      });
      expect(c.embedded).toEqual({
        dataDir: join(cwd, ".kargo-data"),
        apiPort: 0,
        demo: false,
        webhookPort: undefined,
        webhookBaseURL: "",
        customStepsEnabled: false,
        heartbeatLeaseDurationMs: 30_000,
      });
      expect(c.watchHeartbeatIntervalMs).toBe(15_000);
      expect(c.audit).toEqual({ maxAgeMs: 2160 * 3_600_000, maxRecords: 1_000_000 });
      expect(c.authorizationCacheTtlMs).toBe(5_000);
      expect(c.logLevel).toBe("info");
      expect(c.admin).toMatchObject({ enabled: true, tokenTtlMs: 24 * 3_600_000, tokenIssuer: "kargo-api" });
      expect(c.oidc).toMatchObject({ enabled: false, usernameClaim: "email", scopes: ["openid", "profile", "email"] });
      expect(c.kargo).toMatchObject({ namespace: "kargo", secretManagementEnabled: true, argocdNamespace: "argocd" });
    });

    it("serves webhook receivers only when given a port, with an optional public base URL", () => {
      expect(load({ KARGO_EMBEDDED_WEBHOOK_PORT: "0", KARGO_EMBEDDED_WEBHOOK_BASE_URL: "https://hooks.example.org/" }).embedded).toMatchObject({
        webhookPort: 0,
        webhookBaseURL: "https://hooks.example.org",
      });
      expect(problemsOf({ KARGO_EMBEDDED_WEBHOOK_PORT: "http" })).toEqual(['KARGO_EMBEDDED_WEBHOOK_PORT: must be a port number from 0 to 65535, got "http"']);
    });

    it("reads Kargo's AnalysisRun log headers as Name=value pairs, naming a bad entry without its value", () => {
      expect(
        load({ ANALYSIS_RUN_LOG_HTTP_HEADERS: " Authorization = Bearer ${{ token }} ,X-Run=${{ analysisRun }}", ANALYSIS_RUN_LOG_TOKEN: "t0ken" }).kargo,
      ).toMatchObject({
        analysisRunLogToken: "t0ken",
        analysisRunLogHttpHeaders: { Authorization: "Bearer ${{ token }}", "X-Run": "${{ analysisRun }}" },
      });
      const problems = problemsOf({ ANALYSIS_RUN_LOG_HTTP_HEADERS: "X-Ok=1,Bearer s3cret-value" });
      expect(problems).toEqual(["ANALYSIS_RUN_LOG_HTTP_HEADERS: entry 2 is not Name=value with a valid header name"]);
    });

    it("returns a deeply frozen object", () => {
      const c = load();
      expect(Object.isFrozen(c)).toBe(true);
      expect(Object.isFrozen(c.server)).toBe(true);
      expect(Object.isFrozen(c.oidc.scopes)).toBe(true);
      expect(() => {
        (c.server as { port: number }).port = 1;
      }).toThrow(TypeError);
    });
  });

  describe("flags and environment", () => {
    it("lets a flag win over its environment variable, in both flag forms", () => {
      expect(load({ PORT: "1" }, ["--port", "2"]).server.port).toBe(2);
      expect(load({ PORT: "1" }, ["--port=3"]).server.port).toBe(3);
    });

    it("reads boolean flags without a value", () => {
      expect(load({}, ["--demo"]).embedded.demo).toBe(true);
    });

    it("reads sizes and durations with units", () => {
      const c = load({ MAX_REQUEST_BYTES: "1MiB", GRACEFUL_SHUTDOWN_TIMEOUT: "1m30s", WATCH_HEARTBEAT_INTERVAL: "500ms" });
      expect([c.server.maxRequestBytes, c.server.shutdownTimeoutMs, c.watchHeartbeatIntervalMs]).toEqual([1_048_576, 90_000, 500]);
    });

    it("treats PERMISSIVE_CORS_POLICY_ENABLED=true as any origin", () => {
      expect(load({ PERMISSIVE_CORS_POLICY_ENABLED: "true" }).server.corsAllowedOrigins).toEqual(["*"]);
    });

    it("parses ARGOCD_URLS shards, a bare URL being the default shard", () => {
      expect(load({ ARGOCD_URLS: "https://argo.example.com, east=https://east.example.com" }).kargo.argocdUrls).toEqual({
        "": "https://argo.example.com",
        east: "https://east.example.com",
      });
    });

    it("asks for the usage text on --help", () => {
      expect(loadConfig({ argv: ["--help"], env: {} })).toEqual({ help: true });
    });
  });

  describe("the mode rule", () => {
    it("uses Kubernetes mode with --kubeconfig", () => {
      expect(load({}, ["--kubeconfig", kubeconfig]).kubernetes).toEqual({ mode: "kubeconfig", path: kubeconfig });
    });

    it("uses Kubernetes mode with KUBECONFIG", () => {
      expect(load({ KUBECONFIG: kubeconfig, ADMIN_ACCOUNT_ENABLED: "false" }).kubernetes.mode).toBe("kubeconfig");
    });

    it("uses the in-cluster configuration inside a pod (KUBERNETES_SERVICE_HOST set)", () => {
      expect(load({ KUBERNETES_SERVICE_HOST: "10.0.0.1" }).kubernetes).toEqual({ mode: "in-cluster" });
    });

    it("stays embedded with --embedded whatever else is set", () => {
      expect(load({ KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: "10.0.0.1" }, ["--embedded"]).kubernetes).toEqual({ mode: "embedded" });
    });

    it("disables the admin account in Kubernetes mode unless a password is configured", () => {
      expect(load({ KUBECONFIG: kubeconfig }).admin.enabled).toBe(false);
      expect(load({ KUBECONFIG: kubeconfig, ADMIN_ACCOUNT_PASSWORD: "pw", ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: signingKey }).admin.enabled).toBe(true);
    });
  });

  describe("TLS", () => {
    it("is on when both paths are set", () => {
      expect(load({ TLS_CERT_PATH: cert, TLS_KEY_PATH: key }).server.tls).toEqual({ certPath: cert, keyPath: key });
    });

    it("stays off with TLS_ENABLED=false", () => {
      expect(load({ TLS_CERT_PATH: cert, TLS_KEY_PATH: key, TLS_ENABLED: "false" }).server.tls).toBeUndefined();
    });
  });

  describe("bad settings", () => {
    it("lists every problem, each naming its setting, in one line", () => {
      let error: unknown;
      try {
        load({ PORT: "abc", LOG_LEVEL: "loud", MAX_REQUEST_BYTES: "lots", WATCH_HEARTBEAT_INTERVAL: "soon" }, ["--bogus"]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const { problems, message } = error as ConfigError;
      expect(problems).toEqual([
        "--bogus: unknown argument (see --help)",
        'PORT: must be a port number from 0 to 65535, got "abc"',
        'MAX_REQUEST_BYTES: must be a size from 1 byte to 4GiB, such as 4194304 or 4MiB, got "lots"',
        'LOG_LEVEL: must be one of trace, debug, info, warn, error, fatal, silent, got "loud"',
        'WATCH_HEARTBEAT_INTERVAL: must be a duration such as "15s" or "1h30m" greater than zero, got "soon"',
      ]);
      expect(message).not.toContain("\n");
    });

    it.each<[string, Record<string, string>, string[], string]>([
      ["a missing flag value", {}, ["--port"], "--port: needs a value"],
      ["a port out of range", { PORT: "65536" }, [], 'PORT: must be a port number from 0 to 65535, got "65536"'],
      ["a missing kubeconfig file", { KUBECONFIG: "/nope/kubeconfig" }, [], 'KUBECONFIG: file does not exist or is not readable, got "/nope/kubeconfig"'],
      ["only one TLS path", { TLS_CERT_PATH: cert }, [], "TLS_KEY_PATH: must be set together with TLS_CERT_PATH"],
      ["TLS_ENABLED without paths", { TLS_ENABLED: "true" }, [], "TLS_ENABLED: needs both TLS_CERT_PATH and TLS_KEY_PATH"],
      [
        "a CORS origin with a path",
        { CORS_ALLOWED_ORIGINS: "https://ui.example.com/app" },
        [],
        'CORS_ALLOWED_ORIGINS: "https://ui.example.com/app" is not an origin like https://ui.example.com or *, got "https://ui.example.com/app"',
      ],
      ["OIDC without a client ID", { OIDC_ISSUER_URL: "https://idp.example.com" }, [], "OIDC_ENABLED: needs OIDC_CLIENT_ID"],
      [
        "an http issuer off loopback",
        { OIDC_ISSUER_URL: "http://idp.example.com", OIDC_CLIENT_ID: "x" },
        [],
        'OIDC_ISSUER_URL: must be an https URL (http only on loopback), got "http://idp.example.com"',
      ],
      [
        "both password and hash",
        { ADMIN_ACCOUNT_PASSWORD: "a", ADMIN_ACCOUNT_PASSWORD_HASH: `$2a$10$${"a".repeat(53)}` },
        [],
        "ADMIN_ACCOUNT_PASSWORD: set either it or ADMIN_ACCOUNT_PASSWORD_HASH, not both",
      ],
      ["a short signing key", { ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "short" }, [], "ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: must be at least 32 characters"],
      [
        "an admin account in Kubernetes mode without a key",
        { KUBECONFIG: kubeconfig, ADMIN_ACCOUNT_PASSWORD: "pw" },
        [],
        "ADMIN_ACCOUNT_ENABLED: in Kubernetes mode the admin account needs ADMIN_ACCOUNT_TOKEN_SIGNING_KEY",
      ],
      [
        "a bad namespace",
        { GLOBAL_SERVICE_ACCOUNT_NAMESPACES: "ok,Not_OK" },
        [],
        'GLOBAL_SERVICE_ACCOUNT_NAMESPACES: "Not_OK" is not a valid namespace name, got "ok,Not_OK"',
      ],
      ["a bad boolean", { KARGO_DEMO: "maybe" }, [], 'KARGO_DEMO: must be true or false, got "maybe"'],
    ])("reports %s", (_, env, argv, problem) => {
      expect(problemsOf(env, argv)).toEqual([problem]);
    });

    it("never echoes a secret it rejects", () => {
      const problems = problemsOf({ ADMIN_ACCOUNT_PASSWORD_HASH: "not-a-hash-s3cret", ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "tiny-s3cret" });
      expect(problems).toHaveLength(2);
      expect(problems.join(" ")).not.toContain("s3cret");
    });
  });
});
