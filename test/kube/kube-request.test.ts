import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { kubeRequest, readResponseText } from "../../src/kube/kube-request.js";

describe("kubeRequest", () => {
  let server: Server;
  let kubeConfig: KubeConfig;
  // Two-, three- and four-byte characters; the body is sent in pieces that end inside characters.
  const description = "déploiement ✓ 日本 🚀 ".repeat(500);
  const body = Buffer.from(JSON.stringify({ kind: "Stage", metadata: { annotations: { description } } }));

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      // Chunked transfer: each write is one HTTP chunk, delivered to the reader as one piece.
      for (let at = 0; at < body.length; at += 1001) response.write(body.subarray(at, at + 1001));
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: "loopback", server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: "anonymous" }],
      contexts: [{ name: "loopback", cluster: "loopback", user: "anonymous" }],
      currentContext: "loopback",
    });
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("decodes a body whose chunks end inside characters", async () => {
    const chunks = [body.subarray(0, 1001), body.subarray(1001, 1002), body.subarray(1002, 5003), body.subarray(5003)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
        controller.close();
      },
    });
    const text = await readResponseText({
      stream: () => stream,
      text: () => Promise.reject(new Error("not read whole")),
      binary: () => Promise.reject(new Error("not read whole")),
    });
    expect(text).toBe(body.toString("utf8"));
  });

  it("answers the parsed JSON of a UTF-8 body sent in chunked pieces that split characters", async () => {
    // 1001 is odd and not a multiple of any character's length: most piece boundaries fall inside one.
    expect(body.length).toBeGreaterThan(10 * 1001);
    const answer = (await kubeRequest(kubeConfig, { method: "GET", path: "/apis/kargo.akuity.io/v1alpha1/namespaces/a/stages/b" })) as {
      metadata: { annotations: { description: string } };
    };
    expect(answer.metadata.annotations.description).toBe(description);
  });
});
