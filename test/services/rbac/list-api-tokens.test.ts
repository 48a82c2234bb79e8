import { Code } from "@connectrpc/connect";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, errorOf } from "./rbac-fixtures.js";

describe("RbacService.ListAPITokens", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);

  beforeAll(async () => {
    await createProject(stack(), "list-tokens");
    for (const [roleName, name] of [
      ["kargo-viewer", "c"],
      ["kargo-promoter", "a"],
      ["kargo-viewer", "b"],
    ] as const) {
      await rbac().createAPIToken({ project: "list-tokens", roleName, name });
    }
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(rbac().listAPITokens({ project: "nope" }))).code).toBe(Code.NotFound);
  });

  it("is NOT_FOUND when role_name names no role", async () => {
    expect((await errorOf(rbac().listAPITokens({ project: "list-tokens", roleName: "ghost" }))).code).toBe(Code.NotFound);
  });

  it("lists every API token of the project, sorted by name, redacted", async () => {
    const { tokens, totalSize } = await rbac().listAPITokens({ project: "list-tokens" });
    expect(tokens.map((t) => t.metadata?.name)).toEqual(["a", "b", "c"]);
    expect(tokens.every((t) => t.token === "*** REDACTED ***")).toBe(true);
    expect(totalSize).toBe(3);
  });

  it("lists the tokens of one role", async () => {
    const { tokens } = await rbac().listAPITokens({ project: "list-tokens", roleName: "kargo-viewer" });
    expect(tokens.map((t) => [t.metadata?.name, t.roleName])).toEqual([
      ["b", "kargo-viewer"],
      ["c", "kargo-viewer"],
    ]);
  });

  it("pages", async () => {
    const first = await rbac().listAPITokens({ project: "list-tokens", pageSize: 2 });
    expect(first.tokens.map((t) => t.metadata?.name)).toEqual(["a", "b"]);
    const second = await rbac().listAPITokens({ project: "list-tokens", pageSize: 2, pageToken: first.nextPageToken });
    expect(second.tokens.map((t) => t.metadata?.name)).toEqual(["c"]);
    expect(second.nextPageToken).toBe("");
  });
});
