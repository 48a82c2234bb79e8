import * as http from "node:http";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { envelope, rawHttp2Request } from "../support/raw-rpc.js";
import { ADMIN_PASSWORD, useAuthStack } from "./support/start-auth-stack.js";

const WHO_AM_I = "/kargo.api.v1.AuthService/WhoAmI";
// A field tag promising more bytes than follow: no protobuf decoder accepts it.
const malformed = new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);

describe("authentication before the request body is read", () => {
  const stack = useAuthStack();
  let adminToken = "";
  beforeAll(async () => {
    adminToken = (await stack().client(AuthService).adminLogin({ password: ADMIN_PASSWORD })).idToken;
  });

  const post = (headers: Record<string, string>, body: string | Uint8Array) =>
    fetch(`${stack().baseUrl}${WHO_AM_I}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  describe("without a token", () => {
    it("is UNAUTHENTICATED, not INVALID_ARGUMENT, for a body that does not decode (Connect)", async () => {
      const res = await post({}, '{"unterminated');
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: "unauthenticated" });
    });

    it("is UNAUTHENTICATED for two million nested brackets", async () => {
      const res = await post({}, "[".repeat(2_000_000));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: "unauthenticated" });
    });

    it("is UNAUTHENTICATED over gRPC and gRPC-Web, whose bodies do not decode either", async () => {
      const grpc = await rawHttp2Request(stack().baseUrl, WHO_AM_I, { "content-type": "application/grpc", te: "trailers" }, envelope(0, malformed));
      expect(grpc.trailers["grpc-status"] ?? grpc.headers["grpc-status"]).toBe("16");
      const web = await fetch(`${stack().baseUrl}${WHO_AM_I}`, {
        method: "POST",
        headers: { "content-type": "application/grpc-web+proto" },
        body: envelope(0, malformed),
      });
      const text = Buffer.from(await web.arrayBuffer()).toString("latin1");
      expect(web.headers.get("grpc-status") ?? /grpc-status: ?(\d+)/.exec(text)?.[1]).toBe("16");
    });

    it("is answered before the body has even been sent", async () => {
      // The body is left open: a server that read it first would never answer.
      const url = new URL(`${stack().baseUrl}${WHO_AM_I}`);
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json" } });
      try {
        const response = new Promise<http.IncomingMessage>((resolve, reject) => {
          req.on("response", resolve);
          req.on("error", reject);
        });
        req.write("[".repeat(64 * 1024));
        const res = await response;
        expect(res.statusCode).toBe(401);
        res.resume();
      } finally {
        req.destroy();
      }
    });
  });

  describe("with a valid token", () => {
    it("reads and decodes the body: a malformed one is INVALID_ARGUMENT", async () => {
      const res = await post({ authorization: `Bearer ${adminToken}` }, '{"unterminated');
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "invalid_argument" });
    });

    it("serves the call with the identity the gate verified", async () => {
      const res = await post({ authorization: `Bearer ${adminToken}` }, "{}");
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ subject: "admin" });
    });
  });

  describe("on an exempt RPC", () => {
    it("reads the body without a token (AdminLogin)", async () => {
      const res = await fetch(`${stack().baseUrl}/kargo.api.v1.AuthService/AdminLogin`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password: ADMIN_PASSWORD }),
      });
      expect(res.status).toBe(200);
    });
  });
});
