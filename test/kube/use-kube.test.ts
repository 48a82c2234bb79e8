import { RESOURCES } from "../../src/kube/kargo-resources.js";
import { nextEvents, brief } from "./support/next-events.js";
import { createProjectNamespace, stageObject } from "./support/project-namespace.js";
import { useKube } from "../support/use-kube.js";

describe("useKube", () => {
  const kube = useKube({ hub: { heartbeatMs: 60_000 } });

  it("wires client, caches and hub over one control plane, with read-your-writes", async () => {
    await kube.caches.start([RESOURCES.stages]);
    await createProjectNamespace(kube.client, "fixture");
    await kube.client.create(RESOURCES.stages, stageObject("fixture", "test"));
    expect(kube.caches.cache(RESOURCES.stages).get("fixture", "test")).toBeDefined();
    const watch = kube.hub.subscribe({ type: RESOURCES.stages, namespace: "fixture" });
    expect((await nextEvents(watch, 2)).map(brief)).toEqual(["ADDED test", "BOOKMARK"]);
    await watch.return!();
  });
});
