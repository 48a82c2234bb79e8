import { Code } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { codeOf, createProject, useOidcStack } from "./rbac-fixtures.js";

// End to end through a real OpenID provider: a Kargo role's claims decide who is mapped to its
// ServiceAccount, and its rules decide — through the embedded RBAC evaluator — what they may do.
// CredentialsService RPCs are the probes: list needs `list secrets`, get needs `get secrets`,
// create needs `create secrets`; an allowed get of missing credentials answers NOT_FOUND.
describe("a Kargo role with claims", () => {
  const oidc = useOidcStack();
  let dave: string;
  const creds = (token: string) => oidc().stack.client(CredentialsService, token);

  beforeAll(async () => {
    const { stack } = oidc();
    await createProject(stack, "mapping");
    await createProject(stack, "elsewhere");
    await stack.client(RbacService).createRole({
      role: {
        metadata: { namespace: "mapping", name: "cred-lister" },
        claims: [{ name: "email", values: ["dave@example.com"] }],
        rules: [{ resources: ["secrets"], verbs: ["list"] }],
      },
    });
    dave = await oidc().signIn("dave");
    await oidc().untilMapped(dave, 1);
  });

  it("gives a user holding one of its claim values exactly the role's rules", async () => {
    expect((await creds(dave).listRepoCredentials({ project: "mapping" })).credentials).toEqual([]);
    expect(await codeOf(creds(dave).getRepoCredentials({ project: "mapping", name: "missing" }))).toBe(Code.PermissionDenied);
    expect(
      await codeOf(creds(dave).createRepoCredentials({ project: "mapping", name: "x", type: "git", repoUrl: "https://x", username: "u", password: "p" })),
    ).toBe(Code.PermissionDenied);
    expect(await codeOf(creds(dave).listRepoCredentials({ project: "elsewhere" }))).toBe(Code.PermissionDenied);
  });

  it("does not map a user whose claims do not match", async () => {
    const mallory = await oidc().signIn("mallory");
    expect(await codeOf(creds(mallory).listRepoCredentials({ project: "mapping" }))).toBe(Code.PermissionDenied);
  });

  it("applies Grant of a verb to the user's next call", async () => {
    await oidc()
      .stack.client(RbacService)
      .grant({
        project: "mapping",
        role: "cred-lister",
        request: { case: "resourceDetails", value: { resourceType: "secrets", verbs: ["get"] } },
      });
    expect(await codeOf(creds(dave).getRepoCredentials({ project: "mapping", name: "missing" }))).toBe(Code.NotFound);
  });

  it("applies Revoke of a verb to the user's next call", async () => {
    await oidc()
      .stack.client(RbacService)
      .revoke({
        project: "mapping",
        role: "cred-lister",
        request: { case: "resourceDetails", value: { resourceType: "secrets", verbs: ["list"] } },
      });
    expect(await codeOf(creds(dave).listRepoCredentials({ project: "mapping" }))).toBe(Code.PermissionDenied);
    expect(await codeOf(creds(dave).getRepoCredentials({ project: "mapping", name: "missing" }))).toBe(Code.NotFound);
  });

  it("maps another user once Grant adds their claim value, and unmaps one once Revoke removes it", async () => {
    const rbac = oidc().stack.client(RbacService);
    const erin = await oidc().signIn("erin");
    await rbac.grant({
      project: "mapping",
      role: "cred-lister",
      request: { case: "userClaims", value: { claims: [{ name: "email", values: ["erin@example.com"] }] } },
    });
    await oidc().untilMapped(erin, 1);
    expect(await codeOf(creds(erin).getRepoCredentials({ project: "mapping", name: "missing" }))).toBe(Code.NotFound);

    await rbac.revoke({
      project: "mapping",
      role: "cred-lister",
      request: { case: "userClaims", value: { claims: [{ name: "email", values: ["dave@example.com"] }] } },
    });
    await oidc().untilMapped(dave, 0);
    expect(await codeOf(creds(dave).getRepoCredentials({ project: "mapping", name: "missing" }))).toBe(Code.PermissionDenied);
    expect(await codeOf(creds(erin).getRepoCredentials({ project: "mapping", name: "missing" }))).toBe(Code.NotFound);
  });
});
