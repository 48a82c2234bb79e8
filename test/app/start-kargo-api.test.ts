import { Code, ConnectError } from "@connectrpc/connect";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { useKargoStack } from "../support/use-kargo-stack.js";

describe("startKargoApi", () => {
  const stack = useKargoStack();

  it("serves the public config without a token", async () => {
    const res = await stack().client(SystemService, null).getPublicConfig({});
    expect(res.adminAccountEnabled).toBe(true);
  });

  it("serves authenticated RPCs to the admin from AdminLogin", async () => {
    const me = await stack().client(AuthService).whoAmI({});
    expect(me.admin).toBe(true);
  });

  it("refuses an authenticated RPC without a token", async () => {
    const err = await stack()
      .client(AuthService, null)
      .whoAmI({})
      .catch((e: unknown) => ConnectError.from(e));
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Unauthenticated);
  });
});
