import { Code } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, errorOf, kubeOf } from "./rbac-fixtures.js";

describe("RbacService.GetAPIToken", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);
  let token = "";

  beforeAll(async () => {
    await createProject(stack(), "get-tokens");
    token = (await rbac().createAPIToken({ project: "get-tokens", roleName: "kargo-viewer", name: "ci" })).token!.token;
    await kubeOf(stack()).create(RESOURCES.secrets, { metadata: { namespace: "get-tokens", name: "plain" }, stringData: { a: "b" } });
  });

  it("is INVALID_ARGUMENT when name is empty", async () => {
    expect((await errorOf(rbac().getAPIToken({ project: "get-tokens" }))).rawMessage).toBe("name should not be empty");
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(rbac().getAPIToken({ project: "nope", name: "ci" }))).code).toBe(Code.NotFound);
  });

  it("is NOT_FOUND when the token does not exist", async () => {
    const error = await errorOf(rbac().getAPIToken({ project: "get-tokens", name: "missing" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('API token "missing" not found in project "get-tokens"');
  });

  it("is NOT_FOUND for a Secret that is not an API token", async () => {
    expect((await errorOf(rbac().getAPIToken({ project: "get-tokens", name: "plain" }))).code).toBe(Code.NotFound);
  });

  it("returns the token with its value redacted", async () => {
    const { result } = await rbac().getAPIToken({ project: "get-tokens", name: "ci" });
    expect(result.case).toBe("token");
    expect(result.value).toMatchObject({ token: "*** REDACTED ***", roleName: "kargo-viewer", metadata: { name: "ci", namespace: "get-tokens" } });
  });

  it.each([RawFormat.JSON, RawFormat.YAML])("returns the Secret in raw format %s without the token", async (format) => {
    const { result } = await rbac().getAPIToken({ project: "get-tokens", name: "ci", format });
    expect(result.case).toBe("raw");
    const text = new TextDecoder().decode(result.value as Uint8Array);
    expect(text).toContain("*** REDACTED ***");
    expect(text).toContain("kubernetes.io/service-account-token");
    expect(text).not.toContain(token);
    expect(text).not.toContain(Buffer.from(token).toString("base64"));
  });
});
