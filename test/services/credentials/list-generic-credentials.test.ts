import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf } from "./credentials-fixtures.js";

describe("CredentialsService.ListGenericCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);

  beforeAll(async () => {
    await createProjectNamespace(stack(), "gen-list");
    for (const name of ["zeta", "alpha", "mid"]) await creds().createGenericCredentials({ project: "gen-list", name, data: { k: `v-${name}` } });
    await creds().createRepoCredentials({ project: "gen-list", name: "repo", type: "git", repoUrl: "https://x", username: "u", password: "p" });
    await creds().createGenericCredentials({ name: "shared", data: { k: "v" } });
    await creds().createGenericCredentials({ systemLevel: true, name: "system", data: { k: "v" } });
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(creds().listGenericCredentials({ project: "nope" }))).code).toBe(Code.NotFound);
  });

  it("lists the project's generic credentials only, sorted by name, redacted", async () => {
    const { credentials, totalSize } = await creds().listGenericCredentials({ project: "gen-list" });
    expect(credentials.map((c) => [c.name, c.data["k"]])).toEqual([
      ["alpha", "*** REDACTED ***"],
      ["mid", "*** REDACTED ***"],
      ["zeta", "*** REDACTED ***"],
    ]);
    expect(totalSize).toBe(3);
  });

  it("lists shared ones without a project and system-level ones with system_level", async () => {
    expect((await creds().listGenericCredentials({})).credentials.map((c) => c.name)).toEqual(["shared"]);
    expect((await creds().listGenericCredentials({ systemLevel: true })).credentials.map((c) => [c.name, c.systemLevel])).toEqual([["system", true]]);
  });

  it("pages", async () => {
    const first = await creds().listGenericCredentials({ project: "gen-list", pageSize: 1 });
    expect(first.credentials.map((c) => c.name)).toEqual(["alpha"]);
    const rest = await creds().listGenericCredentials({ project: "gen-list", pageSize: 5, pageToken: first.nextPageToken });
    expect(rest.credentials.map((c) => c.name)).toEqual(["mid", "zeta"]);
  });
});
