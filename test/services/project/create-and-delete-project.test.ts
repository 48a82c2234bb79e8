import { Code } from "@connectrpc/connect";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { WarehouseService } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();

describe("ProjectService.CreateProject", () => {
  it("is INVALID_ARGUMENT when the name is empty", async () => {
    const error = await errorOf(stack().client(ProjectService).createProject({ name: "  " }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("name should not be empty");
  });

  it.each(["Upper", "with.dot", "-lead", "x".repeat(64)])("is INVALID_ARGUMENT for the non-DNS-label name %s", async (name) => {
    const error = await errorOf(stack().client(ProjectService).createProject({ name }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/is not a valid DNS label/);
  });

  it("creates the Project, recording the creator", async () => {
    const res = await stack().client(ProjectService).createProject({ name: "fresh" });
    expect(res.project?.metadata?.name).toBe("fresh");
    const stored = await fixtures(stack()).kube.get(RESOURCES.projects, { name: "fresh" });
    expect(stored.metadata.annotations?.["kargo.akuity.io/create-actor"]).toBe("admin");
    // The admin has no OIDC claims to map.
    expect(stored.metadata.annotations?.["kargo.akuity.io/created-by-claims"]).toBeUndefined();
    // Readable at once (the write waited for the projects cache).
    const got = await stack().client(ProjectService).getProject({ name: "fresh" });
    expect(got.result.case).toBe("project");
  });

  it("makes a usable project: admission creates its labelled namespace", async () => {
    await stack().client(ProjectService).createProject({ name: "usable" });
    const namespace = await fixtures(stack()).kube.get(RESOURCES.namespaces, { name: "usable" });
    expect(namespace.metadata.labels?.["kargo.akuity.io/project"]).toBe("true");
    // Project-scoped RPCs accept it at once (requireProject confirms a namespace-cache miss).
    const res = await stack().client(WarehouseService).listWarehouses({ project: "usable" });
    expect(res.totalSize).toBe(0);
  });

  it("is ALREADY_EXISTS when the project exists", async () => {
    await fixtures(stack()).project("taken");
    const error = await errorOf(stack().client(ProjectService).createProject({ name: "taken" }));
    expect(error.code).toBe(Code.AlreadyExists);
  });
});

describe("ProjectService.DeleteProject", () => {
  it("is INVALID_ARGUMENT when the name is empty", async () => {
    expect((await errorOf(stack().client(ProjectService).deleteProject({ name: "" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    const error = await errorOf(stack().client(ProjectService).deleteProject({ name: "ghost" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toMatch(/project "ghost" not found/);
  });

  it("deletes the Project (gone, or terminating while finalizers run)", async () => {
    await fixtures(stack()).project("doomed");
    await stack().client(ProjectService).deleteProject({ name: "doomed" });
    const error = await errorOf(stack().client(ProjectService).getProject({ name: "doomed" })).catch(() => undefined);
    if (error !== undefined) {
      expect(error.code).toBe(Code.NotFound);
    } else {
      const res = await stack().client(ProjectService).getProject({ name: "doomed" });
      const project = res.result.case === "project" ? res.result.value : undefined;
      expect(project?.metadata?.deletionTimestamp).toBeDefined();
    }
  });
});
