import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, createClient, createRouterTransport, type Interceptor } from "@connectrpc/connect";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import type { AuthSettings } from "../../../src/auth/auth-settings.js";
import type { AdminAccountConfig } from "../../../src/config/config.js";
import { adminAuthSettings } from "../support/admin-auth-settings.js";
import { startAuth, type RunningAuth } from "../../../src/auth/start-auth.js";
import { captureLogs } from "../../support/capture-logs.js";
import { STACK_ADMIN_PASSWORD, startKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf } from "../support/expect-code.js";
import { useAuthStack } from "../support/start-auth-stack.js";
import { authServiceOf } from "../../../src/services/auth/auth-service-of.js";

// Issue 12 item 13: with ADMIN_ACCOUNT_PASSWORD set, the first embedded start stored the hash of a
// random password it never showed, so a later start without the variable refused every password.
describe("the admin password of an embedded start", () => {
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "admin-password-source-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  // startKargoStack signs in with STACK_ADMIN_PASSWORD: it starts only when that password works.
  async function start(env: Record<string, string>) {
    const logs = captureLogs("info");
    const stack = await startKargoStack({ logger: logs.logger, env: { KARGO_DATA_DIR: dataDir, ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "", ...env } });
    const source = logs.records().find((r) => typeof r["adminPasswordSource"] === "string");
    return { stack, source, logs };
  }

  it("is the given one, kept for later starts without the variable; the log says which source is in use", async () => {
    const first = await start({ ADMIN_ACCOUNT_PASSWORD: STACK_ADMIN_PASSWORD });
    const token = first.stack.adminToken;
    try {
      expect(first.source).toMatchObject({ adminPasswordSource: "env-password" });
      expect(first.source!["msg"]).toMatch(/ADMIN_ACCOUNT_PASSWORD/);
    } finally {
      await first.stack.close();
    }
    const second = await start({ ADMIN_ACCOUNT_PASSWORD: "" });
    try {
      expect(second.source).toMatchObject({ adminPasswordSource: "stored" });
      expect(second.source!["msg"]).toContain(dataDir);
      // Same password, same key: a token of the first start is still good.
      expect(await codeOf(second.stack.client(AuthService, token).whoAmI({}))).toBe("OK");
      expect(second.logs.lines.join("\n")).not.toContain(STACK_ADMIN_PASSWORD);
    } finally {
      await second.stack.close();
    }
  }, 120_000);
});

// Changing the admin password must invalidate the admin tokens issued under the old one.
describe("admin tokens across admin password changes", () => {
  const kube = useAuthStack();
  let dataDir = "";
  const running: RunningAuth[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "admin-password-change-"));
  });
  afterAll(async () => {
    await Promise.all(running.map((auth) => auth.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  const settings = (admin: Partial<AdminAccountConfig>, withDataDir = true): AuthSettings => adminAuthSettings(admin, withDataDir ? dataDir : undefined);

  /** Starts auth as a server would, and an AuthService client through its interceptors. */
  async function serve(s: AuthSettings) {
    const auth = await startAuth(s, { kubeConfig: kube().kubeConfig, caches: kube().caches });
    running.push(auth);
    const transport = createRouterTransport(
      ({ service }) =>
        service(
          AuthService,
          authServiceOf(auth, () => "127.0.0.1"),
        ),
      { router: { interceptors: [...auth.interceptors] } },
    );
    const as = (token: string) => {
      const bearer: Interceptor = (next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req));
      return createClient(
        AuthService,
        createRouterTransport(
          ({ service }) =>
            service(
              AuthService,
              authServiceOf(auth, () => "127.0.0.1"),
            ),
          { router: { interceptors: [...auth.interceptors] }, transport: { interceptors: [bearer] } },
        ),
      );
    };
    return {
      login: (password: string) => createClient(AuthService, transport).adminLogin({ password }),
      whoAmI: (token: string) => codeOf(as(token).whoAmI({})),
    };
  }

  it("keeps tokens across restarts with the same password, and refuses them once it changes", async () => {
    const first = await serve(settings({ password: "first-password" }));
    const { idToken } = await first.login("first-password");
    expect(await first.whoAmI(idToken)).toBe("OK");

    const again = await serve(settings({ password: "first-password" }));
    expect(await again.whoAmI(idToken)).toBe("OK");
    const stored = await serve(settings({}));
    expect(await stored.whoAmI(idToken)).toBe("OK");

    const changed = await serve(settings({ password: "second-password" }));
    expect(await changed.whoAmI(idToken)).toBe(Code.Unauthenticated);
    expect(await codeOf(changed.login("first-password"))).toBe(Code.PermissionDenied);
    const { idToken: second } = await changed.login("second-password");
    expect(await changed.whoAmI(second)).toBe("OK");
  });

  it("lets replicas sharing the password and signing key accept each other's tokens (no data directory)", async () => {
    const admin = { password: "replica-password", tokenSigningKey: "replica-signing-key-0123456789abcdef" };
    const a = await serve(settings(admin, false));
    const b = await serve(settings(admin, false));
    const { idToken } = await a.login("replica-password");
    expect(await b.whoAmI(idToken)).toBe("OK");
    const rotated = await serve(settings({ ...admin, password: "rotated-password" }, false));
    expect(await rotated.whoAmI(idToken)).toBe(Code.Unauthenticated);
  });
});
