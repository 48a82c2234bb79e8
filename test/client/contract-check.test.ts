import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import {
  CONTRACT_VERSION,
  createAuthInterceptor,
  createContractCheckInterceptor,
  createKargoClient,
  kargoClientsFor,
  staticToken,
} from "../../src/client/index.js";
import { useKargoStack } from "../support/use-kargo-stack.js";

/** Counts the calls of each procedure that reach the wire. */
function callCounter(): { interceptor: Interceptor; calls: (method: string) => number } {
  const seen = new Map<string, number>();
  return {
    interceptor: (next) => (req) => {
      seen.set(req.method.name, (seen.get(req.method.name) ?? 0) + 1);
      return next(req);
    },
    calls: (method) => seen.get(method) ?? 0,
  };
}

describe("the contract version check", () => {
  const stack = useKargoStack();

  it("GetVersionInfo reports the contract version the client kit was built for", async () => {
    const kargo = createKargoClient(stack().baseUrl, { auth: staticToken(stack().adminToken) });
    expect((await kargo.system.getVersionInfo({})).versionInfo?.contractVersion).toBe(CONTRACT_VERSION);
  });

  it("createKargoClient checks once, before its first call, and then lets calls through", async () => {
    const counter = callCounter();
    const kargo = createKargoClient(stack().baseUrl, { auth: staticToken(stack().adminToken), interceptors: [counter.interceptor] });
    await Promise.all([kargo.projects.listProjects({}), kargo.auth.whoAmI({})]);
    await kargo.projects.listProjects({});
    expect(counter.calls("GetVersionInfo")).toBe(1);
    expect(counter.calls("ListProjects")).toBe(2);
  });

  it("contractCheck: false makes no check", async () => {
    const counter = callCounter();
    const kargo = createKargoClient(stack().baseUrl, { auth: staticToken(stack().adminToken), interceptors: [counter.interceptor], contractCheck: false });
    await kargo.projects.listProjects({});
    expect(counter.calls("GetVersionInfo")).toBe(0);
  });

  it("a client of another major version fails every call, streams included, with an error naming both versions", async () => {
    // A client kit built for contract 2.0.0 talking to this (1.x) server.
    const auth = createAuthInterceptor(staticToken(stack().adminToken));
    const authenticated = createConnectTransport({ baseUrl: stack().baseUrl, httpVersion: "1.1", interceptors: [auth] });
    const check = createContractCheckInterceptor(authenticated, { clientVersion: "2.0.0" });
    const kargo = kargoClientsFor(createConnectTransport({ baseUrl: stack().baseUrl, httpVersion: "1.1", interceptors: [check, auth] }));
    const expected = `incompatible Kargo API contract: this client speaks 2.0.0, the server at ${stack().baseUrl} speaks ${CONTRACT_VERSION}; use a client of contract ${CONTRACT_VERSION.split(".")[0]}.x`;
    for (const call of [() => kargo.projects.listProjects({}), () => kargo.auth.whoAmI({})]) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(error?.code).toBe(Code.FailedPrecondition);
      expect(error?.rawMessage).toBe(expected);
    }
    await expect(
      (async () => {
        for await (const _ of kargo.promotions.watchPromotions({ project: "any" })) break;
      })(),
    ).rejects.toMatchObject({ code: Code.FailedPrecondition, rawMessage: expected });
  });

  it("without a token the check stays undecided and the call gets the server's own answer", async () => {
    const counter = callCounter();
    const kargo = createKargoClient(stack().baseUrl, { interceptors: [counter.interceptor] });
    expect((await kargo.system.getPublicConfig({})).adminAccountEnabled).toBe(true);
    await kargo.system.getPublicConfig({});
    // One refused check (UNAUTHENTICATED), not one per call.
    expect(counter.calls("GetVersionInfo")).toBe(1);
  });
});
