import { Code } from "@connectrpc/connect";
import { parse } from "yaml";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();

beforeAll(async () => {
  const f = fixtures(stack());
  for (const name of ["zeta-shop", "alpha-shop", "beta-bank", "gamma-Shop-x".toLowerCase()]) await f.project(name);
});

describe("ProjectService.ListProjects", () => {
  const list = (req: { filter?: string; uids?: string[]; mine?: boolean; pageSize?: number; pageToken?: string }) =>
    stack().client(ProjectService).listProjects(req);
  const names = (res: Awaited<ReturnType<typeof list>>) => res.projects.map((p) => p.metadata?.name);

  it("is INVALID_ARGUMENT for a negative page size", async () => {
    expect((await errorOf(list({ pageSize: -1 }))).code).toBe(Code.InvalidArgument);
  });

  it("lists the projects by name", async () => {
    const res = await list({});
    expect(names(res)).toEqual(expect.arrayContaining(["alpha-shop", "beta-bank", "gamma-shop-x", "zeta-shop"]));
    const all = names(res) as string[];
    expect(all).toEqual([...all].sort());
    expect(res.totalSize).toBe(all.length);
  });

  it("filters by a case-insensitive substring of the name", async () => {
    const res = await list({ filter: "SHOP" });
    expect(names(res)).toEqual(["alpha-shop", "gamma-shop-x", "zeta-shop"]);
    expect(res.totalSize).toBe(3);
  });

  it("filters by uid, and with a name filter returns each project once", async () => {
    const all = await list({ filter: "shop" });
    const uids = all.projects.filter((p) => p.metadata?.name !== "gamma-shop-x").map((p) => p.metadata?.uid ?? "");
    expect(names(await list({ uids }))).toEqual(["alpha-shop", "zeta-shop"]);
    expect(names(await list({ uids, filter: "zeta" }))).toEqual(["zeta-shop"]);
  });

  it("keeps nothing for mine when the caller (admin) is mapped to no ServiceAccount", async () => {
    const res = await list({ mine: true });
    expect(res.projects).toEqual([]);
    expect(res.totalSize).toBe(0);
  });

  it("keeps the projects in which a ServiceAccount caller is mapped for mine", async () => {
    const { core, rbac } = stack();
    await core.createNamespacedServiceAccount({ namespace: "alpha-shop", body: { metadata: { name: "ci" } } });
    await rbac.createClusterRole({
      body: { metadata: { name: "project-lister" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["projects"], verbs: ["list"] }] },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: "ci-lists-projects" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "project-lister" },
        subjects: [{ kind: "ServiceAccount", name: "ci", namespace: "alpha-shop" }],
      },
    });
    const token = (await core.createNamespacedServiceAccountToken({ namespace: "alpha-shop", name: "ci", body: { spec: { expirationSeconds: 600 } } })).status!
      .token!;
    const res = await stack().client(ProjectService, token).listProjects({ mine: true });
    expect(res.projects.map((p) => p.metadata?.name)).toEqual(["alpha-shop"]);
    expect(res.totalSize).toBe(1);
  });

  it("pages through the projects", async () => {
    const first = await list({ filter: "shop", pageSize: 2 });
    expect(names(first)).toEqual(["alpha-shop", "gamma-shop-x"]);
    const second = await list({ filter: "shop", pageSize: 2, pageToken: first.nextPageToken });
    expect(names(second)).toEqual(["zeta-shop"]);
    expect(second.nextPageToken).toBe("");
    expect(second.totalSize).toBe(3);
  });

  it("is INVALID_ARGUMENT when a page token is reused with another filter", async () => {
    const first = await list({ filter: "shop", pageSize: 1 });
    expect((await errorOf(list({ filter: "bank", pageSize: 1, pageToken: first.nextPageToken }))).code).toBe(Code.InvalidArgument);
  });
});

describe("ProjectService.GetProject", () => {
  it("is INVALID_ARGUMENT when the name is empty", async () => {
    const error = await errorOf(stack().client(ProjectService).getProject({ name: "" }));
    expect(error.code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    const error = await errorOf(stack().client(ProjectService).getProject({ name: "nope" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('project "nope" not found');
  });

  it("returns the typed project", async () => {
    const res = await stack().client(ProjectService).getProject({ name: "beta-bank" });
    expect(res.result.case).toBe("project");
    expect(res.result.case === "project" && res.result.value.metadata?.name).toBe("beta-bank");
  });

  it("returns the stored object as JSON or YAML", async () => {
    const client = stack().client(ProjectService);
    const json = await client.getProject({ name: "beta-bank", format: RawFormat.JSON });
    expect(JSON.parse(new TextDecoder().decode(json.result.value as Uint8Array))).toMatchObject({
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Project",
      metadata: { name: "beta-bank" },
    });
    const yaml = await client.getProject({ name: "beta-bank", format: RawFormat.YAML });
    expect(parse(new TextDecoder().decode(yaml.result.value as Uint8Array))).toMatchObject({ kind: "Project", metadata: { name: "beta-bank" } });
  });
});
