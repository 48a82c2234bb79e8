import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseImageRepository } from "../../../src/embedded/registry/image-repository.js";
import { createRegistryClient } from "../../../src/embedded/registry/registry-client.js";
import { isRegistryError } from "../../../src/embedded/registry/registry-error.js";
import { parseRetryAfter, registryRequest } from "../../../src/embedded/registry/registry-request.js";
import { withRetryAfterReporter, type RetryAfterWait } from "../../../src/embedded/registry/retry-after-reporter.js";

/** A loopback HTTP server whose handler each test sets; it counts requests by path. */
function startServer(): Promise<{
  server: Server;
  origin: string;
  seen: string[];
  handle: (handler: (request: IncomingMessage, response: ServerResponse) => void) => void;
}> {
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => void response.writeHead(404).end();
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.url ?? "");
    handler(request, response);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, handle: (h) => (handler = h) }),
    ),
  );
}

describe("Retry-After on 429 and 503 from registries and chart repositories", () => {
  let peer: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    peer = await startServer();
  });
  afterAll(() => new Promise<void>((resolve) => peer.server.close(() => resolve())));
  beforeEach(() => peer.seen.splice(0));

  it("reads delta-seconds and HTTP dates, and nothing else", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(5000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:30:00 GMT"))).toBe(0);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it("waits as a 429 tells, reports the wait to the discovery it belongs to, then gets the answer", async () => {
    let calls = 0;
    peer.handle((_request, response) => {
      calls++;
      if (calls === 1) return void response.writeHead(429, { "Retry-After": "1" }).end();
      response.writeHead(200).end("ok");
    });
    const waits: RetryAfterWait[] = [];
    const started = performance.now();
    const response = await withRetryAfterReporter(
      (wait) => waits.push(wait),
      () => registryRequest(new URL(`${peer.origin}/v2/`), { maxBytes: 1024 }),
    );
    expect([response.status, response.body.toString()]).toEqual([200, "ok"]);
    expect(peer.seen).toEqual(["/v2/", "/v2/"]);
    expect(waits.map((w) => [w.status, w.waitMs, w.url.pathname])).toEqual([[429, 1000, "/v2/"]]);
    // It did wait (the second request came no sooner than asked), whatever the machine's speed.
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("does not wait out a Retry-After beyond the maximum: the failure says how long, for the Warehouse's backoff", async () => {
    peer.handle((_request, response) => void response.writeHead(503, { "Retry-After": "3600" }).end());
    const response = await registryRequest(new URL(`${peer.origin}/v2/`), { maxBytes: 1024 });
    expect([response.status, response.retryAfterMs, peer.seen.length]).toEqual([503, 3_600_000, 1]);
  });

  it("a registry client listing tags behind a 429 gets them after the wait; a 503 without Retry-After fails at once", async () => {
    let calls = 0;
    peer.handle((request, response) => {
      if (request.url === "/v2/") return void response.writeHead(200).end("{}");
      calls++;
      if (calls === 1) return void response.writeHead(429, { "Retry-After": "0" }).end();
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ name: "acme/web", tags: ["1.0.0", "1.1.0"] }));
    });
    const client = createRegistryClient({ repository: parseImageRepository(`${peer.origin.replace("http://", "")}/acme/web`) });
    expect(await client.listTags()).toEqual(["1.0.0", "1.1.0"]);
    expect(peer.seen.filter((path) => path.startsWith("/v2/acme/web/tags/list")).length).toBe(2);

    peer.handle((_request, response) => void response.writeHead(503).end());
    const failure = await client.listTags().catch((error: unknown) => error);
    expect(isRegistryError(failure) && [failure.reason, failure.retryAfterMs]).toEqual(["RegistryUnavailable", undefined]);
  });

  it("a cancelled discovery stops waiting", async () => {
    peer.handle((_request, response) => void response.writeHead(429, { "Retry-After": "50" }).end());
    const controller = new AbortController();
    const pending = registryRequest(new URL(`${peer.origin}/v2/`), { maxBytes: 1024, signal: controller.signal });
    await new Promise<void>((resolve) => {
      const check = () => (peer.seen.length > 0 ? resolve() : setTimeout(check, 10));
      check();
    });
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(peer.seen.length).toBe(1);
  });
});
