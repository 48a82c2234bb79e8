import { createClaimsIndex } from "../../../src/auth/claims-index/claims-index.js";
import { parseClaimsAnnotations } from "../../../src/auth/claims-index/parse-claims-annotations.js";

const project = (name: string) => ({ metadata: { name, labels: { "kargo.akuity.io/project": "true" } } });
const sa = (namespace: string, name: string, annotations: Record<string, string>) => ({ metadata: { namespace, name, annotations } });

describe("parseClaimsAnnotations", () => {
  it("merges the JSON annotation and the legacy per-claim annotations, trimmed and de-duplicated", () => {
    const claims = parseClaimsAnnotations({
      "rbac.kargo.akuity.io/claims": JSON.stringify({ email: ["a@x.io"], groups: ["devs", "ops"] }),
      "rbac.kargo.akuity.io/claim.groups": " ops , qa,",
      unrelated: "x",
    });
    expect(Object.fromEntries([...claims].map(([k, v]) => [k, [...v].sort()]))).toEqual({ email: ["a@x.io"], groups: ["devs", "ops", "qa"] });
  });

  it("reads a scalar string value as a one-value list", () => {
    const claims = parseClaimsAnnotations({ "rbac.kargo.akuity.io/claims": '{"sub":"u1"}' });
    expect([...claims.get("sub")!]).toEqual(["u1"]);
  });

  it.each([["not json"], ['["a"]'], ["null"], ['{"email": 5}']])("contributes nothing for the malformed JSON %s", (value) => {
    expect(parseClaimsAnnotations({ "rbac.kargo.akuity.io/claims": value }).size).toBe(0);
  });
});

describe("createClaimsIndex", () => {
  function indexWith() {
    const index = createClaimsIndex(["kargo"]);
    index.upsertNamespace(project("a"));
    index.upsertNamespace(project("b"));
    index.upsertNamespace({ metadata: { name: "plain" } });
    index.upsertServiceAccount(sa("a", "viewer", { "rbac.kargo.akuity.io/claims": '{"groups":["devs"]}' }));
    index.upsertServiceAccount(sa("a", "admin", { "rbac.kargo.akuity.io/claims": '{"email":["boss@x.io"]}' }));
    index.upsertServiceAccount(sa("b", "viewer", { "rbac.kargo.akuity.io/claim.groups": "devs,ops" }));
    index.upsertServiceAccount(sa("kargo", "kargo-viewer", { "rbac.kargo.akuity.io/claims": '{"groups":["ops"]}' }));
    index.upsertServiceAccount(sa("plain", "sneaky", { "rbac.kargo.akuity.io/claims": '{"groups":["devs"]}' }));
    return index;
  }

  it("maps a user to every ServiceAccount matching any one claim value (union), sorted", () => {
    const index = indexWith();
    expect(index.serviceAccountsFor({ email: "boss@x.io", groups: ["devs"] })).toEqual([
      { namespace: "a", name: "admin" },
      { namespace: "a", name: "viewer" },
      { namespace: "b", name: "viewer" },
    ]);
  });

  it("includes the global ServiceAccount namespaces", () => {
    expect(indexWith().serviceAccountsFor({ groups: ["ops"] })).toEqual([
      { namespace: "b", name: "viewer" },
      { namespace: "kargo", name: "kargo-viewer" },
    ]);
  });

  it("ignores ServiceAccounts in namespaces that are neither projects nor global", () => {
    expect(indexWith().serviceAccountsFor({ groups: ["devs"] })).not.toContainEqual({ namespace: "plain", name: "sneaky" });
  });

  it("matches claim name and value together, not the value alone", () => {
    expect(indexWith().serviceAccountsFor({ email: "devs", team: ["devs"] })).toEqual([]);
  });

  it("applies an annotation change to the next lookup", () => {
    const index = indexWith();
    index.upsertServiceAccount(sa("a", "viewer", { "rbac.kargo.akuity.io/claims": '{"groups":["other"]}' }));
    expect(index.serviceAccountsFor({ groups: ["devs"] })).toEqual([{ namespace: "b", name: "viewer" }]);
    expect(index.serviceAccountsFor({ groups: ["other"] })).toEqual([{ namespace: "a", name: "viewer" }]);
  });

  it("forgets a deleted ServiceAccount", () => {
    const index = indexWith();
    index.deleteServiceAccount(sa("a", "admin", {}));
    expect(index.serviceAccountsFor({ email: "boss@x.io" })).toEqual([]);
  });

  it("drops a namespace's ServiceAccounts when it loses the project label, and restores them when relabelled", () => {
    const index = indexWith();
    index.upsertNamespace({ metadata: { name: "a", labels: {} } });
    expect(index.serviceAccountsFor({ email: "boss@x.io" })).toEqual([]);
    index.upsertNamespace(project("a"));
    expect(index.serviceAccountsFor({ email: "boss@x.io" })).toEqual([{ namespace: "a", name: "admin" }]);
  });
});
