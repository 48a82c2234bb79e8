import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, putSecret, readSecret } from "./credentials-fixtures.js";

describe("CredentialsService.DeleteRepoCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);

  beforeAll(async () => {
    await createProjectNamespace(stack(), "repo-delete");
    await creds().createRepoCredentials({ project: "repo-delete", name: "gh", type: "git", repoUrl: "https://x", username: "u", password: "p" });
    await putSecret(stack(), "repo-delete", "other", { stringData: { password: "x" } });
  });

  it("is INVALID_ARGUMENT when name is empty", async () => {
    expect((await errorOf(creds().deleteRepoCredentials({ project: "repo-delete" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(creds().deleteRepoCredentials({ project: "nope", name: "gh" }))).code).toBe(Code.NotFound);
  });

  it("is NOT_FOUND, deleting nothing, for a Secret that is not repository credentials", async () => {
    expect((await errorOf(creds().deleteRepoCredentials({ project: "repo-delete", name: "other" }))).code).toBe(Code.NotFound);
    expect(await readSecret(stack(), "repo-delete", "other")).toBeDefined();
  });

  it("deletes them", async () => {
    await creds().deleteRepoCredentials({ project: "repo-delete", name: "gh" });
    expect(await readSecret(stack(), "repo-delete", "gh")).toBeUndefined();
    expect((await errorOf(creds().deleteRepoCredentials({ project: "repo-delete", name: "gh" }))).code).toBe(Code.NotFound);
  });
});
