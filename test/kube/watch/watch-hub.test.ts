import { create } from "@bufbuild/protobuf";
import { KubeConfig } from "@kubernetes/client-node";
import { Code, ConnectError } from "@connectrpc/connect";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { WatchStagesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { createKubeCaches, type KubeCaches } from "../../../src/kube/cache/kube-caches.js";
import { createKubeClient, type KubeClient } from "../../../src/kube/kube-client.js";
import { RESOURCES } from "../../../src/kube/kargo-resources.js";
import type { KubeObject } from "../../../src/kube/kube-object.js";
import { toMessage } from "../../../src/kube/to-message.js";
import { ExpiredResourceVersionError } from "../../../src/kube/watch/expired-resource-version-error.js";
import { serveWatch, watchEventType } from "../../../src/kube/watch/serve-watch.js";
import { WatchBufferOverflowError } from "../../../src/kube/watch/watch-buffer-overflow-error.js";
import type { WatchEvent } from "../../../src/kube/watch/watch-event.js";
import { createWatchHub, type WatchHub } from "../../../src/kube/watch/watch-hub.js";
import { useEmbeddedControlPlane } from "../../embedded/support/use-embedded-control-plane.js";
import { NO_HEARTBEAT_MS } from "../../support/no-watch-heartbeats.js";
import { startRecordingHttpProxy } from "../../support/recording-http-proxy.js";
import { countRequests, type RequestCounter } from "../support/count-requests.js";
import { brief, nextEvents } from "../support/next-events.js";
import { createProjectNamespace, stageObject } from "../support/project-namespace.js";
import { eventually } from "../../support/eventually.js";

const stages = RESOURCES.stages;

describe("watch hub", () => {
  const fixture = useEmbeddedControlPlane();
  let client: KubeClient;
  let caches: KubeCaches;
  let hub: WatchHub;
  let requests: RequestCounter;
  let namespaceCount = 0;

  /** A fresh project namespace per test, so tests do not see each other's objects. */
  async function project(...stageNames: string[]): Promise<string> {
    const name = `w${++namespaceCount}`;
    await createProjectNamespace(client, name);
    for (const stage of stageNames) await client.create(stages, stageObject(name, stage, { tier: "pre" }));
    return name;
  }

  const relabel = (namespace: string, name: string, tier: string) => client.mergePatch(stages, { namespace, name }, { metadata: { labels: { tier } } });

  beforeAll(async () => {
    const config = fixture.kubeConfig();
    requests = countRequests(config);
    caches = createKubeCaches(config, { ringSize: 50 });
    // Tests count the messages they read; the heartbeat test sets an interval of its own.
    hub = createWatchHub(caches, { heartbeatMs: NO_HEARTBEAT_MS });
    await caches.start([stages]);
    // Read-your-writes: each write returns once the stage cache shows it, as in the services.
    client = createKubeClient(fixture.kubeConfig(), { caches });
  });

  afterAll(() => caches.stop());

  describe("without a resourceVersion", () => {
    it("sends ADDED for each object of the namespace, then a BOOKMARK at the cache's version, then live changes", async () => {
      const ns = await project("uat", "test");
      await project("elsewhere");
      const controller = new AbortController();
      const watch = hub.subscribe({ type: stages, namespace: ns }, { signal: controller.signal });
      const initial = await nextEvents(watch, 3);
      expect(initial.map(brief)).toEqual(["ADDED test", "ADDED uat", "BOOKMARK"]);
      expect(initial[2]!.resourceVersion).toBe(caches.cache(stages).resourceVersion);

      const created = await client.create(stages, stageObject(ns, "prod"));
      const modified = await relabel(ns, "test", "changed");
      await client.delete(stages, { namespace: ns, name: "uat" });
      const live = await nextEvents(watch, 3);
      expect(live.map(brief)).toEqual(["ADDED prod", "MODIFIED test", "DELETED uat"]);
      expect(live[0]!.resourceVersion).toBe(created.metadata.resourceVersion);
      expect(live[1]!.resourceVersion).toBe(modified.metadata.resourceVersion);
      expect(live[1]!.object?.metadata.labels?.["tier"]).toBe("changed");
      controller.abort();
    });
  });

  describe("resuming from a resourceVersion", () => {
    it("delivers every change after it exactly once, without a snapshot, from every point", async () => {
      const ns = await project("a");
      const first = hub.subscribe({ type: stages, namespace: ns });
      const [, bookmark] = await nextEvents(first, 2);
      await first.return!();

      // Changes while no one watches.
      const versions: string[] = [];
      versions.push((await client.create(stages, stageObject(ns, "b"))).metadata.resourceVersion!);
      versions.push((await relabel(ns, "a", "x")).metadata.resourceVersion!);
      versions.push((await relabel(ns, "b", "y")).metadata.resourceVersion!);
      await client.delete(stages, { namespace: ns, name: "a" });
      const expected = ["ADDED b", "MODIFIED a", "MODIFIED b", "DELETED a"];

      const resumed = [bookmark!.resourceVersion, ...versions];
      for (const [i, from] of resumed.entries()) {
        const watch = hub.subscribe({ type: stages, namespace: ns, resourceVersion: from });
        expect((await nextEvents(watch, expected.length - i)).map(brief)).toEqual(expected.slice(i));
        await watch.return!();
      }
      // Then live, exactly once: after the backlog the next event is the next change.
      const controller = new AbortController();
      const watch = hub.subscribe({ type: stages, namespace: ns, resourceVersion: versions.at(-1)! }, { signal: controller.signal });
      expect((await nextEvents(watch, 1)).map(brief)).toEqual(["DELETED a"]);
      await relabel(ns, "b", "live");
      await relabel(ns, "b", "live-again");
      const live = await nextEvents(watch, 2);
      expect(live.map((e) => e.object?.metadata.labels?.["tier"])).toEqual(["live", "live-again"]);
      controller.abort();
    });

    it("after a disconnect mid-stream, loses and repeats nothing while writes go on", async () => {
      const ns = await project();
      const seen: string[] = [];
      let watch = hub.subscribe({ type: stages, namespace: ns });
      const [bookmark] = await nextEvents(watch, 1);
      let resumeFrom = bookmark!.resourceVersion;
      const writes = (async () => {
        for (let i = 0; i < 12; i++) await client.create(stages, stageObject(ns, `s${String(i).padStart(2, "0")}`));
      })();
      // Read a few, hang up, resume from the last version received, and repeat.
      while (seen.length < 12) {
        const events = await nextEvents(watch, Math.min(3, 12 - seen.length));
        for (const e of events) seen.push(brief(e));
        resumeFrom = events.at(-1)!.resourceVersion;
        await watch.return!();
        watch = hub.subscribe({ type: stages, namespace: ns, resourceVersion: resumeFrom });
      }
      await writes;
      await watch.return!();
      expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `ADDED s${String(i).padStart(2, "0")}`));
    });

    it("serves a version older than the ring from the Kubernetes API's history, then hands over to the ring and live changes, exactly once", async () => {
      const small = createKubeCaches(fixture.kubeConfig(), { ringSize: 3 });
      try {
        const smallHub = createWatchHub(small, { heartbeatMs: NO_HEARTBEAT_MS });
        const ns = await project("a", "b");
        await small.cache(stages).synced;
        const old = small.cache(stages).resourceVersion;
        for (let i = 0; i < 4; i++) await relabel(ns, "a", `v${i}`);
        await client.delete(stages, { namespace: ns, name: "b" });
        await eventually(() => small.cache(stages).get(ns, "b") === undefined);
        expect(BigInt(small.cache(stages).oldestResumable)).toBeGreaterThan(BigInt(old));

        const controller = new AbortController();
        const watch = smallHub.subscribe({ type: stages, namespace: ns, resourceVersion: old }, { signal: controller.signal });
        const replayed = await nextEvents(watch, 5);
        expect(replayed.map(brief)).toEqual(["MODIFIED a", "MODIFIED a", "MODIFIED a", "MODIFIED a", "DELETED b"]);
        expect(replayed.map((e) => e.object?.metadata.labels?.["tier"])).toEqual(["v0", "v1", "v2", "v3", "pre"]);
        // Live changes after the replay: each once, whether the replay or the ring delivers it.
        for (const tier of ["live-1", "live-2", "live-3", "live-4"]) await relabel(ns, "a", tier);
        const live = await nextEvents(watch, 4);
        expect(live.map((e) => e.object?.metadata.labels?.["tier"])).toEqual(["live-1", "live-2", "live-3", "live-4"]);
        const versions = [...replayed, ...live].map((e) => BigInt(e.resourceVersion));
        expect(versions).toEqual([...versions].sort((x, y) => (x < y ? -1 : 1)));
        expect(new Set(versions).size).toBe(versions.length);
        controller.abort();
      } finally {
        small.stop();
      }
    });
    it("hands over exactly once when the history is ahead of the informer: a change both bring is sent once", async () => {
      // The informer reaches the Kubernetes API through a proxy that can hold its watch back, so
      // the history replay delivers a change the cache has not seen yet and hands over on it; the
      // informer's copy of that change must then be dropped.
      const proxy = await startRecordingHttpProxy(fixture.controlPlane.httpUrl);
      const config = new KubeConfig();
      config.loadFromOptions({
        clusters: [{ name: "proxied", server: proxy.url, skipTLSVerify: true }],
        users: [{ name: "server", token: fixture.controlPlane.serverToken }],
        contexts: [{ name: "proxied", cluster: "proxied", user: "server" }],
        currentContext: "proxied",
      });
      const small = createKubeCaches(config, { ringSize: 3 });
      const controller = new AbortController();
      try {
        const smallHub = createWatchHub(small, { heartbeatMs: NO_HEARTBEAT_MS });
        const ns = await project("a");
        const elsewhere = await project("b");
        await small.cache(stages).synced;
        const from = small.cache(stages).resourceVersion;
        // The ring lets `from` go on changes of another namespace, which this watch does not see.
        for (let i = 0; i < 4; i++) await relabel(elsewhere, "b", `v${i}`);
        await eventually(() => BigInt(small.cache(stages).oldestResumable) > BigInt(from));
        // Only the informer's watch (all namespaces) is held; the replay watches the namespace.
        proxy.hold((path) => path.includes("watch=true") && !path.includes(`/namespaces/${ns}/`));
        await relabel(ns, "a", "ahead");
        const watch = smallHub.subscribe({ type: stages, namespace: ns, resourceVersion: from }, { signal: controller.signal });
        const [first] = await nextEvents(watch, 1);
        expect(first!.object?.metadata.labels?.["tier"]).toBe("ahead");
        expect(small.cache(stages).get(ns, "a")?.metadata.labels?.["tier"]).toBe("pre");
        proxy.release();
        await relabel(ns, "a", "after");
        const [next] = await nextEvents(watch, 1);
        expect(next!.object?.metadata.labels?.["tier"]).toBe("after");
      } finally {
        controller.abort();
        small.stop();
        await proxy.close();
      }
    });

    it("hands over from the Kubernetes API's history to the ring exactly once while writes go on", async () => {
      // Every few writes a watch resumes from a version the ring has let go: its replay of the
      // history races the informer, and the ring's floor moves on while the replay catches up.
      const small = createKubeCaches(fixture.kubeConfig(), { ringSize: 3 });
      const controllers: AbortController[] = [];
      try {
        const smallHub = createWatchHub(small, { heartbeatMs: NO_HEARTBEAT_MS });
        const ns = await project("a", "b");
        await small.cache(stages).synced;
        const from = small.cache(stages).resourceVersion;
        const tiers = Array.from({ length: 40 }, (_, i) => `t${i}`);
        const readAll = async (watch: AsyncIterableIterator<WatchEvent>) => {
          const seen: (string | undefined)[] = [];
          while (seen.at(-1) !== tiers.at(-1)) seen.push((await nextEvents(watch, 1))[0]!.object?.metadata.labels?.["tier"]);
          return seen;
        };
        const reads: Promise<(string | undefined)[]>[] = [];
        for (const [i, tier] of tiers.entries()) {
          if (i % 5 === 0 && i > 0) {
            await eventually(() => BigInt(small.cache(stages).oldestResumable) > BigInt(from));
            const controller = new AbortController();
            controllers.push(controller);
            reads.push(readAll(smallHub.subscribe({ type: stages, namespace: ns, resourceVersion: from }, { signal: controller.signal })));
          }
          await relabel(ns, i % 2 === 0 ? "a" : "b", tier);
        }
        for (const seen of await Promise.all(reads)) expect(seen).toEqual(tiers);
      } finally {
        for (const controller of controllers) controller.abort();
        small.stop();
      }
    });
  });

  describe("resuming from a version newer than the cache has seen", () => {
    it("refuses one the Kubernetes API never issued with ExpiredResourceVersionError, OUT_OF_RANGE through serveWatch", async () => {
      const ns = await project("a");
      const subscribers = hub.subscriberCount(stages);
      const future = String(BigInt(caches.cache(stages).resourceVersion) + 1_000_000n);
      const watch = hub.subscribe({ type: stages, namespace: ns, resourceVersion: future });
      // Caught at once: the refusal may come while the relabel below is still being written.
      const first = watch.next().catch((e: unknown) => e);
      // Before the fix the watch waited for the cache to pass that version, dropping every event meanwhile.
      await relabel(ns, "a", "meanwhile");
      const error: unknown = await first;
      expect(error).toBeInstanceOf(ExpiredResourceVersionError);
      expect((error as Error).message).toMatch(
        new RegExp(`resource version "${future}" is newer than the Kubernetes API's current one \\("\\d+"\\); list again`),
      );
      const stream = serveWatch(hub, { type: stages, namespace: ns, resourceVersion: future }, new AbortController().signal, (e) => e);
      const mapped: unknown = await stream.next().catch((e: unknown) => e);
      expect((mapped as ConnectError).code).toBe(Code.OutOfRange);
      expect(hub.subscriberCount(stages)).toBe(subscribers);
    });

    it("serves one the Kubernetes API issued for another type: the changes after it, none before", async () => {
      const ns = await project("a");
      await relabel(ns, "a", "before");
      // A write of another type moves Kubernetes' version past the stage cache's.
      await createProjectNamespace(client, `${ns}-other`);
      const other = (await client.get(RESOURCES.namespaces, { name: `${ns}-other` })).metadata.resourceVersion!;
      expect(BigInt(other)).toBeGreaterThan(BigInt(caches.cache(stages).resourceVersion));
      const controller = new AbortController();
      const watch = hub.subscribe({ type: stages, namespace: ns, resourceVersion: other }, { signal: controller.signal });
      await relabel(ns, "a", "after");
      const [event] = await nextEvents(watch, 1);
      expect(brief(event!)).toBe("MODIFIED a");
      expect(event!.object?.metadata.labels?.["tier"]).toBe("after");
      controller.abort();
    });
  });

  describe("with a filter", () => {
    it("sends DELETED when an object stops matching and ADDED when it matches again", async () => {
      const ns = await project("one", "two");
      const controller = new AbortController();
      const watch = hub.subscribe({ type: stages, namespace: ns, filter: (s) => s.metadata.labels?.["tier"] === "pre" }, { signal: controller.signal });
      expect((await nextEvents(watch, 3)).map(brief)).toEqual(["ADDED one", "ADDED two", "BOOKMARK"]);
      await relabel(ns, "one", "live");
      await relabel(ns, "one", "live-again"); // still not matching: nothing
      await relabel(ns, "one", "pre");
      const events = await nextEvents(watch, 2);
      expect(events.map(brief)).toEqual(["DELETED one", "ADDED one"]);
      expect(events[0]!.object?.metadata.labels?.["tier"]).toBe("live");
      controller.abort();
    });
  });

  describe("heartbeats", () => {
    it("sends a BOOKMARK at the configured interval carrying the latest version", async () => {
      const ns = await project("quiet");
      const controller = new AbortController();
      const watch = hub.subscribe({ type: stages, namespace: ns }, { signal: controller.signal, heartbeatMs: 50 });
      await nextEvents(watch, 2);
      const before = BigInt(caches.cache(stages).resourceVersion);
      // A change elsewhere moves the version this watch may resume from without sending it anything.
      // Beats queued before it carry the older version, so beats are read until one carries the
      // cache's latest version, past the one before the change; nothing but BOOKMARKs comes meanwhile.
      await project("noise");
      const latest = (event: WatchEvent) => BigInt(event.resourceVersion ?? "0") > before && event.resourceVersion === caches.cache(stages).resourceVersion;
      let beat: WatchEvent;
      do [beat] = (await nextEvents(watch, 1)) as [WatchEvent];
      while (beat.type === "BOOKMARK" && !latest(beat));
      expect(beat.type).toBe("BOOKMARK");
      expect(beat.object).toBeUndefined();
      // Beats follow the configured 50 ms, not the 15 s default: the gap between two is far under
      // half the default, a bound no load comes near (it only tells the two intervals apart).
      const started = Date.now();
      expect((await nextEvents(watch, 1)).map(brief)).toEqual(["BOOKMARK"]);
      expect(Date.now() - started).toBeLessThan(7_500);
      controller.abort();
    });
  });

  describe("a consumer that stops reading", () => {
    it("is held to its buffer, then ended with WatchBufferOverflowError (RESOURCE_EXHAUSTED) and its memory released", async () => {
      const ns = await project();
      const subscribers = hub.subscriberCount(stages);
      const alreadyBuffered = hub.bufferedEvents();
      const watch = hub.subscribe({ type: stages, namespace: ns }, { bufferLimit: 5 });
      await nextEvents(watch, 1);
      const stream = serveWatch(hub, { type: stages, namespace: ns }, new AbortController().signal, (e) => e, { bufferLimit: 5 });
      await stream.next();
      expect(hub.subscriberCount(stages)).toBe(subscribers + 2);
      let mostBuffered = 0;
      for (let i = 0; i < 12; i++) {
        await client.create(stages, stageObject(ns, `flood-${i}`));
        mostBuffered = Math.max(mostBuffered, hub.bufferedEvents() - alreadyBuffered);
      }
      expect(mostBuffered).toBeLessThanOrEqual(2 * 5);
      expect(hub.bufferedEvents()).toBe(alreadyBuffered);
      expect(hub.subscriberCount(stages)).toBe(subscribers);
      await expect(watch.next()).rejects.toBeInstanceOf(WatchBufferOverflowError);
      expect(await watch.next()).toEqual({ value: undefined, done: true });
      const error: unknown = await stream.next().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).code).toBe(Code.ResourceExhausted);
    });
  });

  describe("sharing", () => {
    it("serves many subscribers from one Kubernetes watch and removes each on abort", async () => {
      const ns = await project("shared");
      const before = hub.subscriberCount(stages);
      const controllers = Array.from({ length: 25 }, () => new AbortController());
      const watches = controllers.map((c) => hub.subscribe({ type: stages, namespace: ns }, { signal: c.signal }));
      for (const w of watches) await nextEvents(w, 2);
      await relabel(ns, "shared", "everyone");
      for (const w of watches) expect((await nextEvents(w, 1)).map(brief)).toEqual(["MODIFIED shared"]);
      expect(requests.urls.filter((u) => u.includes("/stages?") && u.includes("watch=true"))).toHaveLength(1);
      expect(hub.subscriberCount(stages)).toBe(before + 25);

      for (const c of controllers) c.abort();
      expect(hub.subscriberCount(stages)).toBe(before);
      for (const w of watches) expect(await w.next()).toEqual({ value: undefined, done: true });
    });
  });

  describe("serveWatch", () => {
    it("turns events into the RPC's response messages", async () => {
      const ns = await project("test");
      const controller = new AbortController();
      const stream = serveWatch(hub, { type: stages, namespace: ns }, controller.signal, (e) =>
        create(WatchStagesResponseSchema, {
          type: watchEventType(e.type),
          stage: e.object && toMessage(StageSchema, e.object as KubeObject),
          resourceVersion: e.resourceVersion,
        }),
      );
      const added = (await stream.next()).value!;
      expect(added.type).toBe(WatchEventType.ADDED);
      expect(added.stage?.metadata?.name).toBe("test");
      expect(added.stage?.spec?.requestedFreight[0]?.origin?.name).toBe("images");
      const bookmark = (await stream.next()).value!;
      expect(bookmark.type).toBe(WatchEventType.BOOKMARK);
      expect(bookmark.stage).toBeUndefined();
      expect(bookmark.resourceVersion).not.toBe("");
      controller.abort();
      expect((await stream.next()).done).toBe(true);
    });
  });
});

