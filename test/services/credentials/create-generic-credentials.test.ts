import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, readSecret } from "./credentials-fixtures.js";

describe("CredentialsService.CreateGenericCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);

  beforeAll(async () => {
    await createProjectNamespace(stack(), "gen-create");
  });

  describe("errors", () => {
    it("is INVALID_ARGUMENT when name is empty", async () => {
      expect((await errorOf(creds().createGenericCredentials({ project: "gen-create", data: { a: "b" } }))).rawMessage).toBe("name should not be empty");
    });

    it("is INVALID_ARGUMENT when data is empty", async () => {
      expect((await errorOf(creds().createGenericCredentials({ project: "gen-create", name: "x" }))).rawMessage).toBe("data should not be empty");
    });

    it("is INVALID_ARGUMENT naming a data key Kubernetes would refuse", async () => {
      const error = await errorOf(creds().createGenericCredentials({ project: "gen-create", name: "x", data: { "not a key!": "v" } }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain('data["not a key!"]');
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      expect((await errorOf(creds().createGenericCredentials({ project: "nope", name: "x", data: { a: "b" } }))).code).toBe(Code.NotFound);
    });

    it("is ALREADY_EXISTS when the name is taken", async () => {
      await creds().createGenericCredentials({ project: "gen-create", name: "taken", data: { a: "b" } });
      expect((await errorOf(creds().createGenericCredentials({ project: "gen-create", name: "taken", data: { a: "b" } }))).code).toBe(Code.AlreadyExists);
    });
  });

  describe("success", () => {
    it("stores a generic Secret in the project and answers with every value redacted", async () => {
      const { credentials } = await creds().createGenericCredentials({
        project: "gen-create",
        name: "slack",
        data: { token: "xoxb-1", channel: "#deploys" },
        description: "Slack",
      });
      expect(credentials).toMatchObject({
        project: "gen-create",
        name: "slack",
        data: { token: "*** REDACTED ***", channel: "*** REDACTED ***" },
        description: "Slack",
        shared: false,
        systemLevel: false,
        replicate: false,
      });
      const stored = await readSecret(stack(), "gen-create", "slack");
      expect(stored?.object.metadata.labels).toEqual({ "kargo.akuity.io/cred-type": "generic" });
      expect(stored?.data).toEqual({ token: "xoxb-1", channel: "#deploys" });
    });

    it("stores shared credentials (replicated) in the shared namespace and system-level ones in the system namespace", async () => {
      const shared = await creds().createGenericCredentials({ name: "everywhere", data: { a: "1" }, replicate: true });
      expect(shared.credentials).toMatchObject({ shared: true, replicate: true });
      const stored = await readSecret(stack(), stack().config.kargo.sharedResourcesNamespace, "everywhere");
      expect(stored?.object.metadata.annotations).toEqual({ "kargo.akuity.io/replicate-to": "*" });

      const system = await creds().createGenericCredentials({ systemLevel: true, name: "sys", data: { a: "1" } });
      expect(system.credentials).toMatchObject({ systemLevel: true, shared: false });
      expect(await readSecret(stack(), stack().config.kargo.systemResourcesNamespace, "sys")).toBeDefined();
    });
  });
});
