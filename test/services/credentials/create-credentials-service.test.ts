import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf } from "./credentials-fixtures.js";

describe("CredentialsService with SECRET_MANAGEMENT_ENABLED=false", () => {
  const stack = useKargoStack({ env: { SECRET_MANAGEMENT_ENABLED: "false" } });

  it("answers every RPC UNIMPLEMENTED", async () => {
    const creds = stack().client(CredentialsService);
    for (const call of [
      creds.listRepoCredentials({}),
      creds.createGenericCredentials({ name: "x", data: { a: "b" } }),
      creds.getRepoCredentials({ name: "x" }),
    ]) {
      const error = await errorOf(call);
      expect([error.code, error.rawMessage]).toEqual([Code.Unimplemented, "secret management is not enabled"]);
    }
  });
});
