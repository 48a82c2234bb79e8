import { Code } from "@connectrpc/connect";
import { ClusterConfigService, type WatchClusterConfigResponse } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf, errorOf, fixtures } from "../common/fixtures.js";
import { readWatch } from "../common/watch-reader.js";

// The ClusterConfig is one cluster-wide object: the tests run in order on this file's own stack,
// each leaving it configured (or, where said, deleted) for the next.
const stack = useKargoStack();
const configs = (token?: string) => stack().client(ClusterConfigService, token);
const REFRESH = "kargo.akuity.io/refresh";
const ref = { name: "cluster" };
let projectAdmin = "";

const watch = (req: { resourceVersion?: string }, token?: string) =>
  readWatch<WatchClusterConfigResponse>((signal) => configs(token).watchClusterConfig(req, { signal }));
const isBookmark = (m: WatchClusterConfigResponse) => m.type === WatchEventType.BOOKMARK;
const summary = (m: WatchClusterConfigResponse) => `${WatchEventType[m.type]} ${m.clusterConfig?.metadata?.name ?? ""}`.trim();

/** Sets the ClusterConfig through the API; returns its resource version. */
async function configure(committer = "Kargo"): Promise<string> {
  const res = await configs().updateClusterConfig({
    spec: { gitClient: { name: committer, email: "kargo@example.com" }, stageLinks: [{ title: "Docs", url: "https://docs.example.com" }] },
  });
  return res.clusterConfig!.metadata!.resourceVersion;
}

beforeAll(async () => {
  projectAdmin = await foreignProjectAdminToken(stack(), "tenant");
});

describe("ClusterConfigService without a ClusterConfig", () => {
  it("answers NOT_FOUND to Get, Delete, Refresh and a fresh Watch", async () => {
    const error = await errorOf(configs().getClusterConfig({}));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('cluster config "cluster" not found');
    expect(await codeOf(configs().deleteClusterConfig({}))).toBe(Code.NotFound);
    expect(await codeOf(configs().refreshClusterConfig({}))).toBe(Code.NotFound);
    expect(await codeOf(watch({}).next())).toBe(Code.NotFound);
  });

  it("refuses a project's admin, who has no cluster-wide rights, every RPC", async () => {
    expect(await codeOf(configs(projectAdmin).getClusterConfig({}))).toBe(Code.PermissionDenied);
    expect(await codeOf(configs(projectAdmin).updateClusterConfig({ spec: { gitClient: { name: "Mallory", email: "m@example.com" } } }))).toBe(
      Code.PermissionDenied,
    );
    expect(await codeOf(configs(projectAdmin).deleteClusterConfig({}))).toBe(Code.PermissionDenied);
    expect(await codeOf(configs(projectAdmin).refreshClusterConfig({}))).toBe(Code.PermissionDenied);
    expect(await codeOf(watch({}, projectAdmin).next())).toBe(Code.PermissionDenied);
    expect(await codeOf(fixtures(stack()).kube.get(RESOURCES.clusterconfigs, ref))).toBe(Code.NotFound);
  });
});

