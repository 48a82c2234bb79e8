import type { ObjectChange } from "../../../src/embedded/store/object-change.js";
import { toWatchEvent } from "../../../src/embedded/store/to-watch-event.js";
import type { KubeObject } from "../../../src/embedded/store/types.js";

function object(tier: string, resourceVersion: string): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "demo", name: "c", resourceVersion, labels: { tier } } };
}

function modified(from: string, to: string): ObjectChange {
  return {
    resourceVersion: 8,
    type: "MODIFIED",
    key: { group: "", resource: "configmaps", namespace: "demo", name: "c" },
    data: JSON.stringify(object(to, "8")),
    prev: JSON.stringify(object(from, "7")),
  };
}

const web = (o: KubeObject) => o.metadata.labels?.["tier"] === "web";

describe("toWatchEvent", () => {
  it("passes a change through without a filter", () => {
    expect(toWatchEvent(modified("web", "db"), undefined, undefined)?.type).toBe("MODIFIED");
  });

  it("drops a change in another namespace", () => {
    expect(toWatchEvent(modified("web", "web"), "other", undefined)).toBeUndefined();
  });

  it("is MODIFIED when both states match", () => {
    expect(toWatchEvent(modified("web", "web"), undefined, web)?.type).toBe("MODIFIED");
  });

  it("is ADDED with the new state when the object starts matching", () => {
    const event = toWatchEvent(modified("db", "web"), undefined, web)!;
    expect(event.type).toBe("ADDED");
    expect(event.object.metadata.labels).toEqual({ tier: "web" });
  });

  it("is DELETED with the old state and the new version when the object stops matching", () => {
    const event = toWatchEvent(modified("web", "db"), undefined, web)!;
    expect(event.type).toBe("DELETED");
    expect(event.object.metadata.labels).toEqual({ tier: "web" });
    expect(event.object.metadata.resourceVersion).toBe("8");
  });

  it("is nothing when neither state matches", () => {
    expect(toWatchEvent(modified("db", "db"), undefined, web)).toBeUndefined();
  });

  it("is DELETED for a deletion whose last state no longer matches but whose previous state did", () => {
    const change: ObjectChange = { ...modified("web", "db"), type: "DELETED" };
    const event = toWatchEvent(change, undefined, web)!;
    expect(event.type).toBe("DELETED");
    expect(event.object.metadata.resourceVersion).toBe("8");
  });

  it("is nothing for a deletion that never matched", () => {
    expect(toWatchEvent({ ...modified("db", "db"), type: "DELETED" }, undefined, web)).toBeUndefined();
  });
});
