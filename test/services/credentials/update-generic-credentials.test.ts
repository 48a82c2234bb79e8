import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, readSecret } from "./credentials-fixtures.js";

describe("CredentialsService.UpdateGenericCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);

  beforeAll(async () => {
    await createProjectNamespace(stack(), "gen-update");
    await creds().createGenericCredentials({ project: "gen-update", name: "g", data: { keep: "k1", change: "c1", drop: "d1" }, description: "first" });
    await creds().createRepoCredentials({ project: "gen-update", name: "repo", type: "git", repoUrl: "https://x", username: "u", password: "p" });
  });

  it("is INVALID_ARGUMENT when name is empty", async () => {
    expect((await errorOf(creds().updateGenericCredentials({ project: "gen-update" }))).code).toBe(Code.InvalidArgument);
  });

  it.each(["missing", "repo"])("is NOT_FOUND for %s", async (name) => {
    expect((await errorOf(creds().updateGenericCredentials({ project: "gen-update", name, description: "x" }))).code).toBe(Code.NotFound);
  });

  it("leaves the data alone when none is given, changing description and replicate", async () => {
    const { credentials } = await creds().updateGenericCredentials({ project: "gen-update", name: "g", description: "second", replicate: true });
    expect(credentials).toMatchObject({ description: "second", replicate: true });
    expect((await readSecret(stack(), "gen-update", "g"))?.data).toEqual({ keep: "k1", change: "c1", drop: "d1" });
  });

  it("keeps keys sent empty or redacted, overwrites keys with values, deletes keys not sent, adds new ones", async () => {
    const { credentials } = await creds().updateGenericCredentials({
      project: "gen-update",
      name: "g",
      data: { keep: "*** REDACTED ***", change: "c2", added: "a1" },
      replicate: false,
      description: "",
    });
    expect(credentials).toMatchObject({
      description: "",
      replicate: false,
      data: { keep: "*** REDACTED ***", change: "*** REDACTED ***", added: "*** REDACTED ***" },
    });
    const stored = await readSecret(stack(), "gen-update", "g");
    expect(stored?.data).toEqual({ keep: "k1", change: "c2", added: "a1" });
    expect(stored?.object.metadata.annotations ?? {}).toEqual({});
  });
});
