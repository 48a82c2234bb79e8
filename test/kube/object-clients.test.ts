import { CoreV1Api } from "@kubernetes/client-node";
import { createKubeCaches, RESOURCES } from "../../src/kube/index.js";
import { createKargoClient } from "../../src/kube/object-clients.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";

const warehouse = (name: string) => ({
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Warehouse",
  metadata: { name },
  spec: { subscriptions: [{ image: { repoURL: `example.invalid/${name}` } }] },
});

describe("the controllers' KargoClient", () => {
  // Without controllers, nothing but the test writes.
  const embedded = useEmbeddedControlPlane({ controllers: false });

  beforeAll(async () => {
    await embedded
      .kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: "lists" } } });
  });

  it("lists from the informer cache, frozen, and shows its own writes at once", async () => {
    const caches = createKubeCaches(embedded.kubeConfig());
    try {
      const client = createKargoClient(embedded.kubeConfig(), { caches });
      expect(await client.list("warehouses", "lists")).toEqual([]);
      await client.create("warehouses", "lists", warehouse("first"));
      // No wait: the create returned only once the client's own cache held it.
      const listed = await client.list("warehouses", "lists");
      expect(listed.map((w) => w.metadata.name)).toEqual(["first"]);
      expect(listed).toBe(caches.cache(RESOURCES.warehouses).list("lists"));
      expect(Object.isFrozen(listed[0]!.metadata)).toBe(true);
      await client.patch("warehouses", "lists", "first", { metadata: { labels: { changed: "yes" } } });
      expect((await client.list("warehouses", "lists"))[0]!.metadata.labels).toEqual({ changed: "yes" });
    } finally {
      caches.stop();
    }
  });

  it("lists over HTTP without caches; a missing object reads as undefined", async () => {
    const client = createKargoClient(embedded.kubeConfig());
    await client.create("warehouses", "lists", warehouse("second"));
    const listed = await client.list("warehouses", "lists");
    expect(listed.map((w) => w.metadata.name)).toContain("second");
    expect(Object.isFrozen(listed[0]!.metadata)).toBe(true);
    expect(await client.get("warehouses", "lists", "absent")).toBeUndefined();
    await expect(client.create("warehouses", "lists", warehouse("second"))).rejects.toMatchObject({ code: 409 });
  });
});
