import { Code, ConnectError } from "@connectrpc/connect";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { ADMIN_PASSWORD, useAuthStack } from "../../auth/support/start-auth-stack.js";

describe("AuthService.WhoAmI", () => {
  const stack = useAuthStack();

  describe("without a token", () => {
    it("answers UNAUTHENTICATED", async () => {
      const err = await stack().client(AuthService).whoAmI({}).catch((e: unknown) => ConnectError.from(e));
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
  });
});
