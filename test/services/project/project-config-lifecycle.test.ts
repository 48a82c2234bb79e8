import { Code } from "@connectrpc/connect";
import { ProjectService, type WatchProjectConfigResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf, errorOf, fixtures } from "../common/fixtures.js";
import { readWatch } from "../common/watch-reader.js";

const stack = useKargoStack();
const projects = (token?: string) => stack().client(ProjectService, token);
const REFRESH = "kargo.akuity.io/refresh";
let outsider = "";

const watch = (req: { project: string; resourceVersion?: string }, token?: string) =>
  readWatch<WatchProjectConfigResponse>((signal) => projects(token).watchProjectConfig(req, { signal }));
const isBookmark = (m: WatchProjectConfigResponse) => m.type === WatchEventType.BOOKMARK;
const summary = (m: WatchProjectConfigResponse) => `${WatchEventType[m.type]} ${m.projectConfig?.metadata?.name ?? ""}`.trim();

/** Makes the project's ProjectConfig through the API and returns its resource version. */
async function configure(project: string): Promise<string> {
  const res = await projects().updateProjectConfig({ project, spec: { promotionPolicies: [{ stage: "test", autoPromotionEnabled: true }] } });
  return res.projectConfig!.metadata!.resourceVersion;
}

beforeAll(async () => {
  const f = fixtures(stack());
  await f.project("cfg");
  await f.project("bare");
  await f.namespace("plain");
  outsider = await foreignProjectAdminToken(stack(), "elsewhere");
});

describe("ProjectService.DeleteProjectConfig", () => {
  it("is INVALID_ARGUMENT without a project, and for a namespace that is not a project", async () => {
    expect((await errorOf(projects().deleteProjectConfig({ project: " " }))).rawMessage).toBe("project should not be empty");
    expect((await errorOf(projects().deleteProjectConfig({ project: "plain" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project or its ProjectConfig does not exist", async () => {
    expect((await errorOf(projects().deleteProjectConfig({ project: "nope" }))).rawMessage).toBe('project "nope" not found');
    const error = await errorOf(projects().deleteProjectConfig({ project: "bare" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toContain('project config "bare" not found');
  });

  it("is PERMISSION_DENIED for the admin of another project, and deletes nothing", async () => {
    await configure("cfg");
    expect(await codeOf(projects(outsider).deleteProjectConfig({ project: "cfg" }))).toBe(Code.PermissionDenied);
    expect((await fixtures(stack()).kube.get(RESOURCES.projectconfigs, { namespace: "cfg", name: "cfg" })).metadata.name).toBe("cfg");
  });

  it("deletes the ProjectConfig; the project stays", async () => {
    await configure("cfg");
    await projects().deleteProjectConfig({ project: "cfg" });
    expect(await codeOf(fixtures(stack()).kube.get(RESOURCES.projectconfigs, { namespace: "cfg", name: "cfg" }))).toBe(Code.NotFound);
    expect((await projects().getProject({ name: "cfg" })).result.case).toBe("project");
  });
});

describe("ProjectService.RefreshProjectConfig", () => {
  it("is INVALID_ARGUMENT without a project", async () => {
    expect((await errorOf(projects().refreshProjectConfig({ project: "" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project or its ProjectConfig does not exist", async () => {
    expect((await errorOf(projects().refreshProjectConfig({ project: "nope" }))).code).toBe(Code.NotFound);
    expect((await errorOf(projects().refreshProjectConfig({ project: "bare" }))).code).toBe(Code.NotFound);
  });

  it("is PERMISSION_DENIED for the admin of another project, who may refresh their own", async () => {
    await configure("cfg");
    expect(await codeOf(projects(outsider).refreshProjectConfig({ project: "cfg" }))).toBe(Code.PermissionDenied);
    await configure("elsewhere");
    expect((await projects(outsider).refreshProjectConfig({ project: "elsewhere" })).projectConfig?.metadata?.annotations[REFRESH]).toBeDefined();
  });

  it("sets a new refresh token on every call, keeping the spec", async () => {
    await configure("cfg");
    const first = (await projects().refreshProjectConfig({ project: "cfg" })).projectConfig!;
    const second = (await projects().refreshProjectConfig({ project: "cfg" })).projectConfig!;
    const [a, b] = [first.metadata!.annotations[REFRESH], second.metadata!.annotations[REFRESH]];
    expect(a).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(b).not.toBe(a);
    const stored = await fixtures(stack()).kube.get(RESOURCES.projectconfigs, { namespace: "cfg", name: "cfg" });
    expect(stored.metadata.annotations?.[REFRESH]).toBe(b);
    expect(second.spec?.promotionPolicies.map((p) => p.stage)).toEqual(["test"]);
  });
});

describe("ProjectService.WatchProjectConfig", () => {
  it("is INVALID_ARGUMENT without a project", async () => {
    expect(await codeOf(watch({ project: "" }).next())).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project, or for a fresh watch its ProjectConfig, does not exist", async () => {
    expect(await codeOf(watch({ project: "nope" }).next())).toBe(Code.NotFound);
    expect(await codeOf(watch({ project: "bare" }).next())).toBe(Code.NotFound);
  });

  it("is PERMISSION_DENIED for the admin of another project", async () => {
    await configure("cfg");
    expect(await codeOf(watch({ project: "cfg" }, outsider).next())).toBe(Code.PermissionDenied);
  });

  it("sends ADDED, a BOOKMARK, then the config's changes through its deletion", async () => {
    await configure("cfg");
    const reader = watch({ project: "cfg" });
    try {
      expect((await reader.readUntil(isBookmark)).map(summary)).toEqual(["ADDED cfg", "BOOKMARK"]);
      const token = (await projects().refreshProjectConfig({ project: "cfg" })).projectConfig!.metadata!.annotations[REFRESH];
      const refreshed = (await reader.readUntil((m) => m.projectConfig?.metadata?.annotations[REFRESH] === token)).at(-1)!;
      expect(summary(refreshed)).toBe("MODIFIED cfg");
      await projects().deleteProjectConfig({ project: "cfg" });
      expect(summary((await reader.readUntil((m) => m.type === WatchEventType.DELETED)).at(-1)!)).toBe("DELETED cfg");
    } finally {
      reader.close();
    }
  });

  it("resumes after a resource_version without a snapshot, even when the config is gone", async () => {
    const version = await configure("cfg");
    await projects().deleteProjectConfig({ project: "cfg" });
    await configure("cfg");
    const reader = watch({ project: "cfg", resourceVersion: version });
    try {
      const seen = (await reader.readUntil((m) => m.type === WatchEventType.ADDED)).filter((m) => !isBookmark(m)).map(summary);
      expect(seen).toEqual(["DELETED cfg", "ADDED cfg"]);
    } finally {
      reader.close();
    }
  });
});
