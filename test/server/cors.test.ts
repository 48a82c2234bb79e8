import { useApiServer } from "../support/use-api-server.js";

const path = "/kargo.api.v1.SystemService/GetVersionInfo";

describe("API server CORS", () => {
  const api = useApiServer({ env: { CORS_ALLOWED_ORIGINS: "https://ui.example.com" } });

  const preflight = (origin: string) =>
    fetch(`${api.baseUrl}${path}`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,connect-protocol-version,authorization" },
    });

  describe("a preflight", () => {
    it("from an allowed origin gets the origin, the Connect and gRPC-Web headers and Authorization", async () => {
      const res = await preflight("https://ui.example.com");
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("https://ui.example.com");
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
      const allowed = res.headers.get("access-control-allow-headers")!.split(", ");
      expect(allowed).toEqual(expect.arrayContaining(["Content-Type", "Connect-Protocol-Version", "X-Grpc-Web", "authorization"]));
    });

    it("from another origin gets 403 and no CORS headers", async () => {
      const res = await preflight("https://evil.example.com");
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-headers")).toBeNull();
    });
  });

  describe("an actual request", () => {
    const call = (origin: string) => fetch(`${api.baseUrl}${path}`, { method: "POST", headers: { origin, "content-type": "application/json" }, body: "{}" });

    it("from an allowed origin is answered with the origin and the exposed gRPC-Web status headers", async () => {
      const res = await call("https://ui.example.com");
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe("https://ui.example.com");
      expect(res.headers.get("access-control-expose-headers")).toContain("Grpc-Status");
      expect(res.headers.get("access-control-expose-headers")).toContain("x-request-id");
    });

    it("from another origin is answered without CORS headers (the browser then withholds it)", async () => {
      const res = await call("https://evil.example.com");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    });
  });
});

describe("API server CORS with no allowed origins (the default)", () => {
  const api = useApiServer();

  it("refuses every preflight", async () => {
    const res = await fetch(`${api.baseUrl}${path}`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(403);
  });
});
