import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, readSecret } from "./credentials-fixtures.js";

describe("CredentialsService.DeleteGenericCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);

  beforeAll(async () => {
    await createProjectNamespace(stack(), "gen-delete");
    await creds().createGenericCredentials({ project: "gen-delete", name: "g", data: { a: "b" } });
    await creds().createRepoCredentials({ project: "gen-delete", name: "repo", type: "git", repoUrl: "https://x", username: "u", password: "p" });
    await creds().createGenericCredentials({ systemLevel: true, name: "sys", data: { a: "b" } });
  });

  it("is INVALID_ARGUMENT when name is empty", async () => {
    expect((await errorOf(creds().deleteGenericCredentials({ project: "gen-delete" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(creds().deleteGenericCredentials({ project: "nope", name: "g" }))).code).toBe(Code.NotFound);
  });

  it("is NOT_FOUND, deleting nothing, for repository credentials", async () => {
    expect((await errorOf(creds().deleteGenericCredentials({ project: "gen-delete", name: "repo" }))).code).toBe(Code.NotFound);
    expect(await readSecret(stack(), "gen-delete", "repo")).toBeDefined();
  });

  it("deletes project and system-level credentials", async () => {
    await creds().deleteGenericCredentials({ project: "gen-delete", name: "g" });
    await creds().deleteGenericCredentials({ systemLevel: true, name: "sys" });
    expect(await readSecret(stack(), "gen-delete", "g")).toBeUndefined();
    expect(await readSecret(stack(), stack().config.kargo.systemResourcesNamespace, "sys")).toBeUndefined();
  });
});
