import { getHeapSpaceStatistics } from "node:v8";
import { releaseUnusedMemory } from "../../src/util/release-unused-memory.js";
import { startupTimeline } from "../../src/util/startup-timeline.js";

const newSpaceMiB = () => (getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0) / 2 ** 20;

describe("releaseUnusedMemory", () => {
  it("returns the young generation a burst of surviving allocations grew, and keeps what is still held", () => {
    // What an informer's first list does: many objects that survive several young collections.
    let burst: object[] | undefined = [];
    for (let i = 0; i < 400_000; i++) burst.push({ name: `object-${i}`, spec: { index: i } });
    const grown = newSpaceMiB();
    const kept = burst.slice(0, 1000);
    burst = undefined;
    const { heapBeforeMiB, heapAfterMiB, pauseMs } = releaseUnusedMemory();
    expect(heapAfterMiB).toBeLessThan(heapBeforeMiB);
    expect(pauseMs).toBeGreaterThan(0);
    expect(newSpaceMiB()).toBeLessThan(grown);
    expect(kept[999]).toEqual({ name: "object-999", spec: { index: 999 } });
    expect(startupTimeline().some(({ phase }) => phase.startsWith("unused memory released (V8 heap "))).toBe(true);
    // The collection function was made in a context of its own: the server's context has no `gc`.
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
