import { readFileSync, rmSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { writeThrowawayCertificate } from "../support/throwaway-certificate.js";
import { useApiServer } from "../support/use-api-server.js";

// A throw-away self-signed certificate for 127.0.0.1.
const { dir, certPath, keyPath } = writeThrowawayCertificate("kargo-api-tls-");
const ca = readFileSync(certPath);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("API server over TLS", () => {
  const api = useApiServer({ env: { TLS_CERT_PATH: certPath, TLS_KEY_PATH: keyPath } });

  it("serves https", () => {
    expect(api.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each([
    ["Connect over HTTP/2 (ALPN)", () => createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "2", nodeOptions: { ca } })],
    ["Connect over HTTP/1.1 (fallback)", () => createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1", nodeOptions: { ca } })],
    ["gRPC", () => createGrpcTransport({ baseUrl: api.baseUrl, nodeOptions: { ca } })],
    ["gRPC-Web over HTTP/1.1", () => createGrpcWebTransport({ baseUrl: api.baseUrl, httpVersion: "1.1", nodeOptions: { ca } })],
  ])("answers unary and streaming calls with %s", async (_, make) => {
    const transport = make();
    const res = await createClient(SystemService, transport).getVersionInfo({});
    expect(res.versionInfo?.nodeVersion).toBe(process.version);
    const abort = new AbortController();
    for await (const h of createClient(Health, transport).watch({}, { signal: abort.signal })) {
      expect(h.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
      abort.abort();
      break;
    }
  });

  it("refuses a client that does not trust the certificate", async () => {
    const client = createClient(SystemService, createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" }));
    await expect(client.getVersionInfo({})).rejects.toThrow();
  });
});
