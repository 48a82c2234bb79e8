import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import { StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { useApiServer } from "../support/use-api-server.js";

describe("API server /metrics", () => {
  const api = useApiServer();
  const scrape = async () => {
    const res = await fetch(`${api.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it("counts finished RPCs by procedure, protocol and code, with a latency histogram", async () => {
    const transport = createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" });
    await createClient(SystemService, transport).getVersionInfo({});
    await createClient(SystemService, transport).getVersionInfo({});
    await createClient(StageService, createGrpcTransport({ baseUrl: api.baseUrl }))
      .getStage({})
      .catch(() => {});
    const text = await scrape();
    expect(text).toContain('kargo_api_rpc_handled_total{procedure="/kargo.api.v1.SystemService/GetVersionInfo",protocol="connect",code="ok"} 2');
    expect(text).toContain('kargo_api_rpc_handled_total{procedure="/kargo.api.v1.StageService/GetStage",protocol="grpc",code="unimplemented"} 1');
    expect(text).toContain('kargo_api_rpc_duration_seconds_count{procedure="/kargo.api.v1.SystemService/GetVersionInfo",code="ok"} 2');
  });

  it("counts requests rejected before any handler (malformed JSON) too", async () => {
    await fetch(`${api.baseUrl}/kargo.api.v1.SystemService/GetConfig`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(await scrape()).toContain(
      'kargo_api_rpc_handled_total{procedure="/kargo.api.v1.SystemService/GetConfig",protocol="connect",code="invalid_argument"} 1',
    );
  });

  it("shows open streams while a stream is open, and not after", async () => {
    const client = createClient(Health, createGrpcTransport({ baseUrl: api.baseUrl }));
    const abort = new AbortController();
    const stream = client.watch({}, { signal: abort.signal })[Symbol.asyncIterator]();
    await stream.next();
    expect(await scrape()).toContain('kargo_api_rpc_open_streams{procedure="/grpc.health.v1.Health/Watch"} 1');
    abort.abort();
    await stream.next().catch(() => {});
    // The server notices the client's RST_STREAM asynchronously.
    let text = "";
    for (let i = 0; i < 50 && !text.includes('open_streams{procedure="/grpc.health.v1.Health/Watch"} 0'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      text = await scrape();
    }
    expect(text).toContain('kargo_api_rpc_open_streams{procedure="/grpc.health.v1.Health/Watch"} 0');
  });
});
