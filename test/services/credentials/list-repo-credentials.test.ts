import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, putSecret } from "./credentials-fixtures.js";

describe("CredentialsService.ListRepoCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);
  const entry = (project: string, name: string, type: string) => ({
    project,
    name,
    type,
    repoUrl: `https://example.com/${name}`,
    username: "u",
    password: "p",
  });

  beforeAll(async () => {
    await createProjectNamespace(stack(), "repo-list");
    await creds().createRepoCredentials(entry("repo-list", "charts", "helm"));
    await creds().createRepoCredentials(entry("repo-list", "app", "git"));
    await creds().createRepoCredentials(entry("repo-list", "images", "image"));
    await creds().createRepoCredentials(entry("", "shared-one", "git"));
    await putSecret(stack(), "repo-list", "generic", { labels: { "kargo.akuity.io/cred-type": "generic" }, stringData: { a: "b" } });
    await putSecret(stack(), "repo-list", "unlabelled", { stringData: { a: "b" } });
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(creds().listRepoCredentials({ project: "nope" }))).code).toBe(Code.NotFound);
  });

  it("lists the project's repository credentials only, sorted by name, redacted", async () => {
    const { credentials, totalSize } = await creds().listRepoCredentials({ project: "repo-list" });
    expect(credentials.map((c) => [c.name, c.type, c.password])).toEqual([
      ["app", "git", "*** REDACTED ***"],
      ["charts", "helm", "*** REDACTED ***"],
      ["images", "image", "*** REDACTED ***"],
    ]);
    expect(totalSize).toBe(3);
  });

  it("lists the shared credentials when project is empty", async () => {
    const { credentials } = await creds().listRepoCredentials({});
    expect(credentials.map((c) => [c.name, c.shared])).toEqual([["shared-one", true]]);
  });

  it("pages", async () => {
    const first = await creds().listRepoCredentials({ project: "repo-list", pageSize: 2 });
    const second = await creds().listRepoCredentials({ project: "repo-list", pageSize: 2, pageToken: first.nextPageToken });
    expect([...first.credentials, ...second.credentials].map((c) => c.name)).toEqual(["app", "charts", "images"]);
    expect(second.nextPageToken).toBe("");
  });
});
