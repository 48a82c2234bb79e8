import { parseServiceAccountUsername } from "../../../src/embedded/rbac/parse-service-account-username.js";
import { serviceAccountUser } from "../../../src/embedded/rbac/service-account-user.js";

describe("serviceAccountUser", () => {
  it("builds the username and groups Kubernetes gives a ServiceAccount", () => {
    expect(serviceAccountUser("kargo-demo", "ci")).toEqual({
      username: "system:serviceaccount:kargo-demo:ci",
      groups: ["system:serviceaccounts", "system:serviceaccounts:kargo-demo", "system:authenticated"],
    });
  });
});

describe("parseServiceAccountUsername", () => {
  it.each([
    ["system:serviceaccount:kargo-demo:ci", { namespace: "kargo-demo", name: "ci" }],
    ["system:serviceaccount:kargo-demo", undefined],
    ["system:serviceaccount:a:b:c", undefined],
    ["system:serviceaccount::ci", undefined],
    ["system:serviceaccount:ns:", undefined],
    ["system:serviceaccounts:ns:ci", undefined],
    ["alice", undefined],
  ])("parses %j", (username, expected) => {
    expect(parseServiceAccountUsername(username)).toEqual(expected);
  });

  it("round-trips serviceAccountUser", () => {
    expect(parseServiceAccountUsername(serviceAccountUser("ns", "sa").username)).toEqual({ namespace: "ns", name: "sa" });
  });
});
