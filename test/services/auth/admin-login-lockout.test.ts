import bcrypt from "bcryptjs";
import { Code, ConnectError, createClient, createRouterTransport, type Interceptor } from "@connectrpc/connect";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import type { AdminTokenOptions } from "../../../src/auth/admin/admin-token-options.js";
import { createLoginRateLimiter } from "../../../src/auth/admin/login-rate-limiter.js";
import { mintAdminToken } from "../../../src/auth/admin/mint-admin-token.js";
import { createClaimsIndex } from "../../../src/auth/claims-index/claims-index.js";
import { createAuthService } from "../../../src/services/auth/auth-service.js";

// Issue 12 item 14: the admin-login limit was keyed by peer address only, so anyone behind the same
// NAT or ingress could keep the admin out with a few bad passwords a minute. Every client below
// shares one address, as behind an ingress; the clock is the test's, so no test waits for time to pass.
describe("AdminLogin under a password-guessing client sharing the address", () => {
  const PASSWORD = "the-admin-password";
  const key = new TextEncoder().encode("lockout-test-signing-key-0123456789abcdef");
  const token: AdminTokenOptions = { signingKey: key, issuer: "kargo-api", audience: "kargo-api", ttlSeconds: 3600 };
  let passwordHash = "";
  beforeAll(async () => {
    // bcrypt's lowest cost: the guesser makes a hundred checks, and only the rules are under test.
    passwordHash = await bcrypt.hash(PASSWORD, 4);
  });

  function setup() {
    let now = Date.UTC(2026, 0, 1);
    const rateLimiter = createLoginRateLimiter({ now: () => now });
    const service = createAuthService({
      admin: { passwordHash, token },
      rateLimiter,
      clientAddressOf: () => "203.0.113.7",
      claimsIndex: createClaimsIndex(),
      now: () => now,
    });
    const client = (authorization?: string) => {
      const interceptors: Interceptor[] = authorization === undefined ? [] : [(next) => (req) => (req.header.set("authorization", authorization), next(req))];
      return createClient(
        AuthService,
        createRouterTransport(({ service: s }) => s(AuthService, service), { transport: { interceptors } }),
      );
    };
    /** One attempt: "OK", or the error code and retry-after (ms). */
    const login = async (password: string, authorization?: string) => {
      try {
        const { idToken } = await client(authorization).adminLogin({ password });
        return { code: "OK" as const, idToken, retryAfterMs: 0 };
      } catch (error) {
        const e = ConnectError.from(error);
        return { code: e.code, idToken: "", retryAfterMs: Number(e.metadata.get("retry-after") ?? 0) * 1000 };
      }
    };
    /**
     * The guesser: a wrong password whenever it is allowed to try, for `ms` of the test's clock; it
     * stops right after a guess, so the address is then waiting as long as the guesser can make it.
     */
    const guessFor = async (ms: number) => {
      const end = now + ms;
      let guesses = 0;
      for (;;) {
        const result = await login(`guess-${guesses}`);
        if (result.code === Code.PermissionDenied) {
          guesses++;
          if (now >= end) return guesses;
        } else {
          now += Math.max(result.retryAfterMs, 1);
        }
      }
    };
    return { login, guessFor, advance: (ms: number) => (now += ms), now: () => now };
  }

  it("never makes a client wait more than 30 s, and bounds the guesser to about 2 guesses a minute", async () => {
    const { login, guessFor } = setup();
    const guesses = await guessFor(30 * 60_000);
    // 5 free, 5 more while the wait doubles to 30 s, then 2 a minute (the old limit allowed 5 a minute).
    expect(guesses).toBeLessThanOrEqual(5 + 5 + 2 * 30);
    const refused = await login(PASSWORD);
    expect(refused.code).toBe(Code.ResourceExhausted);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("lets in at once a client presenting an admin token it got earlier, even an expired one", async () => {
    const { login, guessFor, advance, now } = setup();
    const first = await login(PASSWORD);
    expect(first.code).toBe("OK");
    advance(2 * 3600_000); // the token has expired
    await guessFor(30 * 60_000);
    expect((await login(PASSWORD)).code).toBe(Code.ResourceExhausted);
    const again = await login(PASSWORD, `Bearer ${first.idToken}`);
    expect(again.code).toBe("OK");
    // A token not signed by this server (or signed under another password) proves nothing.
    const forged = await mintAdminToken({ ...token, signingKey: new TextEncoder().encode("another-signing-key-0123456789abcdef") }, new Date(now()));
    expect((await login(PASSWORD, `Bearer ${forged.token}`)).code).toBe(Code.ResourceExhausted);
  });

  it("does not let the guesser use a proof it does not have to escape the address's wait", async () => {
    const { login, guessFor } = setup();
    await guessFor(10 * 60_000);
    expect((await login("guess", "Bearer not-a-token")).code).toBe(Code.ResourceExhausted);
  });
});