describe("watch hub over a Kubernetes API with a short history", () => {
  const fixture = useEmbeddedControlPlane({ historyLimit: 3 });

  it("refuses a version older than both the ring and the Kubernetes API's history with ExpiredResourceVersionError, OUT_OF_RANGE through serveWatch", async () => {
    const caches = createKubeCaches(fixture.kubeConfig(), { ringSize: 2 });
    try {
      const client = createKubeClient(fixture.kubeConfig(), { caches });
      const hub = createWatchHub(caches);
      await caches.start([stages]);
      await createProjectNamespace(client, "short");
      await client.create(stages, stageObject("short", "a"));
      const old = caches.cache(stages).resourceVersion;
      for (let i = 0; i < 5; i++) await client.mergePatch(stages, { namespace: "short", name: "a" }, { metadata: { labels: { tier: `v${i}` } } });

      const error: unknown = await hub
        .subscribe({ type: stages, namespace: "short", resourceVersion: old })
        .next()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExpiredResourceVersionError);
      expect((error as Error).message).toBe(`resource version "${old}" is older than the Kubernetes API's history; list again`);
      const stream = serveWatch(hub, { type: stages, namespace: "short", resourceVersion: old }, new AbortController().signal, (e) => e);
      const mapped: unknown = await stream.next().catch((e: unknown) => e);
      expect((mapped as ConnectError).code).toBe(Code.OutOfRange);
      expect(hub.subscriberCount()).toBe(0);
    } finally {
      caches.stop();
    }
  });
});
