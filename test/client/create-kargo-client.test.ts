import { createServer, type AddressInfo } from "node:net";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { adminLogin, createKargoClient, createKargoWebClient, staticToken, type TokenSource } from "../../src/client/index.js";
import { STACK_ADMIN_PASSWORD, useKargoStack } from "../support/use-kargo-stack.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An interceptor counting the attempts it sees (it runs inside the retry interceptor). */
function attemptCounter(): { interceptor: Interceptor; count: () => number } {
  let n = 0;
  return { interceptor: (next) => (req) => (n++, next(req)), count: () => n };
}

async function codeOf(promise: Promise<unknown>): Promise<Code> {
  try {
    await promise;
  } catch (e) {
    return ConnectError.from(e).code;
  }
  throw new Error("expected the call to fail");
}

describe("createKargoClient", () => {
  const stack = useKargoStack({ env: { ADMIN_ACCOUNT_TOKEN_TTL: "1h" } });
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy(stack().baseUrl);
    await createKargoClient(stack().baseUrl, { auth: staticToken(stack().adminToken) }).projects.createProject({ name: "kit" });
  });
  afterAll(() => proxy.close());

  describe("with a static token", () => {
    it("calls every service with it (Node transport)", async () => {
      const kargo = createKargoClient(stack().baseUrl, { auth: staticToken(stack().adminToken) });
      expect((await kargo.auth.whoAmI({})).authMethod).toBe("admin");
      expect((await kargo.projects.listProjects({})).projects.map((p) => p.metadata?.name)).toContain("kit");
      expect((await kargo.system.getVersionInfo({})).versionInfo?.nodeVersion).toBe(process.version);
    });

    it("works the same over the browser transport (connect-web on fetch), streams included", async () => {
      const kargo = createKargoWebClient(stack().baseUrl, { auth: staticToken(stack().adminToken) });
      expect((await kargo.auth.whoAmI({})).authMethod).toBe("admin");
      for await (const event of kargo.warehouses.watchWarehouses({ project: "kit" })) {
        // An empty project: the snapshot is only its ending BOOKMARK.
        expect(event.type).toBe(WatchEventType.BOOKMARK);
        break;
      }
    });
  });

  it("without auth, calls that need a token are UNAUTHENTICATED", async () => {
    expect(await codeOf(createKargoClient(stack().baseUrl).auth.whoAmI({}))).toBe(Code.Unauthenticated);
  });

  describe("with adminLogin", () => {
    it("logs in once and reuses the token while it is valid", async () => {
      const before = proxy.requestsTo("AdminLogin");
      const kargo = createKargoClient(proxy.url, { auth: adminLogin({ password: STACK_ADMIN_PASSWORD }) });
      await Promise.all([kargo.auth.whoAmI({}), kargo.auth.whoAmI({})]);
      await kargo.projects.listProjects({});
      expect(proxy.requestsTo("AdminLogin") - before).toBe(1);
    });

    it("logs in again when the token is within refreshBeforeMs of its expiry", async () => {
      const before = proxy.requestsTo("AdminLogin");
      // The stack's tokens live 1 h: with a margin above that, every token is already "expiring".
      // One login per call is what is counted: the contract check's call would be one more.
      const kargo = createKargoClient(proxy.url, { auth: adminLogin({ password: STACK_ADMIN_PASSWORD, refreshBeforeMs: 2 * 3600_000 }), contractCheck: false });
      for (let i = 0; i < 3; i++) expect((await kargo.auth.whoAmI({})).admin).toBe(true);
      expect(proxy.requestsTo("AdminLogin") - before).toBe(3);
    });

    it("fails the call with the login's error when the password is wrong", async () => {
      const kargo = createKargoClient(stack().baseUrl, { auth: adminLogin({ password: "wrong" }) });
      expect(await codeOf(kargo.auth.whoAmI({}))).toBe(Code.PermissionDenied);
    });
  });

  describe("the auth interceptor", () => {
    it("after UNAUTHENTICATED, invalidates the token source and repeats a unary call once with a fresh token", async () => {
      let invalidated = 0;
      const source: TokenSource = {
        getToken: async () => (invalidated === 0 ? "stale-token" : stack().adminToken),
        invalidate: () => void invalidated++,
      };
      const kargo = createKargoClient(stack().baseUrl, { auth: source });
      expect((await kargo.auth.whoAmI({})).subject).toBe("admin");
      expect(invalidated).toBe(1);
    });
  });

  describe("retries", () => {
    it("retries a NO_SIDE_EFFECTS call on UNAVAILABLE, a bounded number of times", async () => {
      const attempts = attemptCounter();
      const kargo = createKargoClient(`http://127.0.0.1:${await closedPort()}`, {
        retry: { maxAttempts: 3, initialDelayMs: 10 },
        interceptors: [attempts.interceptor],
      });
      expect(await codeOf(kargo.projects.listProjects({}))).toBe(Code.Unavailable);
      expect(attempts.count()).toBe(3);
    });

    it("never repeats a call with side effects", async () => {
      const attempts = attemptCounter();
      const kargo = createKargoClient(`http://127.0.0.1:${await closedPort()}`, {
        retry: { maxAttempts: 3, initialDelayMs: 10 },
        interceptors: [attempts.interceptor],
      });
      expect(await codeOf(kargo.projects.createProject({ name: "never" }))).toBe(Code.Unavailable);
      expect(attempts.count()).toBe(1);
    });

    it("gets through connections reset by the peer", async () => {
      const kargo = createKargoClient(proxy.url, { auth: staticToken(stack().adminToken), retry: { initialDelayMs: 10 } });
      proxy.cutAll();
      await new Promise((r) => setTimeout(r, 50));
      const before = proxy.connections();
      proxy.dropNext(2);
      expect((await kargo.projects.getProject({ name: "kit" })).result.case).toBe("project");
      expect(proxy.connections() - before).toBe(3);
    });

    it("can be turned off", async () => {
      const attempts = attemptCounter();
      const kargo = createKargoClient(`http://127.0.0.1:${await closedPort()}`, { retry: false, interceptors: [attempts.interceptor] });
      expect(await codeOf(kargo.projects.listProjects({}))).toBe(Code.Unavailable);
      expect(attempts.count()).toBe(1);
    });
  });
});
