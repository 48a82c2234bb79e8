import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { registryRequest } from "../../../src/embedded/registry/registry-request.js";

// npm test limits artifact discovery to loopback hosts (KARGO_DISCOVERY_ALLOWED_HOSTS), so fixtures
// naming public registries are never contacted from a test.
describe("KARGO_DISCOVERY_ALLOWED_HOSTS", () => {
  let server: Server;
  let port: number;
  const saved = process.env["KARGO_DISCOVERY_ALLOWED_HOSTS"];

  beforeAll(async () => {
    server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    process.env["KARGO_DISCOVERY_ALLOWED_HOSTS"] = "127.0.0.1,localhost";
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env["KARGO_DISCOVERY_ALLOWED_HOSTS"];
    else process.env["KARGO_DISCOVERY_ALLOWED_HOSTS"] = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  it("refuses a host that is not listed, before any connection", async () => {
    await expect(registryRequest(new URL("https://public.ecr.aws/v2/"), { maxBytes: 1024 })).rejects.toThrow(
      "artifact discovery may not contact public.ecr.aws: it is not in KARGO_DISCOVERY_ALLOWED_HOSTS",
    );
  });

  it("lets a listed host through", async () => {
    const response = await registryRequest(new URL(`http://127.0.0.1:${port}/v2/`), { maxBytes: 1024 });
    expect(response.body.toString()).toBe("ok");
  });
});