describe("ClusterConfigService.UpdateClusterConfig", () => {
  it("is INVALID_ARGUMENT without a spec, or with a spec the CRD refuses", async () => {
    expect((await errorOf(configs().updateClusterConfig({}))).rawMessage).toBe("spec should not be empty");
    const error = await errorOf(configs().updateClusterConfig({ spec: { stageLinks: [{ title: "No URL" }] } }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain("spec.stageLinks[0].url");
  });

  it("is ABORTED with a resource_version while none exists", async () => {
    expect(await codeOf(configs().updateClusterConfig({ spec: {}, resourceVersion: "7" }))).toBe(Code.Aborted);
  });

  it("creates the ClusterConfig named cluster, then replaces the modelled fields and keeps the rest", async () => {
    await configure();
    await fixtures(stack()).kube.mergePatch(RESOURCES.clusterconfigs, ref, { metadata: { labels: { team: "platform" } }, spec: { futureField: { x: 1 } } });
    const res = await configs().updateClusterConfig({ spec: { freightLinks: [{ title: "Commit", url: "https://git.example.com/${{ freight.name }}" }] } });
    expect(res.clusterConfig?.metadata?.name).toBe("cluster");
    const stored = await fixtures(stack()).kube.get(RESOURCES.clusterconfigs, ref);
    expect(stored.metadata.labels?.["team"]).toBe("platform");
    expect(stored["spec"]).toEqual({ futureField: { x: 1 }, freightLinks: [{ title: "Commit", url: "https://git.example.com/${{ freight.name }}" }] });
  });

  it("is ABORTED when resource_version is stale", async () => {
    const version = await configure("First");
    await configure("Second");
    expect(await codeOf(configs().updateClusterConfig({ spec: {}, resourceVersion: version }))).toBe(Code.Aborted);
  });
});

describe("ClusterConfigService.GetClusterConfig", () => {
  it("returns it typed, as JSON and as YAML; an unknown format is INVALID_ARGUMENT", async () => {
    await configure("Getter");
    const typed = await configs().getClusterConfig({});
    expect(typed.result.case === "clusterConfig" && typed.result.value.spec?.gitClient?.name).toBe("Getter");
    const json = await configs().getClusterConfig({ format: RawFormat.JSON });
    expect(JSON.parse(new TextDecoder().decode(json.result.value as Uint8Array))).toMatchObject({ kind: "ClusterConfig", metadata: { name: "cluster" } });
    const yaml = await configs().getClusterConfig({ format: RawFormat.YAML });
    expect(new TextDecoder().decode(yaml.result.value as Uint8Array)).toContain("kind: ClusterConfig");
    expect(await codeOf(configs().getClusterConfig({ format: 42 as RawFormat }))).toBe(Code.InvalidArgument);
  });
});

describe("ClusterConfigService.RefreshClusterConfig", () => {
  it("sets a new refresh token on every call", async () => {
    await configure();
    const a = (await configs().refreshClusterConfig({})).clusterConfig!.metadata!.annotations[REFRESH];
    const b = (await configs().refreshClusterConfig({})).clusterConfig!.metadata!.annotations[REFRESH];
    expect(a).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(b).not.toBe(a);
    expect((await fixtures(stack()).kube.get(RESOURCES.clusterconfigs, ref)).metadata.annotations?.[REFRESH]).toBe(b);
  });
});

describe("ClusterConfigService.WatchClusterConfig and DeleteClusterConfig", () => {
  it("is OUT_OF_RANGE (list again) for a resource_version it cannot resume from", async () => {
    expect(await codeOf(watch({ resourceVersion: "not-a-version" }).next())).toBe(Code.OutOfRange);
  });

  it("sends ADDED, a BOOKMARK, then changes through the deletion", async () => {
    await configure();
    const reader = watch({});
    try {
      expect((await reader.readUntil(isBookmark)).map(summary)).toEqual(["ADDED cluster", "BOOKMARK"]);
      const token = (await configs().refreshClusterConfig({})).clusterConfig!.metadata!.annotations[REFRESH];
      expect(summary((await reader.readUntil((m) => m.clusterConfig?.metadata?.annotations[REFRESH] === token)).at(-1)!)).toBe("MODIFIED cluster");
      await configs().deleteClusterConfig({});
      expect(summary((await reader.readUntil((m) => m.type === WatchEventType.DELETED)).at(-1)!)).toBe("DELETED cluster");
    } finally {
      reader.close();
    }
    expect(await codeOf(fixtures(stack()).kube.get(RESOURCES.clusterconfigs, ref))).toBe(Code.NotFound);
  });

  it("resumes after a resource_version without a snapshot, through a deletion and a re-creation", async () => {
    const version = await configure();
    await configs().deleteClusterConfig({});
    await configure();
    const reader = watch({ resourceVersion: version });
    try {
      const seen = (await reader.readUntil((m) => m.type === WatchEventType.ADDED)).filter((m) => !isBookmark(m)).map(summary);
      expect(seen).toEqual(["DELETED cluster", "ADDED cluster"]);
    } finally {
      reader.close();
    }
  });
});

describe("ClusterConfigService for a caller with cluster-wide read rights only", () => {
  it("may get and watch the ClusterConfig but not change it", async () => {
    // Like Kargo's kargo-viewer ClusterRole: read, cluster-wide, through a ServiceAccount token.
    const { core, rbac } = stack();
    const name = "cluster-reader";
    await core.createNamespace({ body: { metadata: { name: "readers" } } });
    await core.createNamespacedServiceAccount({ namespace: "readers", body: { metadata: { name } } });
    await rbac.createClusterRole({
      body: { metadata: { name }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["clusterconfigs"], verbs: ["get", "list", "watch"] }] },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
        subjects: [{ kind: "ServiceAccount", name, namespace: "readers" }],
      },
    });
    const reader = (await core.createNamespacedServiceAccountToken({ namespace: "readers", name, body: { spec: { expirationSeconds: 600 } } })).status!.token!;
    await configure("Readable");
    const got = await configs(reader).getClusterConfig({});
    expect(got.result.case === "clusterConfig" && got.result.value.spec?.gitClient?.name).toBe("Readable");
    const stream = watch({}, reader);
    try {
      expect(summary(await stream.next())).toBe("ADDED cluster");
    } finally {
      stream.close();
    }
    expect(await codeOf(configs(reader).refreshClusterConfig({}))).toBe(Code.PermissionDenied);
    expect(await codeOf(configs(reader).updateClusterConfig({ spec: {} }))).toBe(Code.PermissionDenied);
    expect(await codeOf(configs(reader).deleteClusterConfig({}))).toBe(Code.PermissionDenied);
  });
});
