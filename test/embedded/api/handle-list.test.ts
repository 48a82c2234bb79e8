import type { ApiDeps, ResourceRequest } from "../../../src/embedded/api/api-context.js";
import { withTypeMeta } from "../../../src/embedded/api/decode-object.js";
import { handleList } from "../../../src/embedded/api/handle-list.js";
import { resourceTypeOf } from "../../../src/embedded/resources/resource-types.js";
import { openStore, type DurableObjectStore } from "../../../src/embedded/store/open-store.js";
import type { KubeObject } from "../../../src/embedded/store/types.js";

// handleList splices the stored JSON texts into the answer instead of parse + stringify (the
// start-up profile's top cost). The answer must be what the object path gives: the same list
// head, and each item as withTypeMeta of the stored object.
describe("handleList", () => {
  const stages = resourceTypeOf("kargo.akuity.io", "stages")!;
  let store: DurableObjectStore;
  beforeAll(() => {
    store = openStore({ path: ":memory:" });
    for (let i = 0; i < 5; i++) {
      store.create(stages, { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", metadata: { namespace: "demo", name: `s-${i}` }, spec: { i } });
    }
    // Stored by an older writer: kind before apiVersion, so its text cannot be spliced as is.
    store.create(stages, {
      kind: "Stage",
      metadata: { namespace: "demo", name: "s-odd" },
      apiVersion: "kargo.akuity.io/v1alpha1",
      spec: { odd: true },
    } as KubeObject);
  });
  afterAll(() => store.close());

  function list(query: string, from: DurableObjectStore = store): Promise<{ code: number; json?: string }> {
    const request = {
      method: "GET",
      url: new URL(`http://embedded.local/apis/kargo.akuity.io/v1alpha1/namespaces/demo/stages${query}`),
      headers: {},
      type: stages,
      path: { namespace: "demo" },
      verb: "list",
    } as unknown as ResourceRequest;
    return handleList({ store: from } as unknown as ApiDeps, request);
  }

  it("commits the open group before reading (group commit): its version covers every item it lists", async () => {
    const grouped = openStore({ path: ":memory:", groupCommit: true });
    try {
      const created = grouped.create(stages, {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Stage",
        metadata: { namespace: "demo", name: "s-new" },
        spec: {},
      });
      const acknowledged = grouped.durable();
      // In the write's turn, before its group's COMMIT would run.
      const reply = JSON.parse((await list("", grouped)).json!) as { metadata: { resourceVersion: string }; items: KubeObject[] };
      expect(reply.items.map((item) => item.metadata.name)).toEqual(["s-new"]);
      expect(reply.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      expect(grouped.currentResourceVersion()).toBe(created.metadata.resourceVersion);
      await expect(acknowledged).resolves.toBeUndefined();
    } finally {
      grouped.close();
    }
  });

  it("answers the stored texts spliced into the list, equal to the object path's answer", async () => {
    const reply = await list("");
    expect(reply.code).toBe(200);
    const expected = store.list(stages, { namespace: "demo" });
    expect(JSON.parse(reply.json!)).toEqual({
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "StageList",
      metadata: { resourceVersion: expected.resourceVersion },
      items: expected.items.map((item) => withTypeMeta(stages, item)),
    });
    // The stored texts are in the body byte for byte; the odd one was normalised.
    const texts = store.listJson(stages, { namespace: "demo" }).items;
    expect(reply.json).toContain(texts[0]);
    const odd = texts.find((text) => text.includes("s-odd"))!;
    expect(odd.startsWith('{"kind"')).toBe(true);
    expect(reply.json).not.toContain(odd);
  });

  it("keeps continue and remainingItemCount on a limited page", async () => {
    const page = JSON.parse((await list("?limit=2")).json!);
    expect(page.items.map((item: KubeObject) => item.metadata.name)).toEqual(["s-0", "s-1"]);
    expect(page.metadata.remainingItemCount).toBe(4);
    const next = JSON.parse((await list(`?limit=10&continue=${encodeURIComponent(page.metadata.continue)}`)).json!);
    expect(next.items.map((item: KubeObject) => item.metadata.name)).toEqual(["s-2", "s-3", "s-4", "s-odd"]);
    expect(next.metadata.continue).toBeUndefined();
  });
});
