import { Code } from "@connectrpc/connect";
import { parse } from "yaml";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, putSecret } from "./credentials-fixtures.js";

describe("CredentialsService.GetRepoCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);

  beforeAll(async () => {
    await createProjectNamespace(stack(), "repo-get");
    // What a user or a controller set up with kubectl: a GitHub App and an SSH key beside the API's keys.
    await putSecret(stack(), "repo-get", "app", {
      labels: { "kargo.akuity.io/cred-type": "git" },
      stringData: {
        repoURL: "https://github.com/example/app",
        username: "bot",
        password: "pw-value",
        sshPrivateKey: "ssh-value",
        githubAppPrivateKey: "app-key-value",
      },
    });
    await putSecret(stack(), "repo-get", "plain", { stringData: { password: "x" } });
    await putSecret(stack(), "repo-get", "generic", { labels: { "kargo.akuity.io/cred-type": "generic" }, stringData: { a: "b" } });
  });

  it("is INVALID_ARGUMENT when name is empty", async () => {
    expect((await errorOf(creds().getRepoCredentials({ project: "repo-get" }))).rawMessage).toBe("name should not be empty");
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(creds().getRepoCredentials({ project: "nope", name: "app" }))).code).toBe(Code.NotFound);
  });

  it.each(["missing", "plain", "generic"])("is NOT_FOUND for %s (not repository credentials)", async (name) => {
    const error = await errorOf(creds().getRepoCredentials({ project: "repo-get", name }));
    expect([error.code, error.rawMessage]).toEqual([Code.NotFound, `repository credentials "${name}" not found in project "repo-get"`]);
  });

  it("returns them redacted, naming the keys managed elsewhere", async () => {
    const { result } = await creds().getRepoCredentials({ project: "repo-get", name: "app" });
    expect(result.value).toMatchObject({
      name: "app",
      type: "git",
      repoUrl: "https://github.com/example/app",
      username: "bot",
      password: "*** REDACTED ***",
      otherKeys: ["githubAppPrivateKey", "sshPrivateKey"],
    });
  });

  it.each([RawFormat.JSON, RawFormat.YAML])("returns the redacted Secret in raw format %s", async (format) => {
    const { result } = await creds().getRepoCredentials({ project: "repo-get", name: "app", format });
    const text = new TextDecoder().decode(result.value as Uint8Array);
    const secret = (format === RawFormat.JSON ? JSON.parse(text) : parse(text)) as Record<string, unknown>;
    expect(secret["data"]).toBeUndefined();
    expect(secret["stringData"]).toEqual({
      repoURL: "https://github.com/example/app",
      username: "bot",
      password: "*** REDACTED ***",
      sshPrivateKey: "*** REDACTED ***",
      githubAppPrivateKey: "*** REDACTED ***",
    });
    for (const value of ["pw-value", "ssh-value", "app-key-value"]) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(Buffer.from(value).toString("base64"));
    }
  });
});
