import { Code } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { FreightService, type QueryFreightRequestSchema } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf, errorOf, fixtures } from "./kargo-fixtures.js";

const project = "querying";
const APP = "ghcr.io/example/app";
const SIDECAR = "ghcr.io/example/sidecar";

describe("FreightService.QueryFreight", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const query = (req: Omit<MessageInitShape<typeof QueryFreightRequestSchema>, "project" | "$typeName">) =>
    stack()
      .client(FreightService)
      .queryFreight({ project, ...req });
  const aliases = (freight: { alias: string }[] | undefined) => (freight ?? []).map((f) => f.alias);

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images", [{ image: { repoURL: APP } }, { image: { repoURL: SIDECAR } }]);
    await fx.warehouse(project, "others", [{ image: { repoURL: APP } }]);
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    await fx.stage(project, "uat", [{ sources: { stages: ["test"] } }]);
    // Discovered in this order; tags do not follow it (1.10.0 is newer than 1.9.0 by semver).
    await fx.freight(project, { alias: "v1-9", images: [{ repoURL: APP, tag: "1.9.0" }], discoveredAt: "2026-01-01T00:00:00Z" });
    await fx.freight(project, {
      alias: "v1-10",
      images: [
        { repoURL: APP, tag: "1.10.0" },
        { repoURL: SIDECAR, tag: "2.0.0" },
      ],
      discoveredAt: "2026-01-02T00:00:00Z",
    });
    await fx.freight(project, { alias: "v1-2", images: [{ repoURL: APP, tag: "1.2.0" }], discoveredAt: "2026-01-03T00:00:00Z" });
    await fx.freight(project, { alias: "other", origin: "others", images: [{ repoURL: APP, tag: "0.1.0" }], discoveredAt: "2026-01-04T00:00:00Z" });
  });

  describe("with invalid grouping or ordering", () => {
    it.each([
      [{ groupBy: "nonsense" }, 'group_by "nonsense"'],
      [{ orderBy: "nonsense" }, 'order_by "nonsense"'],
      [{ group: APP }, "needs group_by"],
      [{ groupBy: "git_repo", orderBy: "tag" }, 'order_by "tag" needs group_by image_repo or chart_repo'],
    ])("is INVALID_ARGUMENT for %j", async (req, message) => {
      const error = await errorOf(query(req));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain(message);
    });
  });

  describe("when the project does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(FreightService).queryFreight({ project: "nope" }))).toBe(Code.NotFound);
    });
  });

  describe("when the stage does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(query({ stage: "missing" }))).toBe(Code.NotFound);
    });
  });

  it("returns all the project's Freight in one group, oldest first, with a resource version", async () => {
    const res = await query({});
    expect(Object.keys(res.groups)).toEqual([""]);
    expect(aliases(res.groups[""]?.freight)).toEqual(["v1-9", "v1-10", "v1-2", "other"]);
    expect(res.resourceVersion).not.toBe("");
  });

  it("returns only the Freight of the origins asked for", async () => {
    expect(aliases((await query({ origins: ["others"] })).groups[""]?.freight)).toEqual(["other"]);
  });

  it("groups by image repository, a Freight in every group it has an image for", async () => {
    const res = await query({ groupBy: "image_repo", origins: ["images"] });
    expect(Object.keys(res.groups).sort()).toEqual([APP, SIDECAR]);
    expect(aliases(res.groups[APP]?.freight)).toEqual(["v1-9", "v1-10", "v1-2"]);
    expect(aliases(res.groups[SIDECAR]?.freight)).toEqual(["v1-10"]);
  });

  it("orders by tag as semantic versions, reversed on request, within one group", async () => {
    const res = await query({ groupBy: "image_repo", group: APP, orderBy: "tag", reverse: true, origins: ["images"] });
    expect(Object.keys(res.groups)).toEqual([APP]);
    expect(aliases(res.groups[APP]?.freight)).toEqual(["v1-10", "v1-9", "v1-2"]);
  });

  it("returns the Freight available to a stage: all of its origin for a direct stage", async () => {
    expect(aliases((await query({ stage: "test" })).groups[""]?.freight)).toEqual(["v1-9", "v1-10", "v1-2"]);
  });

  it("returns the Freight available to a stage: only what is verified upstream or approved", async () => {
    expect(aliases((await query({ stage: "uat" })).groups[""]?.freight)).toEqual([]);
    const names = Object.fromEntries(((await query({})).groups[""]?.freight ?? []).map((f) => [f.alias, f.metadata?.name ?? ""]));
    await fx.freightStatus(project, names["v1-9"]!, { verifiedIn: { test: { verifiedAt: new Date().toISOString() } } });
    await fx.freightStatus(project, names["v1-2"]!, { approvedFor: { uat: { approvedAt: new Date().toISOString() } } });
    expect(aliases((await query({ stage: "uat" })).groups[""]?.freight)).toEqual(["v1-9", "v1-2"]);
  });

  describe("for several stages at once", () => {
    it("is INVALID_ARGUMENT with stage as well, an empty name, or more than 100 stages", async () => {
      expect((await errorOf(query({ stage: "test", stages: ["uat"] }))).rawMessage).toBe("stage and stages cannot both be set");
      expect((await errorOf(query({ stages: ["test", " "] }))).rawMessage).toBe("stages[1] should not be empty");
      const many = await errorOf(query({ stages: Array.from({ length: 101 }, (_, i) => `s${i}`) }));
      expect(many.code).toBe(Code.InvalidArgument);
      expect(many.rawMessage).toContain("at most 100");
    });

    it("is NOT_FOUND naming a stage that does not exist", async () => {
      const error = await errorOf(query({ stages: ["test", "missing"] }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe(`stage "missing" not found in project "${project}"`);
    });

    it("is PERMISSION_DENIED for a caller of another project", async () => {
      const foreign = await foreignProjectAdminToken(stack(), "query-elsewhere");
      expect(
        await codeOf(
          stack()
            .client(FreightService, foreign)
            .queryFreight({ project, stages: ["test"] }),
        ),
      ).toBe(Code.PermissionDenied);
    });

    it("needs list on stages as well: a caller who may only list Freight is refused", async () => {
      const { core, rbac } = stack();
      await core.createNamespacedServiceAccount({ namespace: project, body: { metadata: { name: "freight-lister" } } });
      await rbac.createNamespacedRole({
        namespace: project,
        body: { metadata: { name: "freight-lister" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["freights"], verbs: ["list"] }] },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: project,
        body: {
          metadata: { name: "freight-lister" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "freight-lister" },
          subjects: [{ kind: "ServiceAccount", name: "freight-lister", namespace: project }],
        },
      });
      const token = (await core.createNamespacedServiceAccountToken({ namespace: project, name: "freight-lister", body: { spec: { expirationSeconds: 600 } } }))
        .status!.token!;
      const lister = stack().client(FreightService, token);
      expect(Object.keys((await lister.queryFreight({ project })).groups)).toEqual([""]);
      expect(await codeOf(lister.queryFreight({ project, stages: ["test"] }))).toBe(Code.PermissionDenied);
    });

    it("returns each stage's available Freight, exactly as one query per stage does, grouped alike", async () => {
      for (const grouping of [{}, { groupBy: "image_repo", orderBy: "tag" }]) {
        const res = await query({ stages: ["test", "uat", "test"], ...grouping });
        expect(res.groups).toEqual({});
        expect(Object.keys(res.stages).sort()).toEqual(["test", "uat"]);
        for (const stage of ["test", "uat"]) {
          const single = await query({ stage, ...grouping });
          expect(Object.keys(res.stages[stage]!.groups).sort()).toEqual(Object.keys(single.groups).sort());
          for (const [key, list] of Object.entries(single.groups)) expect(aliases(res.stages[stage]!.groups[key]?.freight)).toEqual(aliases(list.freight));
        }
      }
      // The previous test approved and verified some Freight for uat: the two stages differ.
      expect(aliases((await query({ stages: ["test", "uat"] })).stages["uat"]?.groups[""]?.freight)).toEqual(["v1-9", "v1-2"]);
      expect(aliases((await query({ stages: ["test", "uat"] })).stages["test"]?.groups[""]?.freight)).toEqual(["v1-9", "v1-10", "v1-2"]);
    });
  });
});
