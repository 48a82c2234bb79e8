import type { CacheEvent } from "../../../src/kube/cache/cache-event.js";
import type { KubeObject } from "../../../src/kube/kube-object.js";
import { matchEvent } from "../../../src/kube/watch/match-event.js";

const tier = (value: string): KubeObject => ({ metadata: { name: "s", labels: { tier: value } } });
const isPre = (o: KubeObject) => o.metadata.labels?.["tier"] === "pre";
const change = (type: CacheEvent["type"], object: KubeObject, previous?: KubeObject): CacheEvent => ({ type, object, previous, resourceVersion: "5" });

describe("matchEvent", () => {
  it.each([
    ["ADDED matching", change("ADDED", tier("pre")), "ADDED"],
    ["ADDED not matching", change("ADDED", tier("live")), undefined],
    ["MODIFIED, matching before and after", change("MODIFIED", tier("pre"), tier("pre")), "MODIFIED"],
    ["MODIFIED into the filter", change("MODIFIED", tier("pre"), tier("live")), "ADDED"],
    ["MODIFIED out of the filter", change("MODIFIED", tier("live"), tier("pre")), "DELETED"],
    ["MODIFIED outside the filter", change("MODIFIED", tier("live"), tier("other")), undefined],
    ["DELETED while matching", change("DELETED", tier("pre"), tier("pre")), "DELETED"],
    ["DELETED while not matching", change("DELETED", tier("live"), tier("live")), undefined],
  ])("%s → %s", (_, event, expected) => {
    expect(matchEvent(event, isPre)?.type).toBe(expected);
  });

  it("sends the new state of an object leaving the filter, with the event's version", () => {
    const seen = matchEvent(change("MODIFIED", tier("live"), tier("pre")), isPre)!;
    expect(seen.object?.metadata.labels?.["tier"]).toBe("live");
    expect(seen.resourceVersion).toBe("5");
  });
});
