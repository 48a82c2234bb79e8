import { Code } from "@connectrpc/connect";
import { ProjectService, type WatchProjectEventsResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { RESOURCES, type KubeObject } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "../common/fixtures.js";
import { readWatch } from "../common/watch-reader.js";

const stack = useKargoStack();

/** A core Event about a Kargo Stage (or, with `apiVersion`, about something else). */
function event(
  name: string,
  times: { lastTimestamp?: string; eventTime?: string; firstTimestamp?: string },
  apiVersion = "kargo.akuity.io/v1alpha1",
): KubeObject {
  return {
    metadata: { name, namespace: "demo" },
    involvedObject: { apiVersion, kind: "Stage", name: "test", namespace: "demo" },
    reason: "PromotionCreated",
    message: name,
    type: "Normal",
    ...times,
  };
}

async function writeEvent(object: KubeObject): Promise<void> {
  await fixtures(stack()).kube.create(RESOURCES.events, object);
}

const listNames = async (req: { pageSize?: number; pageToken?: string } = {}) => {
  const res = await stack()
    .client(ProjectService)
    .listProjectEvents({ project: "demo", ...req });
  return { names: res.events.map((e) => e.metadata?.name), res };
};

beforeAll(async () => {
  await fixtures(stack()).project("demo");
  await writeEvent(event("old", { lastTimestamp: "2026-01-01T00:00:00Z" }));
  await writeEvent(event("newest", { lastTimestamp: "2026-03-01T00:00:00Z" }));
  // Only eventTime (events.k8s.io style): Kargo would sort it as the oldest.
  await writeEvent(event("micro", { eventTime: "2026-02-01T00:00:00.000000Z" }));
  await writeEvent(event("first-only", { firstTimestamp: "2026-01-15T00:00:00Z" }));
  await writeEvent(event("pod", { lastTimestamp: "2026-04-01T00:00:00Z" }, "v1"));
});

describe("ProjectService.ListProjectEvents", () => {
  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(stack().client(ProjectService).listProjectEvents({ project: "nope" }))).code).toBe(Code.NotFound);
  });

  it("lists the events about Kargo objects, newest first by their latest timestamp", async () => {
    // The events cache may still be catching up with the writes above.
    let listed = await listNames();
    for (let i = 0; i < 100 && listed.names.length < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      listed = await listNames();
    }
    expect(listed.names).toEqual(["newest", "micro", "first-only", "old"]);
    expect(listed.res.totalSize).toBe(4);
  });

  it("pages through them", async () => {
    const first = await listNames({ pageSize: 3 });
    expect(first.names).toEqual(["newest", "micro", "first-only"]);
    const second = await listNames({ pageSize: 3, pageToken: first.res.nextPageToken });
    expect(second.names).toEqual(["old"]);
    expect(second.res.nextPageToken).toBe("");
  });
});

describe("ProjectService.WatchProjectEvents", () => {
  const watch = (resourceVersion = "") =>
    readWatch<WatchProjectEventsResponse>((signal) => stack().client(ProjectService).watchProjectEvents({ project: "demo", resourceVersion }, { signal }));
  const isBookmark = (m: WatchProjectEventsResponse) => m.type === WatchEventType.BOOKMARK;
  const summary = (m: WatchProjectEventsResponse) => `${WatchEventType[m.type]} ${m.event?.metadata?.name ?? ""}`.trim();

  it("is NOT_FOUND when the project does not exist", async () => {
    const reader = readWatch<WatchProjectEventsResponse>((signal) => stack().client(ProjectService).watchProjectEvents({ project: "nope" }, { signal }));
    expect(await codeOf(reader.next())).toBe(Code.NotFound);
  });

  it("starts with the Kargo events and a BOOKMARK, then sends new ones (not others)", async () => {
    const reader = watch();
    try {
      const snapshot = await reader.readUntil(isBookmark);
      expect(snapshot.map(summary).sort()).toEqual(["ADDED first-only", "ADDED micro", "ADDED newest", "ADDED old", "BOOKMARK"]);
      await writeEvent(event("other-kind", { lastTimestamp: "2026-05-01T00:00:00Z" }, "apps/v1"));
      await writeEvent(event("live", { lastTimestamp: "2026-05-01T00:00:00Z" }));
      expect(summary((await reader.readUntil((m) => !isBookmark(m))).at(-1)!)).toBe("ADDED live");
    } finally {
      reader.close();
    }
  });

  it("resumes after a resource_version with every later event exactly once", async () => {
    const first = watch();
    const resumeAt = (await first.readUntil(isBookmark)).at(-1)!.resourceVersion;
    first.close();
    await writeEvent(event("after-1", { lastTimestamp: "2026-06-01T00:00:00Z" }));
    await writeEvent(event("after-2", { lastTimestamp: "2026-06-02T00:00:00Z" }));
    const resumed = watch(resumeAt);
    try {
      const changes = await resumed.readUntil((m) => m.event?.metadata?.name === "after-2");
      expect(changes.filter((m) => !isBookmark(m)).map(summary)).toEqual(["ADDED after-1", "ADDED after-2"]);
      expect(await resumed.quiet(300)).toBe(true);
    } finally {
      resumed.close();
    }
  });
});
