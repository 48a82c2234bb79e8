import { Code } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf, putSecret } from "./credentials-fixtures.js";

describe("CredentialsService.GetGenericCredentials", () => {
  const stack = useKargoStack();
  const creds = () => stack().client(CredentialsService);

  beforeAll(async () => {
    await createProjectNamespace(stack(), "gen-get");
    await creds().createGenericCredentials({ project: "gen-get", name: "slack", data: { token: "tok-value" }, description: "Slack" });
    await creds().createRepoCredentials({ project: "gen-get", name: "repo", type: "git", repoUrl: "https://x", username: "u", password: "p" });
    await putSecret(stack(), "gen-get", "plain", { stringData: { a: "b" } });
  });

  it("is INVALID_ARGUMENT when name is empty", async () => {
    expect((await errorOf(creds().getGenericCredentials({ project: "gen-get" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(creds().getGenericCredentials({ project: "nope", name: "slack" }))).code).toBe(Code.NotFound);
  });

  it.each(["missing", "repo", "plain"])("is NOT_FOUND for %s (not generic credentials)", async (name) => {
    const error = await errorOf(creds().getGenericCredentials({ project: "gen-get", name }));
    expect([error.code, error.rawMessage]).toEqual([Code.NotFound, `generic credentials "${name}" not found in project "gen-get"`]);
  });

  it("returns them with every value redacted", async () => {
    const { result } = await creds().getGenericCredentials({ project: "gen-get", name: "slack" });
    expect(result.value).toMatchObject({ name: "slack", data: { token: "*** REDACTED ***" }, description: "Slack" });
  });

  it("returns the redacted Secret as JSON", async () => {
    const { result } = await creds().getGenericCredentials({ project: "gen-get", name: "slack", format: RawFormat.JSON });
    const text = new TextDecoder().decode(result.value as Uint8Array);
    expect(JSON.parse(text)).toMatchObject({
      kind: "Secret",
      stringData: { token: "*** REDACTED ***" },
      metadata: { annotations: { "kargo.akuity.io/description": "Slack" } },
    });
    expect(text).not.toContain("tok-value");
    expect(text).not.toContain(Buffer.from("tok-value").toString("base64"));
  });
});
