import { Code } from "@connectrpc/connect";
import { StageService, type WatchStagesResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, directStageSpec, fixtures } from "../common/fixtures.js";
import { readWatch } from "../common/watch-reader.js";

const stack = useKargoStack();

const watch = (req: { project: string; name?: string; freightOrigins?: string[]; resourceVersion?: string }) =>
  readWatch<WatchStagesResponse>((signal) => stack().client(StageService).watchStages(req, { signal }));
const isBookmark = (m: WatchStagesResponse) => m.type === WatchEventType.BOOKMARK;
const summary = (m: WatchStagesResponse) => `${WatchEventType[m.type]} ${m.stage?.metadata?.name ?? ""}`.trim();
// Embedded controllers may write Stage status too: tests look for the events of the Stage they
// changed rather than for "the next event".
const about = (name: string) => (m: WatchStagesResponse) => m.stage?.metadata?.name === name;

beforeAll(async () => {
  const f = fixtures(stack());
  await f.project("demo");
  await f.stage("demo", "a");
  await f.stage("demo", "b", { requestedFreight: [{ origin: { kind: "Warehouse", name: "other" }, sources: { direct: true } }] });
});

describe("StageService.WatchStages", () => {
  it("is NOT_FOUND when the project does not exist", async () => {
    const reader = watch({ project: "nope" });
    expect(await codeOf(reader.next())).toBe(Code.NotFound);
  });

  it("is NOT_FOUND when the named stage does not exist", async () => {
    const reader = watch({ project: "demo", name: "ghost" });
    expect(await codeOf(reader.next())).toBe(Code.NotFound);
  });

  it("starts with ADDED per stage, then a BOOKMARK, then live changes", async () => {
    const reader = watch({ project: "demo" });
    try {
      const snapshot = await reader.readUntil(isBookmark);
      expect(snapshot.map(summary)).toEqual(["ADDED a", "ADDED b", "BOOKMARK"]);
      expect(snapshot.every((m) => m.resourceVersion !== "")).toBe(true);
      await fixtures(stack()).stage("demo", "live");
      expect(summary((await reader.readUntil(about("live"))).at(-1)!)).toBe("ADDED live");
      await fixtures(stack()).kube.mergePatch(RESOURCES.stages, { namespace: "demo", name: "live" }, { metadata: { labels: { x: "1" } } });
      const modified = (await reader.readUntil((m) => about("live")(m) && m.stage?.metadata?.labels["x"] === "1")).at(-1)!;
      expect(summary(modified)).toBe("MODIFIED live");
      expect(modified.stage?.metadata?.labels["x"]).toBe("1");
    } finally {
      reader.close();
    }
  });

  it("resumes after a resource_version with every later change exactly once and no snapshot", async () => {
    const first = watch({ project: "demo" });
    const resumeAt = (await first.readUntil(isBookmark)).at(-1)!.resourceVersion;
    first.close();
    const f = fixtures(stack());
    await f.stage("demo", "resumed-1");
    await f.kube.mergePatch(RESOURCES.stages, { namespace: "demo", name: "resumed-1" }, { metadata: { labels: { y: "1" } } });
    await f.kube.delete(RESOURCES.stages, { namespace: "demo", name: "resumed-1" });
    const resumed = watch({ project: "demo", resourceVersion: resumeAt });
    try {
      const changes = (await resumed.readUntil((m) => about("resumed-1")(m) && m.type === WatchEventType.DELETED)).filter((m) => !isBookmark(m));
      // No snapshot (a and b are older than the resume point); every change once, in order.
      expect(changes.some((m) => summary(m) === "ADDED a" || summary(m) === "ADDED b")).toBe(false);
      const mine = changes.filter(about("resumed-1"));
      expect(mine[0] && summary(mine[0])).toBe("ADDED resumed-1");
      expect(mine.filter((m) => m.stage?.metadata?.labels["y"] === "1" && m.type === WatchEventType.MODIFIED).length).toBeGreaterThanOrEqual(1);
      expect(summary(mine.at(-1)!)).toBe("DELETED resumed-1");
      const versions = changes.map((m) => BigInt(m.resourceVersion));
      expect(new Set(versions).size).toBe(versions.length);
      expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
    } finally {
      resumed.close();
    }
  });

  it("watches one stage by name", async () => {
    const reader = watch({ project: "demo", name: "b" });
    try {
      expect((await reader.readUntil(isBookmark)).map(summary)).toEqual(["ADDED b", "BOOKMARK"]);
      await fixtures(stack()).kube.mergePatch(RESOURCES.stages, { namespace: "demo", name: "a" }, { metadata: { labels: { z: "1" } } });
      await fixtures(stack()).kube.mergePatch(RESOURCES.stages, { namespace: "demo", name: "b" }, { metadata: { labels: { z: "1" } } });
      const seen = (await reader.readUntil((m) => m.stage?.metadata?.labels["z"] === "1")).filter((m) => !isBookmark(m));
      expect(seen.every(about("b"))).toBe(true);
      expect(summary(seen.at(-1)!)).toBe("MODIFIED b");
    } finally {
      reader.close();
    }
  });

  it("sends DELETED when a stage stops requesting from the watched origins", async () => {
    await fixtures(stack()).stage("demo", "mover");
    const reader = watch({ project: "demo", freightOrigins: ["wh"] });
    try {
      const snapshot = await reader.readUntil(isBookmark);
      expect(snapshot.map(summary)).toContain("ADDED mover");
      expect(snapshot.map(summary)).not.toContain("ADDED b");
      await fixtures(stack()).kube.mergePatch(
        RESOURCES.stages,
        { namespace: "demo", name: "mover" },
        {
          spec: { requestedFreight: [{ origin: { kind: "Warehouse", name: "other" }, sources: { direct: true } }] },
        },
      );
      const left = (await reader.readUntil((m) => about("mover")(m) && m.type !== WatchEventType.MODIFIED)).at(-1)!;
      expect(summary(left)).toBe("DELETED mover");
      await fixtures(stack()).kube.mergePatch(RESOURCES.stages, { namespace: "demo", name: "mover" }, { spec: directStageSpec() });
      const back = (await reader.readUntil((m) => about("mover")(m) && m.type !== WatchEventType.MODIFIED)).at(-1)!;
      expect(summary(back)).toBe("ADDED mover");
    } finally {
      reader.close();
    }
  });
});
