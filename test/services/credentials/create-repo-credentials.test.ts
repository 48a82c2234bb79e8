import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, readSecret } from "./credentials-fixtures.js";

describe("CredentialsService.CreateRepoCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);
  const valid = { project: "repo-create", name: "gh", type: "git", repoUrl: "https://github.com/example/app", username: "bot", password: "s3cret" };

  beforeAll(async () => {
    await createProjectNamespace(stack(), "repo-create");
  });

  describe("errors", () => {
    it.each([
      ["name", { name: "" }, "name should not be empty"],
      ["type", { type: "" }, "type should not be empty"],
      ["type (unknown)", { type: "svn" }, 'type should be one of git, helm, or image (got "svn")'],
      ["repo_url", { repoUrl: "" }, "repo_url should not be empty"],
      ["repo_url (bad regex)", { repoUrl: "https://(github", repoUrlIsRegex: true }, "repo_url is not a valid regular expression"],
      ["username", { username: " " }, "username should not be empty"],
      ["password", { password: "" }, "password should not be empty"],
    ])("is INVALID_ARGUMENT naming %s", async (_what, change, message) => {
      const error = await errorOf(creds().createRepoCredentials({ ...valid, ...(change as Partial<typeof valid>) }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain(message);
    });

    it("is INVALID_ARGUMENT naming metadata.name for a name Kubernetes refuses", async () => {
      const error = await errorOf(creds().createRepoCredentials({ ...valid, name: "Not_A_Name" }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain("metadata.name");
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      const error = await errorOf(creds().createRepoCredentials({ ...valid, project: "nope" }));
      expect([error.code, error.rawMessage]).toEqual([Code.NotFound, 'project "nope" not found']);
    });

    it("is ALREADY_EXISTS when the name is taken", async () => {
      await creds().createRepoCredentials({ ...valid, name: "taken" });
      expect((await errorOf(creds().createRepoCredentials({ ...valid, name: "taken" }))).code).toBe(Code.AlreadyExists);
    });
  });

  describe("success", () => {
    it("stores Kargo's Secret shape and answers redacted", async () => {
      const { credentials } = await creds().createRepoCredentials({ ...valid, description: "GitHub bot" });
      expect(credentials).toMatchObject({
        project: "repo-create",
        name: "gh",
        type: "git",
        repoUrl: "https://github.com/example/app",
        repoUrlIsRegex: false,
        username: "bot",
        password: "*** REDACTED ***",
        description: "GitHub bot",
        shared: false,
        otherKeys: [],
      });
      const stored = await readSecret(stack(), "repo-create", "gh");
      expect(stored?.object.metadata.labels).toEqual({ "kargo.akuity.io/cred-type": "git" });
      expect(stored?.object.metadata.annotations).toEqual({ "kargo.akuity.io/description": "GitHub bot" });
      expect(stored?.data).toEqual({ repoURL: "https://github.com/example/app", username: "bot", password: "s3cret" });
    });

    it("stores a pattern with repoURLIsRegex", async () => {
      const { credentials } = await creds().createRepoCredentials({
        ...valid,
        name: "pattern",
        type: "image",
        repoUrl: "^ghcr\\.io/example/.*$",
        repoUrlIsRegex: true,
      });
      expect(credentials).toMatchObject({ type: "image", repoUrlIsRegex: true });
      expect((await readSecret(stack(), "repo-create", "pattern"))?.data["repoURLIsRegex"]).toBe("true");
    });

    it("stores shared credentials in the shared-resources namespace when project is empty", async () => {
      const { credentials } = await creds().createRepoCredentials({ ...valid, project: "", name: "shared-gh" });
      expect(credentials).toMatchObject({ project: "", shared: true });
      expect(await readSecret(stack(), stack().config.kargo.sharedResourcesNamespace, "shared-gh")).toBeDefined();
    });
  });
});
