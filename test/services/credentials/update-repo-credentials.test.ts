import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, putSecret, readSecret } from "./credentials-fixtures.js";

describe("CredentialsService.UpdateRepoCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);
  const controllerKeys = { sshPrivateKey: "ssh-key", githubAppID: "1", githubAppPrivateKey: "app-key", awsSecretAccessKey: "aws", gcpServiceAccountKey: "gcp" };

  beforeAll(async () => {
    await createProjectNamespace(stack(), "repo-update");
    await putSecret(stack(), "repo-update", "gh", {
      labels: { "kargo.akuity.io/cred-type": "git" },
      stringData: { repoURL: "https://github.com/example/app", username: "bot", password: "old-pw", ...controllerKeys },
    });
    await putSecret(stack(), "repo-update", "generic", { labels: { "kargo.akuity.io/cred-type": "generic" }, stringData: { a: "b" } });
  });

  describe("errors", () => {
    it("is INVALID_ARGUMENT when name is empty", async () => {
      expect((await errorOf(creds().updateRepoCredentials({ project: "repo-update" }))).code).toBe(Code.InvalidArgument);
    });

    it.each([
      [{ type: "svn" }, "type should be one of git, helm, or image"],
      [{ repoUrl: "" }, "repo_url should not be empty"],
      [{ username: "" }, "username should not be empty"],
      [{ repoUrlIsRegex: true, repoUrl: "(" }, "repo_url is not a valid regular expression"],
    ])("is INVALID_ARGUMENT for %j", async (change, message) => {
      const error = await errorOf(creds().updateRepoCredentials({ project: "repo-update", name: "gh", ...change }));
      expect([error.code, error.rawMessage.startsWith(message)]).toEqual([Code.InvalidArgument, true]);
    });

    it.each(["missing", "generic"])("is NOT_FOUND for %s", async (name) => {
      expect((await errorOf(creds().updateRepoCredentials({ project: "repo-update", name, username: "x" }))).code).toBe(Code.NotFound);
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      expect((await errorOf(creds().updateRepoCredentials({ project: "nope", name: "gh" }))).code).toBe(Code.NotFound);
    });
  });

  describe("success", () => {
    it("changes only the fields given, keeping the password and every key controllers use", async () => {
      const { credentials } = await creds().updateRepoCredentials({ project: "repo-update", name: "gh", username: "new-bot", description: "bot account" });
      expect(credentials).toMatchObject({
        username: "new-bot",
        password: "*** REDACTED ***",
        description: "bot account",
        repoUrl: "https://github.com/example/app",
      });
      expect((await readSecret(stack(), "repo-update", "gh"))?.data).toEqual({
        repoURL: "https://github.com/example/app",
        username: "new-bot",
        password: "old-pw",
        ...controllerKeys,
      });
    });

    it("keeps the password when it is sent empty or as the redaction marker, replaces it when sent", async () => {
      await creds().updateRepoCredentials({ project: "repo-update", name: "gh", password: "" });
      expect((await readSecret(stack(), "repo-update", "gh"))?.data["password"]).toBe("old-pw");
      await creds().updateRepoCredentials({ project: "repo-update", name: "gh", password: "*** REDACTED ***" });
      expect((await readSecret(stack(), "repo-update", "gh"))?.data["password"]).toBe("old-pw");
      await creds().updateRepoCredentials({ project: "repo-update", name: "gh", password: "new-pw" });
      expect((await readSecret(stack(), "repo-update", "gh"))?.data["password"]).toBe("new-pw");
    });

    it("switches to a pattern and back, and changes the type label", async () => {
      await creds().updateRepoCredentials({
        project: "repo-update",
        name: "gh",
        repoUrl: "^https://github\\.com/example/.*$",
        repoUrlIsRegex: true,
        type: "helm",
      });
      let stored = await readSecret(stack(), "repo-update", "gh");
      expect([stored?.data["repoURLIsRegex"], stored?.object.metadata.labels?.["kargo.akuity.io/cred-type"]]).toEqual(["true", "helm"]);
      await creds().updateRepoCredentials({ project: "repo-update", name: "gh", repoUrl: "https://github.com/example/app", repoUrlIsRegex: false });
      stored = await readSecret(stack(), "repo-update", "gh");
      expect(stored?.data["repoURLIsRegex"]).toBeUndefined();
      expect(stored?.data["sshPrivateKey"]).toBe("ssh-key");
    });

    it("removes the description when it is set to empty", async () => {
      const { credentials } = await creds().updateRepoCredentials({ project: "repo-update", name: "gh", description: "" });
      expect(credentials?.description).toBe("");
      expect((await readSecret(stack(), "repo-update", "gh"))?.object.metadata.annotations?.["kargo.akuity.io/description"]).toBeUndefined();
    });
  });
});
