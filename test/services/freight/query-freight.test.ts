import { Code } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { FreightService, type QueryFreightRequestSchema } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "./kargo-fixtures.js";

const project = "querying";
const APP = "ghcr.io/example/app";
const SIDECAR = "ghcr.io/example/sidecar";

describe("FreightService.QueryFreight", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const query = (req: Omit<MessageInitShape<typeof QueryFreightRequestSchema>, "project" | "$typeName">) =>
    stack().client(FreightService).queryFreight({ project, ...req });
  const aliases = (freight: { alias: string }[] | undefined) => (freight ?? []).map((f) => f.alias);

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images", [{ image: { repoURL: APP } }, { image: { repoURL: SIDECAR } }]);
    await fx.warehouse(project, "others", [{ image: { repoURL: APP } }]);
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    await fx.stage(project, "uat", [{ sources: { stages: ["test"] } }]);
    // Discovered in this order; tags do not follow it (1.10.0 is newer than 1.9.0 by semver).
    await fx.freight(project, { alias: "v1-9", images: [{ repoURL: APP, tag: "1.9.0" }], discoveredAt: "2026-01-01T00:00:00Z" });
    await fx.freight(project, { alias: "v1-10", images: [{ repoURL: APP, tag: "1.10.0" }, { repoURL: SIDECAR, tag: "2.0.0" }], discoveredAt: "2026-01-02T00:00:00Z" });
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
});
