import { EventRing } from "../../../src/kube/cache/event-ring.js";
import type { CacheEvent } from "../../../src/kube/cache/cache-event.js";
import { ExpiredResourceVersionError } from "../../../src/kube/watch/expired-resource-version-error.js";

function event(version: string): CacheEvent {
  return { type: "MODIFIED", object: { metadata: { name: `at-${version}`, resourceVersion: version } }, previous: undefined, resourceVersion: version };
}

const versionsOf = (events: CacheEvent[]) => events.map((e) => e.resourceVersion);

describe("EventRing", () => {
  describe("within its capacity", () => {
    const ring = new EventRing(4, "10");
    for (const v of ["11", "13", "20"]) ring.push(event(v));

    it("returns the events after a held version", () => {
      expect(versionsOf(ring.since("11"))).toEqual(["13", "20"]);
      expect(versionsOf(ring.since("10"))).toEqual(["11", "13", "20"]);
    });

    it("returns the events after a version between held ones (a change to another type)", () => {
      expect(versionsOf(ring.since("12"))).toEqual(["13", "20"]);
    });

    it("returns nothing for the newest or a future version", () => {
      expect(ring.since("20")).toEqual([]);
      expect(ring.since("99")).toEqual([]);
    });

    it("refuses a version older than its floor", () => {
      expect(() => ring.since("9")).toThrow(ExpiredResourceVersionError);
    });
  });

  describe("past its capacity", () => {
    it("evicts the oldest events and raises the floor to the last evicted", () => {
      const ring = new EventRing(3, "0");
      for (let v = 1; v <= 10; v++) ring.push(event(String(v)));
      expect(ring.length).toBe(3);
      expect(ring.floor).toBe("7");
      expect(versionsOf(ring.since("7"))).toEqual(["8", "9", "10"]);
      expect(() => ring.since("6")).toThrow(ExpiredResourceVersionError);
    });
  });

  describe("after a reset", () => {
    it("holds nothing and refuses everything before the new floor", () => {
      const ring = new EventRing(3, "0");
      ring.push(event("1"));
      ring.reset("50");
      expect(ring.since("50")).toEqual([]);
      expect(() => ring.since("1")).toThrow(ExpiredResourceVersionError);
    });
  });

  describe("with opaque versions", () => {
    it("resumes after an exact match only", () => {
      const ring = new EventRing(3, "start");
      for (const v of ["a", "b", "c"]) ring.push(event(v));
      expect(versionsOf(ring.since("a"))).toEqual(["b", "c"]);
      expect(versionsOf(ring.since("start"))).toEqual(["a", "b", "c"]);
      expect(() => ring.since("zzz")).toThrow(ExpiredResourceVersionError);
    });
  });

  it("refuses a capacity below 1", () => {
    expect(() => new EventRing(0, "0")).toThrow(RangeError);
  });
});
