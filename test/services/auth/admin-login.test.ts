import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { decodeJwt } from "jose";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { createLoginRateLimiter } from "../../../src/auth/admin/login-rate-limiter.js";
import { createClaimsIndex } from "../../../src/auth/claims-index/claims-index.js";
import { startAuth } from "../../../src/auth/start-auth.js";
import { createAuthService } from "../../../src/services/auth/auth-service.js";
import { codeOf } from "../../auth/support/expect-code.js";
import { ADMIN_AUDIENCE, ADMIN_ISSUER, ADMIN_PASSWORD, useAuthStack } from "../../auth/support/start-auth-stack.js";
import { authServiceOf } from "../../../src/services/auth/auth-service-of.js";
import { adminAuthSettings } from "../../auth/support/admin-auth-settings.js";

describe("AuthService.AdminLogin", () => {
  const stack = useAuthStack({ loginRateLimit: { maxFailures: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
  const auth = () => stack().client(AuthService);

  describe("with an empty password", () => {
    it("answers INVALID_ARGUMENT", async () => {
      expect(await codeOf(auth().adminLogin({ password: "" }))).toBe(Code.InvalidArgument);
    });
  });

  describe("with the right password", () => {
    it("returns an HS256 admin token that authenticates WhoAmI", async () => {
      const { idToken, expireTime } = await auth().adminLogin({ password: ADMIN_PASSWORD });
      const claims = decodeJwt(idToken);
      expect(claims).toMatchObject({ iss: ADMIN_ISSUER, aud: ADMIN_AUDIENCE, sub: "admin" });
      expect(Number(expireTime?.seconds)).toBe(claims.exp);
      const me = await stack().client(AuthService, `Bearer ${idToken}`).whoAmI({});
      expect(me.admin).toBe(true);
    });
  });

  describe("with a wrong password, repeatedly", () => {
    it("answers PERMISSION_DENIED, then RESOURCE_EXHAUSTED with retry-after once the limit is reached, even for the right password", async () => {
      for (let i = 0; i < 3; i++) {
        expect(await codeOf(auth().adminLogin({ password: `wrong-${i}` }))).toBe(Code.PermissionDenied);
      }
      const limited = await auth()
        .adminLogin({ password: "wrong-again" })
        .catch((e: unknown) => ConnectError.from(e));
      expect(limited).toBeInstanceOf(ConnectError);
      expect((limited as ConnectError).code).toBe(Code.ResourceExhausted);
      expect(Number((limited as ConnectError).metadata.get("retry-after"))).toBeGreaterThan(50);
      expect(await codeOf(auth().adminLogin({ password: ADMIN_PASSWORD }))).toBe(Code.ResourceExhausted);
    });
  });
});

describe("AuthService.AdminLogin with the admin account disabled", () => {
  it("answers FAILED_PRECONDITION", async () => {
    const transport = createRouterTransport(({ service }) => {
      service(
        AuthService,
        createAuthService({ admin: undefined, rateLimiter: createLoginRateLimiter(), clientAddressOf: () => "x", claimsIndex: createClaimsIndex() }),
      );
    });
    const client = createClient(AuthService, transport);
    expect(await codeOf(client.adminLogin({ password: "anything" }))).toBe(Code.FailedPrecondition);
  });
});

describe("startAuth in embedded mode without a configured admin password", () => {
  const stack = useAuthStack();
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "admin-first-start-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const settings = () => adminAuthSettings({}, dataDir);

  it("shows a generated password once, and accepts it again after a restart", async () => {
    const shown: string[] = [];
    const deps = { kubeConfig: stack().kubeConfig, caches: stack().caches, onGeneratedAdminPassword: (p: string) => shown.push(p) };
    const first = await startAuth(settings(), deps);
    await first.stop();
    const second = await startAuth(settings(), deps);
    try {
      expect(shown).toHaveLength(1);
      const client = createClient(
        AuthService,
        createRouterTransport(({ service }) =>
          service(
            AuthService,
            authServiceOf(second, () => "x"),
          ),
        ),
      );
      const { idToken } = await client.adminLogin({ password: shown[0]! });
      expect(decodeJwt(idToken).sub).toBe("admin");
      expect(await codeOf(client.adminLogin({ password: "guess" }))).toBe(Code.PermissionDenied);
    } finally {
      await second.stop();
    }
  });
});
