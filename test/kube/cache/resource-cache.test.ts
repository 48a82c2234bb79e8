import { createKubeCaches, type KubeCaches } from "../../../src/kube/cache/kube-caches.js";
import { createKubeClient, type KubeClient } from "../../../src/kube/kube-client.js";
import { RESOURCES } from "../../../src/kube/kargo-resources.js";
import { useEmbeddedControlPlane } from "../../embedded/support/use-embedded-control-plane.js";
import { countRequests, type RequestCounter } from "../support/count-requests.js";
import { createProjectNamespace, stageObject } from "../support/project-namespace.js";
import { eventually } from "../../support/eventually.js";
import { startupTimeline } from "../../../src/util/startup-timeline.js";

describe("informer caches", () => {
  const fixture = useEmbeddedControlPlane();
  let client: KubeClient;
  let caches: KubeCaches;
  let requests: RequestCounter;

  beforeAll(async () => {
    client = createKubeClient(fixture.kubeConfig());
    await createProjectNamespace(client, "alpha");
    await createProjectNamespace(client, "beta");
    // Created in reverse order: lists must come back ordered by name regardless.
    for (const name of ["uat", "test", "prod"]) await client.create(RESOURCES.stages, stageObject("alpha", name, { tier: name === "prod" ? "live" : "pre" }));
    await client.create(RESOURCES.stages, stageObject("beta", "only"));
    const config = fixture.kubeConfig();
    requests = countRequests(config);
    caches = createKubeCaches(config, { listChunkSize: 2 });
  });

  afterAll(() => caches.stop());

  describe("once synced", () => {
    it("holds every existing object, listed by namespace then name", async () => {
      const stages = caches.cache(RESOURCES.stages);
      await stages.synced;
      expect(stages.isSynced).toBe(true);
      expect(stages.list("alpha").map((s) => s.metadata.name)).toEqual(["prod", "test", "uat"]);
      expect(stages.list().map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(["alpha/prod", "alpha/test", "alpha/uat", "beta/only"]);
      expect(stages.get("alpha", "test")?.spec).toEqual(stageObject("alpha", "test").spec);
      expect(stages.get("beta", "test")).toBeUndefined();
      expect(stages.resourceVersion).toMatch(/^\d+$/);
    });

    it("lists with a filter", () => {
      const live = caches.cache(RESOURCES.stages).list("alpha", (s) => s.metadata.labels?.["tier"] === "live");
      expect(live.map((s) => s.metadata.name)).toEqual(["prod"]);
    });

    it("hands out frozen objects, so no reader can corrupt what others read", () => {
      const stage = caches.cache(RESOURCES.stages).get("alpha", "test")!;
      expect(Object.isFrozen(stage)).toBe(true);
      expect(Object.isFrozen(stage.metadata)).toBe(true);
      expect(() => {
        (stage.metadata as { name?: string }).name = "hacked";
      }).toThrow(TypeError);
    });

    it("serves 100 reads without a single Kubernetes request", async () => {
      const stages = caches.cache(RESOURCES.stages);
      await stages.synced;
      const before = requests.total;
      for (let i = 0; i < 100; i++) {
        expect(stages.get("alpha", "prod")).toBeDefined();
        expect(stages.list("alpha")).toHaveLength(3);
        stages.list(undefined, (s) => s.metadata.namespace === "beta");
      }
      expect(requests.total).toBe(before);
    });

    it("uses one list (in chunks) and one watch per type, however often it is asked for", async () => {
      await caches.start([RESOURCES.stages, RESOURCES.stages]);
      expect(caches.cache(RESOURCES.stages)).toBe(caches.cache(RESOURCES.stages));
      const stageRequests = requests.urls.filter((u) => new URL(u).pathname === "/apis/kargo.akuity.io/v1alpha1/stages");
      // 4 stages in chunks of 2: the list needs 2 requests (maybe 3 when the last chunk is exactly full); then 1 watch.
      expect(stageRequests.filter((u) => !u.includes("watch=true")).length).toBeGreaterThanOrEqual(2);
      expect(stageRequests.filter((u) => u.includes("watch=true"))).toHaveLength(1);
    });
  });

  describe("after writes", () => {
    it("sees a create, a patch and a delete", async () => {
      const stages = caches.cache(RESOURCES.stages);
      await stages.synced;
      const created = await client.create(RESOURCES.stages, stageObject("beta", "new"));
      await eventually(() => stages.get("beta", "new"));
      expect(stages.resourceVersion).toBe(created.metadata.resourceVersion);
      expect(stages.list("beta").map((s) => s.metadata.name)).toEqual(["new", "only"]);

      const patched = await client.mergePatch(RESOURCES.stages, { namespace: "beta", name: "new" }, { metadata: { labels: { tier: "live" } } });
      await eventually(() => stages.get("beta", "new")?.metadata.labels?.["tier"] === "live");
      expect(stages.get("beta", "new")?.metadata.resourceVersion).toBe(patched.metadata.resourceVersion);

      await client.delete(RESOURCES.stages, { namespace: "beta", name: "new" });
      await eventually(() => stages.get("beta", "new") === undefined);
      expect(stages.list("beta").map((s) => s.metadata.name)).toEqual(["only"]);
    });

    it("serves cluster-scoped types by name", async () => {
      const namespaces = caches.cache(RESOURCES.namespaces);
      await namespaces.synced;
      expect(namespaces.get(undefined, "alpha")?.metadata.labels?.["kargo.akuity.io/project"]).toBe("true");
      expect(namespaces.get("ignored", "beta")).toBeDefined();
      await createProjectNamespace(client, "gamma");
      await eventually(() => namespaces.get(undefined, "gamma"));
    });
  });

  describe("read-your-writes", () => {
    it("a client given the caches returns from each write only once the cache shows it", async () => {
      const stages = caches.cache(RESOURCES.stages);
      await stages.synced;
      const settling = createKubeClient(fixture.kubeConfig(), { caches });
      for (let i = 0; i < 5; i++) {
        const created = await settling.create(RESOURCES.stages, stageObject("beta", `ryw-${i}`));
        expect(stages.get("beta", `ryw-${i}`)?.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
        const patched = await settling.mergePatch(RESOURCES.stages, { namespace: "beta", name: `ryw-${i}` }, { metadata: { annotations: { n: String(i) } } });
        expect(stages.get("beta", `ryw-${i}`)?.metadata.resourceVersion).toBe(patched.metadata.resourceVersion);
        const status = await settling.patchStatus(RESOURCES.stages, { namespace: "beta", name: `ryw-${i}` }, { status: { phase: "Steady" } });
        expect(stages.get("beta", `ryw-${i}`)?.metadata.resourceVersion).toBe(status.metadata.resourceVersion);
        const replaced = await settling.replace(RESOURCES.stages, { ...stageObject("beta", `ryw-${i}`), metadata: { ...status.metadata } });
        expect(stages.get("beta", `ryw-${i}`)?.metadata.resourceVersion).toBe(replaced.metadata.resourceVersion);
        await settling.delete(RESOURCES.stages, { namespace: "beta", name: `ryw-${i}` });
        expect(stages.get("beta", `ryw-${i}`)).toBeUndefined();
      }
    });

    it("does not wait for types whose informer is not started", async () => {
      const settling = createKubeClient(fixture.kubeConfig(), { caches });
      const before = caches.started().length;
      await settling.create(RESOURCES.configmaps, { metadata: { name: "plain", namespace: "beta" }, data: { a: "1" } });
      expect(caches.peek(RESOURCES.configmaps)).toBeUndefined();
      expect(caches.started()).toHaveLength(before);
    });
  });

  describe("indexes", () => {
    it("find objects by a computed key and follow changes of that key", async () => {
      const stages = caches.cache(RESOURCES.stages);
      await stages.synced;
      stages.addIndex("tier", (s) => (s.metadata.labels?.["tier"] ? [s.metadata.labels["tier"]] : []));
      expect(stages.byIndex("tier", "pre", "alpha").map((s) => s.metadata.name)).toEqual(["test", "uat"]);
      expect(stages.byIndex("tier", "live").map((s) => s.metadata.name)).toEqual(["prod"]);

      await client.mergePatch(RESOURCES.stages, { namespace: "alpha", name: "uat" }, { metadata: { labels: { tier: "live" } } });
      await eventually(() => stages.byIndex("tier", "live").length === 2);
      expect(stages.byIndex("tier", "pre").map((s) => s.metadata.name)).toEqual(["test"]);
      expect(stages.byIndex("tier", "nothing")).toEqual([]);

      // A deleted object leaves its index entries.
      await client.delete(RESOURCES.stages, { namespace: "alpha", name: "test" });
      await eventually(() => stages.byIndex("tier", "pre").length === 0);
      expect(stages.byIndex("tier", "live").map((s) => s.metadata.name)).toEqual(["prod", "uat"]);
    });

    it("refuses a query on an index nobody declared", () => {
      expect(() => caches.cache(RESOURCES.stages).byIndex("nope", "x")).toThrow('no index "nope" on stages');
    });
  });

  describe("memory", () => {
    it("releases V8's unused memory once after a list of releaseMemoryAfterListOf objects or more", async () => {
      const releases = () => startupTimeline().filter(({ phase }) => phase.startsWith("unused memory released")).length;
      const before = releases();
      const large = createKubeCaches(fixture.kubeConfig(), { releaseMemoryAfterListOf: 2 });
      try {
        await large.cache(RESOURCES.stages).synced;
        expect(large.cache(RESOURCES.stages).list().length).toBeGreaterThanOrEqual(2);
        await eventually(() => releases() > before);
      } finally {
        large.stop();
      }
    });
  });
});
