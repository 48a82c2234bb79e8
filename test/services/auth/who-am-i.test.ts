import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { ADMIN_PASSWORD, useAuthStack } from "../../auth/support/start-auth-stack.js";

describe("AuthService.WhoAmI", () => {
  const stack = useAuthStack();

  describe("without a token", () => {
    it("answers UNAUTHENTICATED", async () => {
      const err = await stack()
        .client(AuthService)
        .whoAmI({})
        .catch((e: unknown) => ConnectError.from(e));
      expect(err).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).code).toBe(Code.Unauthenticated);
    });
  });

  describe("as the admin", () => {
    it("describes the admin account and its token expiry", async () => {
      const { idToken, expireTime } = await stack().client(AuthService).adminLogin({ password: ADMIN_PASSWORD });
      const me = await stack().client(AuthService, `Bearer ${idToken}`).whoAmI({});
      expect(me).toMatchObject({ subject: "admin", username: "admin", admin: true, authMethod: "admin", actor: "admin" });
      expect(me.expireTime?.seconds).toBe(expireTime?.seconds);
    });

    it("authenticates the same over gRPC (h2c) and gRPC-Web", async () => {
      const { idToken } = await stack().client(AuthService).adminLogin({ password: ADMIN_PASSWORD });
      const bearer: Interceptor = (next) => (req) => (req.header.set("authorization", `Bearer ${idToken}`), next(req));
      const grpc = createGrpcTransport({ baseUrl: stack().baseUrl, interceptors: [bearer] });
      const grpcWeb = createGrpcWebTransport({ baseUrl: stack().baseUrl, httpVersion: "1.1", interceptors: [bearer] });
      expect((await createClient(AuthService, grpc).whoAmI({})).admin).toBe(true);
      expect((await createClient(AuthService, grpcWeb).whoAmI({})).admin).toBe(true);
      const anonymous = createGrpcTransport({ baseUrl: stack().baseUrl });
      const err = await createClient(AuthService, anonymous)
        .whoAmI({})
        .catch((e: unknown) => ConnectError.from(e));
      expect((err as ConnectError).code).toBe(Code.Unauthenticated);
    });
  });

  describe("with a ServiceAccount token", () => {
    it("describes the ServiceAccount it acts as", async () => {
      const { core } = stack();
      await core.createNamespacedServiceAccount({ namespace: "default", body: { metadata: { name: "ci-bot" } } });
      const request = await core.createNamespacedServiceAccountToken({ namespace: "default", name: "ci-bot", body: { spec: { expirationSeconds: 3600 } } });
      const me = await stack().client(AuthService, `Bearer ${request.status!.token!}`).whoAmI({});
      expect(me).toMatchObject({
        subject: "system:serviceaccount:default:ci-bot",
        admin: false,
        authMethod: "kubernetes",
        actor: "serviceaccount:default:ci-bot",
        serviceAccounts: [expect.objectContaining({ namespace: "default", name: "ci-bot" })],
      });
      expect(Number(me.expireTime?.seconds)).toBeGreaterThan(Date.now() / 1000 + 3000);
    });
  });
});
