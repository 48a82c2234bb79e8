import { loadConfig } from "../../src/config/load-config.js";
import { Invalid } from "../../src/config/setting.js";
import { bool } from "../../src/config/setting-parsers.js";
import { setting, settings } from "../../src/config/settings.js";

describe("the settings catalogue", () => {
  it("names each setting once, by its environment variable", () => {
    expect(Object.entries(setting).map(([key, s]) => [key, s.env])).toEqual(settings.map((s) => [s.env, s.env]));
    expect(new Set(settings.flatMap((s) => (s.flag ? [s.flag] : []))).size).toBe(settings.filter((s) => s.flag).length);
  });

  it.each(settings.filter((s) => s.default !== "").map((s) => [s.env, s] as const))("reads the default of %s with its own parser", (_, s) => {
    expect(s.parse(s.default, { cwd: "/" })).not.toBeInstanceOf(Invalid);
  });

  it("gives a default that depends on other settings no default text of its own", () => {
    for (const s of settings.filter((s) => s.derivedDefault !== undefined)) expect([s.env, s.default]).toEqual([s.env, ""]);
  });

  it("gives exactly the true/false settings' flags no value", () => {
    const flagged = settings.filter((s) => s.flag !== undefined);
    expect(flagged.filter((s) => s.boolean).map((s) => s.env)).toEqual(flagged.filter((s) => s.parse === bool).map((s) => s.env));
  });

  it("is where loading takes its defaults from", () => {
    const loaded = loadConfig({ argv: [], env: {}, cwd: "/tmp" });
    if (loaded.help) throw new Error("unexpected help");
    const { config } = loaded;
    const parsed = <T>(s: { default: string; parse: (t: string, c: { cwd: string }) => T | Invalid }) => s.parse(s.default, { cwd: "/tmp" });
    expect(config.server.port).toBe(parsed(setting.PORT));
    expect(config.server.maxRequestBytes).toBe(parsed(setting.MAX_REQUEST_BYTES));
    expect(config.audit.maxAgeMs).toBe(parsed(setting.AUDIT_MAX_AGE));
    expect(config.admin.tokenIssuer).toBe(parsed(setting.ADMIN_ACCOUNT_TOKEN_ISSUER));
    expect(config.admin.tokenTtlMs).toBe(parsed(setting.ADMIN_ACCOUNT_TOKEN_TTL));
    expect(config.manifest.parseMemoryMiB).toBe(parsed(setting.MANIFEST_PARSE_MEMORY));
    expect(config.embedded.dataDir).toBe(parsed(setting.KARGO_DATA_DIR));
    expect(config.kargo.argocdNamespace).toBe(parsed(setting.ARGOCD_NAMESPACE));
  });
});
