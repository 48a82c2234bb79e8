import { actorFor } from "../../src/auth/actor-for.js";

describe("actorFor", () => {
  const oidc = { kind: "oidc" as const, subject: "u1", usernameClaim: "email", username: "a@x.io", claims: {} };

  it.each([
    ["the admin", { kind: "admin" as const, subject: "admin" as const }, "admin"],
    ["an OIDC user by username claim", oidc, "email:a@x.io"],
    ["an OIDC user with another username claim", { ...oidc, usernameClaim: "preferred_username", username: "alice" }, "preferred_username:alice"],
    ["an OIDC user without username, by email", { ...oidc, username: "", claims: { email: "b@x.io" } }, "email:b@x.io"],
    ["an OIDC user without username or email, by sub", { ...oidc, username: "" }, "subject:u1"],
    [
      "a ServiceAccount token",
      { kind: "kubernetes" as const, username: "system:serviceaccount:demo:ci", groups: [], serviceAccount: { namespace: "demo", name: "ci" } },
      "serviceaccount:demo:ci",
    ],
    ["another Kubernetes user", { kind: "kubernetes" as const, username: "jane", groups: [] }, "kubernetes:jane"],
    ["nobody", undefined, "unknown actor"],
  ])("names %s", (_, identity, actor) => {
    expect(actorFor(identity)).toBe(actor);
  });
});
