import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { createKubeCaches, RESOURCES, type KubeObject } from "../../../src/kube/index.js";
import { withPromotionWindowStatus } from "../../../src/services/stage/with-promotion-window-status.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { readWatch } from "../common/watch-reader.js";
import { fixtures } from "../freight/kargo-fixtures.js";
import { eventually } from "../../support/eventually.js";

// GetStage and ListStages keep each Stage's evaluated `status.promotionWindowStatus` and evaluate
// again only when something it depends on changed (src/services/stage/with-promotion-window-status.ts).
// What they answer must still be what evaluating now gives: these read right after moving the
// injected clock or changing the ProjectConfig, without waiting for anything.

const project = "window-status";
const BEFORE = new Date("2029-12-31T23:00:00Z");
const FROZEN = new Date("2030-01-01T00:30:00Z");
const AFTER = new Date("2030-01-01T02:00:00Z");
const seconds = (iso: string) => BigInt(Date.parse(iso) / 1000);
let clock = BEFORE;

const freeze = { name: "freeze", kind: "Deny", dtstart: "20300101T000000Z", dtend: "20300101T010000Z" };

describe("Stage promotion-window status", () => {
  const stack = useKargoStack({ promotionWindowClock: () => clock });
  const fx = fixtures(stack);

  /** GetStage's and ListStages' status of `name`; both must agree. */
  const statusOf = async (name: string) => {
    const got = await stack().client(StageService).getStage({ project, name });
    const listed = (await stack().client(StageService).listStages({ project })).stages.find((s) => s.metadata?.name === name);
    const fromGet = got.result.case === "stage" ? got.result.value.status?.promotionWindowStatus : undefined;
    expect(listed?.status?.promotionWindowStatus).toEqual(fromGet);
    return { state: fromGet?.state, window: fromGet?.window, reason: fromGet?.reason, nextChange: fromGet?.nextChange?.seconds };
  };

  const setWindows = async (promotionWindows: object[]) => {
    await stack().client(ProjectService).updateProjectConfig({ project, spec: { promotionWindows } });
  };

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "a", [{ sources: { direct: true } }]);
    await eventually(async () => (await stack().client(StageService).listStages({ project })).stages.length === 1);
  });

  it("answers the status at the clock's time when it moves, forwards and back", async () => {
    await setWindows([freeze]);
    clock = BEFORE;
    expect(await statusOf("a")).toEqual({ state: "Open", window: "", reason: "no promotion window is active", nextChange: seconds("2030-01-01T00:00:00Z") });
    clock = FROZEN;
    expect(await statusOf("a")).toEqual({
      state: "Closed",
      window: "ProjectConfig/freeze",
      reason: 'Deny window "freeze" (ProjectConfig) is active',
      nextChange: seconds("2030-01-01T01:00:00Z"),
    });
    clock = AFTER;
    expect(await statusOf("a")).toEqual({ state: "Open", window: "", reason: "no promotion window is active", nextChange: undefined });
    clock = FROZEN;
    expect((await statusOf("a")).state).toBe("Closed");
    clock = BEFORE;
    expect((await statusOf("a")).nextChange).toBe(seconds("2030-01-01T00:00:00Z"));
  });

  it("answers a ProjectConfig change in the next call", async () => {
    clock = FROZEN;
    await setWindows([freeze]);
    expect((await statusOf("a")).state).toBe("Closed");
    await setWindows([]);
    expect(await statusOf("a")).toEqual({ state: "Open", window: "", reason: "no promotion window is active", nextChange: undefined });
    await setWindows([{ ...freeze, name: "release", kind: "Allow", dtstart: "20300101T060000Z", dtend: "20300101T070000Z" }]);
    expect(await statusOf("a")).toEqual({
      state: "Closed",
      window: "ProjectConfig/release",
      reason: 'outside every Allow window ("release")',
      nextChange: seconds("2030-01-01T06:00:00Z"),
    });
  });

  it("hands out the same frozen Stage while its status holds (encode-once relies on it), a new one when it changes", async () => {
    // A second set of caches on the same control plane: the function under test, called directly.
    const caches = createKubeCaches(stack().kubeConfig);
    try {
      const deps = { caches, promotionWindowClock: () => clock };
      const windowsSeen = (n: number) =>
        caches
          .cache(RESOURCES.projectconfigs)
          .waitUntil(
            () =>
              ((caches.cache(RESOURCES.projectconfigs).get(project, project)?.["spec"] as { promotionWindows?: unknown[] })?.promotionWindows ?? []).length ===
              n,
            10_000,
          );
      const read = async (stage: KubeObject) => (await withPromotionWindowStatus(deps, project))(stage);
      const stateOf = (stage: KubeObject) => (stage["status"] as { promotionWindowStatus: { state: string } }).promotionWindowStatus.state;
      await setWindows([freeze]);
      expect(await windowsSeen(1)).toBe(true);
      await caches.cache(RESOURCES.stages).synced;
      const stage = caches.cache(RESOURCES.stages).get(project, "a")!;

      clock = AFTER;
      const open = await read(stage);
      expect(Object.isFrozen(open) && stateOf(open)).toBe("Open");
      expect(await read(stage)).toBe(open);
      clock = FROZEN;
      const closed = await read(stage);
      expect(stateOf(closed)).toBe("Closed");
      expect(await read(stage)).toBe(closed);
      clock = AFTER;
      expect(await read(stage)).toEqual(open);

      // No window applies: one status whatever the clock.
      await setWindows([]);
      expect(await windowsSeen(0)).toBe(true);
      const none = await read(stage);
      expect(stateOf(none)).toBe("Open");
      clock = FROZEN;
      expect(await read(stage)).toBe(none);
      clock = BEFORE;
      expect(await read(stage)).toBe(none);
    } finally {
      caches.stop();
    }
  });

  it("WatchStages sends the status GetStage answers, not the one stored on the Stage", async () => {
    clock = AFTER;
    await setWindows([]);
    // No window applies: the embedded controllers store no status at all on the Stage.
    await eventually(async () => {
      const stored = (await stack().custom.getNamespacedCustomObject({
        group: "kargo.akuity.io",
        version: "v1alpha1",
        namespace: project,
        plural: "stages",
        name: "a",
      })) as {
        status?: { promotionWindowStatus?: unknown };
      };
      return stored.status?.promotionWindowStatus === undefined;
    });
    const watch = readWatch((signal) => stack().client(StageService).watchStages({ project }, { signal }));
    try {
      const snapshot = await watch.readUntil((m) => m.type === WatchEventType.BOOKMARK);
      const sent = snapshot.find((m) => m.stage?.metadata?.name === "a")?.stage?.status?.promotionWindowStatus;
      expect(sent).toMatchObject({ state: "Open", reason: "no promotion window is active" });
      const got = await stack().client(StageService).getStage({ project, name: "a" });
      expect(got.result.case === "stage" && got.result.value.status?.promotionWindowStatus).toEqual(sent);
    } finally {
      watch.close();
    }
  });
});
