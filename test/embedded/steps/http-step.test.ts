import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
import { connect, type AddressInfo, type Socket } from "node:net";
import type { Promotion } from "../../../src/domain/types.js";
import { createSelfSignedCertificate } from "../../../src/embedded/tls/create-self-signed-certificate.js";
import { createFreight, createPromotion, createStage, terminalPromotion } from "../controllers/support/kargo-objects.js";
import { useControllers } from "../controllers/support/use-controllers.js";

const PROJECT = "http-step";

/**
 * A forward proxy as small as the protocol allows: absolute-form requests are relayed to their
 * origin, CONNECT opens a TCP tunnel. It records what it was asked, so a test can tell that a
 * request went through it.
 */
async function startForwardProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer((incoming, outgoing) => {
    seen.push(`${incoming.method} ${incoming.url}`);
    const upstream = request(incoming.url!, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on("error", () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  proxy.on("connect", (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${incoming.url}`);
    const [host, port] = incoming.url!.split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

/** The http step's polling, failure and error messages, and its proxy and TLS settings. */
describe("the http step as Kargo documents it", () => {
  const fixture = useControllers();
  let server: Server;
  let tlsServer: TlsServer;
  let base = "";
  let tlsBase = "";
  let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
  /** Requests per path. */
  const hits = new Map<string, number>();

  beforeAll(async () => {
    await fixture.createProject(PROJECT);
    const answer = (path: string, count: number): [number, unknown] => {
      if (path === "/job") return [200, { state: count >= 2 ? "done" : "pending", attempt: count }];
      if (path === "/forever") return [200, { state: "pending" }];
      if (path === "/gone") return [404, { message: "resource not found" }];
      if (path === "/disabled") return [403, { error: "resource is disabled" }];
      return [200, { path }];
    };
    const handler = (req: IncomingMessage, res: import("node:http").ServerResponse) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const count = (hits.get(path) ?? 0) + 1;
      hits.set(path, count);
      const [status, body] = answer(path, count);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tlsServer = createTlsServer(createSelfSignedCertificate("http-step-test", ["127.0.0.1"], 1), handler);
    await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
    tlsBase = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    proxy = await startForwardProxy();
  });

  afterAll(async () => {
    await proxy?.close();
    await new Promise((resolve) => server?.close(resolve));
    await new Promise((resolve) => tlsServer?.close(resolve));
  });

  let freight: string | undefined;
  let count = 0;
  async function promote(steps: unknown[]): Promise<Promotion> {
    const stage = await createStage(fixture.client, PROJECT, `s${++count}`, { warehouse: "images", steps: steps as never });
    freight ??= (await createFreight(fixture.client, PROJECT, "images", { images: [{ repoURL: "example.com/app", tag: "1.0.0" }] })).metadata.name!;
    return terminalPromotion(fixture.client, PROJECT, (await createPromotion(fixture.client, stage, freight)).metadata.name!);
  }
  const outputs = (promotion: Promotion) => promotion.status?.["state"] as Record<string, Record<string, unknown>>;

  it("polls while neither expression is met: the request is repeated after the poll interval until success", async () => {
    const promotion = await promote([
      {
        uses: "http",
        as: "job",
        config: {
          url: `${base}/job`,
          pollInterval: "1s",
          successExpression: "response.body.state == 'done'",
          failureExpression: "response.body.state == 'failed'",
          outputs: [{ name: "attempt", fromExpression: "response.body.attempt" }],
        },
      },
    ]);
    expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
    // The first answer was "pending" (Running, not an error), the second "done".
    expect(outputs(promotion)["job"]).toEqual({ attempt: 2 });
    expect(hits.get("/job")).toBe(2);
    const step = (promotion.status?.["stepExecutionMetadata"] as { status: string; errorCount?: number }[])[0]!;
    expect([step.status, step.errorCount ?? 0]).toEqual(["Succeeded", 0]);
  });

  it("errors when the step's retry timeout passes while it polls", async () => {
    const promotion = await promote([
      { uses: "http", retry: { timeout: "1s" }, config: { url: `${base}/forever`, successExpression: "response.body.state == 'done'" } },
    ]);
    expect(promotion.status?.["phase"]).toBe("Errored");
    expect(promotion.status?.["message"]).toContain("HTTP (200) response does not meet the success criteria yet (retry timeout 1s reached)");
    // Asked at least once (and once more when the timeout came, unless the first answer took longer).
    expect(hits.get("/forever")).toBeGreaterThanOrEqual(1);
  });

  it("fails terminally with the errorExpression's text when failureExpression is met", async () => {
    const promotion = await promote([
      {
        uses: "http",
        config: {
          url: `${base}/gone`,
          successExpression: "response.status == 200",
          failureExpression: "response.status >= 400 && response.status < 500",
          errorExpression: "response.body?.message ?? response.body?.error",
        },
      },
    ]);
    expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual([
      "Failed",
      'step "step-0" failed: step "http": HTTP (404) response met failure criteria: "resource not found"',
    ]);
    const other = await promote([
      {
        uses: "http",
        config: {
          url: `${base}/disabled`,
          successExpression: "response.status == 200",
          failureExpression: "response.status >= 400",
          errorExpression: "response.body?.message ?? response.body?.error",
        },
      },
    ]);
    expect(other.status?.["message"]).toContain('HTTP (403) response met failure criteria: "resource is disabled"');
  });

  it("uses the default message when the errorExpression gives no text, and errors when it does not compile", async () => {
    const plain = await promote([
      { uses: "http", config: { url: `${base}/gone`, failureExpression: "response.status == 404", errorExpression: "response.body.missing.field" } },
    ]);
    expect([plain.status?.["phase"], plain.status?.["message"]]).toEqual([
      "Failed",
      'step "step-0" failed: step "http": HTTP (404) response met failure criteria',
    ]);
    const malformed = await promote([
      { uses: "http", config: { url: `${base}/gone`, failureExpression: "response.status == 404", errorExpression: "response.body.(" } },
    ]);
    expect(malformed.status?.["phase"]).toBe("Errored");
    expect(malformed.status?.["message"]).toContain('step "http": config.errorExpression:');
  });

  it("sends the request through the proxy (absolute-form for http://, a CONNECT tunnel for https://)", async () => {
    const promotion = await promote([
      { uses: "http", as: "plain", config: { url: `${base}/via-proxy`, proxy: proxy.url, outputs: [{ name: "path", fromExpression: "response.body.path" }] } },
      {
        uses: "http",
        as: "tls",
        config: {
          url: `${tlsBase}/via-tunnel`,
          proxy: proxy.url,
          insecureSkipTLSVerify: true,
          outputs: [{ name: "path", fromExpression: "response.body.path" }],
        },
      },
    ]);
    expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
    expect(outputs(promotion)["plain"]).toEqual({ path: "/via-proxy" });
    expect(outputs(promotion)["tls"]).toEqual({ path: "/via-tunnel" });
    expect(proxy.seen).toEqual([`GET ${base}/via-proxy`, `CONNECT ${tlsBase.replace("https://", "")}`]);
  });

  it("verifies the server's certificate unless insecureSkipTLSVerify is set, and refuses a proxy without a scheme", async () => {
    const verified = await promote([{ uses: "http", config: { url: `${tlsBase}/strict` } }]);
    expect(verified.status?.["phase"]).toBe("Errored");
    expect(verified.status?.["message"]).toMatch(/self[- ]signed certificate/u);
    const badProxy = await promote([{ uses: "http", config: { url: `${base}/x`, proxy: "127.0.0.1:3128" } }]);
    expect([badProxy.status?.["phase"], badProxy.status?.["message"]]).toEqual([
      "Failed",
      'step "step-0" failed: step "http": config.proxy "127.0.0.1:3128" must be a URL with an http:// or https:// scheme',
    ]);
  });
});
