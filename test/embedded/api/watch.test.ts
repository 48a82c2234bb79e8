import { CoreV1Api, makeInformer, type V1ConfigMap } from "@kubernetes/client-node";
import { apiRequest } from "../support/api-request.js";
import { openWatch } from "../support/open-watch.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";
import { eventually } from "../../support/eventually.js";

// A tiny change history, so a test can make a resourceVersion too old in a few writes.
const HISTORY_LIMIT = 5;

describe("embedded API watches", () => {
  const fixture = useEmbeddedControlPlane({ historyLimit: HISTORY_LIMIT, bookmarkIntervalMs: 100 });
  let core: CoreV1Api;

  beforeAll(async () => {
    core = fixture.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "watched" } } });
  });

  describe("a watch stream", () => {
    it("starts with ADDED for existing objects, then streams changes in order", async () => {
      await core.createNamespacedConfigMap({ namespace: "watched", body: { metadata: { name: "before" } } });
      const watch = await openWatch(fixture.controlPlane, "/api/v1/namespaces/watched/configmaps?watch=true");
      try {
        expect(watch.status).toBe(200);
        await watch.next((e) => e.type === "ADDED" && e.object.metadata.name === "before");
        await core.createNamespacedConfigMap({ namespace: "watched", body: { metadata: { name: "during" } } });
        await core.patchNamespacedConfigMap({ name: "during", namespace: "watched", body: [{ op: "add", path: "/data", value: { a: "1" } }] });
        await core.deleteNamespacedConfigMap({ name: "during", namespace: "watched" });
        await watch.next((e) => e.type === "DELETED" && e.object.metadata.name === "during");
        const during = watch.events.filter((e) => e.object.metadata.name === "during").map((e) => e.type);
        expect(during).toEqual(["ADDED", "MODIFIED", "DELETED"]);
        expect(watch.events.every((e) => e.object.kind === "ConfigMap" && e.object.apiVersion === "v1")).toBe(true);
      } finally {
        watch.close();
      }
    });

    it("resumes after a resourceVersion without replaying older changes, and filters by field selector", async () => {
      const first = await core.createNamespacedConfigMap({ namespace: "watched", body: { metadata: { name: "resume-a" } } });
      const rv = first.metadata!.resourceVersion!;
      const watch = await openWatch(
        fixture.controlPlane,
        `/api/v1/namespaces/watched/configmaps?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dresume-b`,
      );
      try {
        await core.createNamespacedConfigMap({ namespace: "watched", body: { metadata: { name: "resume-c" } } });
        await core.createNamespacedConfigMap({ namespace: "watched", body: { metadata: { name: "resume-b" } } });
        await watch.next((e) => e.type === "ADDED");
        expect(watch.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED resume-b"]);
      } finally {
        watch.close();
      }
    });

    it("sends BOOKMARK events carrying a resourceVersion when allowWatchBookmarks=true", async () => {
      const watch = await openWatch(fixture.controlPlane, "/api/v1/namespaces/watched/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=0");
      try {
        const bookmark = await watch.next((e) => e.type === "BOOKMARK");
        expect(bookmark.object.kind).toBe("ConfigMap");
        expect(Number(bookmark.object.metadata.resourceVersion)).toBeGreaterThan(0);
      } finally {
        watch.close();
      }
    });

    it("carries in BOOKMARKs the store's progress, not only the last version it sent, so a resumed watch of a quiet kind moves on", async () => {
      const from = (await core.createNamespacedConfigMap({ namespace: "watched", body: { metadata: { name: "quiet" } } })).metadata!.resourceVersion!;
      const watch = await openWatch(fixture.controlPlane, `/api/v1/namespaces/watched/secrets?watch=true&allowWatchBookmarks=true&resourceVersion=${from}`);
      try {
        // A change of another kind: nothing for this watch, but the store moves on.
        const later = (await core.createNamespacedConfigMap({ namespace: "watched", body: { metadata: { name: "elsewhere" } } })).metadata!.resourceVersion!;
        const bookmark = await watch.next((e) => e.type === "BOOKMARK" && BigInt(e.object.metadata.resourceVersion) >= BigInt(later));
        expect(bookmark.object.kind).toBe("Secret");
        expect(watch.events.filter((e) => e.type !== "BOOKMARK")).toEqual([]);
      } finally {
        watch.close();
      }
    });

    it("answers a too-old resourceVersion with an in-stream 410 Expired ERROR and ends", async () => {
      const old = await core.createNamespacedConfigMap({ namespace: "watched", body: { metadata: { name: "aging" } } });
      for (let i = 0; i < HISTORY_LIMIT + 2; i++) {
        await core.patchNamespacedConfigMap({ name: "aging", namespace: "watched", body: [{ op: "add", path: "/metadata/labels", value: { i: String(i) } }] });
      }
      const watch = await openWatch(fixture.controlPlane, `/api/v1/namespaces/watched/configmaps?watch=true&resourceVersion=${old.metadata!.resourceVersion}`);
      await watch.ended;
      expect(watch.events).toHaveLength(1);
      expect(watch.events[0]!.type).toBe("ERROR");
      expect(watch.events[0]!.object).toMatchObject({ kind: "Status", status: "Failure", reason: "Expired", code: 410 });
    });

    it("answers a resourceVersion newer than any it issued with an in-stream 410 Expired ERROR at once, so clients relist", async () => {
      for (const version of ["999999999", "99999999999999999999"]) {
        const watch = await openWatch(
          fixture.controlPlane,
          `/api/v1/namespaces/watched/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=${version}`,
        );
        await watch.ended;
        expect(watch.events.map((e) => e.type)).toEqual(["ERROR"]);
        expect(watch.events[0]!.object).toMatchObject({ kind: "Status", reason: "Expired", code: 410 });
        expect(String(watch.events[0]!.object.message)).toContain(`resource version ${version} is newer than the store's`);
      }
    });

    it("ends after timeoutSeconds", async () => {
      const started = Date.now();
      const watch = await openWatch(fixture.controlPlane, "/api/v1/namespaces/watched/configmaps?watch=true&timeoutSeconds=1");
      await watch.ended;
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it("rejects a malformed selector with 400 before streaming", async () => {
      const response = await apiRequest(fixture.controlPlane, "/api/v1/namespaces/watched/configmaps?watch=true&labelSelector=a%20in%20(");
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ kind: "Status", reason: "BadRequest" });
    });
  });

  describe("a client-node informer", () => {
    it("keeps a correct cache and relists after 410 Gone", async () => {
      await core.createNamespace({ body: { metadata: { name: "informed" } } });
      await core.createNamespacedConfigMap({ namespace: "informed", body: { metadata: { name: "keep" }, data: { v: "0" } } });
      await core.createNamespacedConfigMap({ namespace: "informed", body: { metadata: { name: "drop" } } });
      let lists = 0;
      const informer = makeInformer<V1ConfigMap>(fixture.kubeConfig(), "/api/v1/namespaces/informed/configmaps", () => {
        lists++;
        return core.listNamespacedConfigMap({ namespace: "informed" });
      });
      const cached = () =>
        informer
          .list("informed")
          .map((c) => `${c.metadata!.name}=${c.data?.["v"] ?? ""}`)
          .sort();
      await informer.start();
      try {
        await eventually(() => cached().length === 2);
        await core.patchNamespacedConfigMap({ name: "keep", namespace: "informed", body: [{ op: "replace", path: "/data/v", value: "1" }] });
        await eventually(() => cached().includes("keep=1"));
        expect(lists).toBe(1);

        // While it is stopped, more changes happen than the history keeps: its resourceVersion expires.
        await informer.stop();
        await core.deleteNamespacedConfigMap({ name: "drop", namespace: "informed" });
        await core.createNamespacedConfigMap({ namespace: "informed", body: { metadata: { name: "new" }, data: { v: "n" } } });
        for (let i = 2; i < HISTORY_LIMIT + 4; i++) {
          await core.patchNamespacedConfigMap({ name: "keep", namespace: "informed", body: [{ op: "replace", path: "/data/v", value: String(i) }] });
        }
        await informer.start();
        const last = `keep=${HISTORY_LIMIT + 3}`;
        await eventually(() => JSON.stringify(cached()) === JSON.stringify([last, "new=n"]));
        expect(lists).toBe(2);
      } finally {
        await informer.stop();
      }
    });
  });
});
