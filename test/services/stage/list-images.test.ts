import { Code } from "@connectrpc/connect";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf, errorOf, fixtures } from "../freight/kargo-fixtures.js";

const project = "imaging";
const APP = "ghcr.io/example/app";
const SIDECAR = "ghcr.io/example/sidecar";

/** A status.freightHistory entry holding one Freight of Warehouse "images" with these images. */
function collection(name: string, images: { repoURL: string; tag?: string; digest?: string }[]) {
  return { id: `c-${name}`, items: { "Warehouse/images": { name, origin: { kind: "Warehouse", name: "images" }, images } } };
}

describe("StageService.ListImages", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const list = (req: { project?: string; pageSize?: number; pageToken?: string }, token?: string) =>
    stack()
      .client(StageService, token)
      .listImages({ project, ...req });

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    for (const stage of ["test", "uat", "prod"]) await fx.stage(project, stage, [{ sources: { direct: true } }]);
    // Newest first: test runs app 1.2.0 now, ran 1.1.0 before, and 1.0.0 twice before that (the
    // most recent use counts); uat runs 1.1.0 with the sidecar; prod has a digest-only image.
    await fx.stageStatus(project, "test", {
      freightHistory: [
        collection("f3", [{ repoURL: APP, tag: "1.2.0" }]),
        collection("f2", [{ repoURL: APP, tag: "1.1.0" }]),
        collection("f1", [{ repoURL: APP, tag: "1.0.0" }]),
        collection("f0", [{ repoURL: APP, tag: "1.0.0" }]),
      ],
    });
    await fx.stageStatus(project, "uat", {
      freightHistory: [
        collection("f2s", [
          { repoURL: APP, tag: "1.1.0" },
          { repoURL: SIDECAR, tag: "2.0.0" },
        ]),
      ],
    });
    await fx.stageStatus(project, "prod", { freightHistory: [collection("fd", [{ repoURL: SIDECAR, digest: "sha256:abc" }])] });
  });

  it("is INVALID_ARGUMENT without a project or with a negative page size", async () => {
    expect((await errorOf(stack().client(StageService).listImages({}))).code).toBe(Code.InvalidArgument);
    expect((await errorOf(list({ pageSize: -1 }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect(await codeOf(list({ project: "nope" }))).toBe(Code.NotFound);
  });

  it("is PERMISSION_DENIED for a caller of another project", async () => {
    const foreign = await foreignProjectAdminToken(stack(), "images-elsewhere");
    expect(await codeOf(list({}, foreign))).toBe(Code.PermissionDenied);
  });

  it("maps repository → tag → Stage → index in the Stage's Freight history (most recent use)", async () => {
    const { images, totalSize, nextPageToken } = await list({});
    const plain = Object.fromEntries(
      Object.entries(images).map(([repo, { tags }]) => [repo, Object.fromEntries(Object.entries(tags).map(([tag, { stages }]) => [tag, { ...stages }]))]),
    );
    expect(plain).toEqual({
      [APP]: { "1.2.0": { test: 0 }, "1.1.0": { test: 1, uat: 0 }, "1.0.0": { test: 2 } },
      [SIDECAR]: { "2.0.0": { uat: 0 }, "sha256:abc": { prod: 0 } },
    });
    expect(totalSize).toBe(2);
    expect(nextPageToken).toBe("");
  });

  it("pages by repository URL", async () => {
    const first = await list({ pageSize: 1 });
    expect(Object.keys(first.images)).toEqual([APP]);
    expect(first.totalSize).toBe(2);
    const second = await list({ pageSize: 1, pageToken: first.nextPageToken });
    expect(Object.keys(second.images)).toEqual([SIDECAR]);
    expect(second.nextPageToken).toBe("");
  });

  it("follows the Stages: a new current Freight moves the indexes", async () => {
    await fx.stageStatus(project, "uat", {
      freightHistory: [
        collection("f3u", [{ repoURL: APP, tag: "1.2.0" }]),
        collection("f2s", [
          { repoURL: APP, tag: "1.1.0" },
          { repoURL: SIDECAR, tag: "2.0.0" },
        ]),
      ],
    });
    const { images } = await list({});
    expect({ ...images[APP]!.tags["1.2.0"]!.stages }).toEqual({ test: 0, uat: 0 });
    expect({ ...images[APP]!.tags["1.1.0"]!.stages }).toEqual({ test: 1, uat: 1 });
    expect({ ...images[SIDECAR]!.tags["2.0.0"]!.stages }).toEqual({ uat: 1 });
  });
});
