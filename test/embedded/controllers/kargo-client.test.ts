import { CoreV1Api } from "@kubernetes/client-node";
import { createKargoClient } from "../../../src/embedded/controllers/kargo-client.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";

const warehouse = (name: string) => ({
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Warehouse",
  metadata: { name },
  spec: { subscriptions: [{ image: { repoURL: `example.invalid/${name}` } }] },
});

describe("the controllers' KargoClient list", () => {
  // Without controllers, nothing but the test writes, so "unchanged" is under the test's control.
  const embedded = useEmbeddedControlPlane({ controllers: false });

  beforeAll(async () => {
    await embedded
      .kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: "lists" } } });
  });

  it("reuses the previous list, frozen, while nothing was written", async () => {
    const client = createKargoClient(embedded.kubeConfig());
    await client.create("warehouses", "lists", warehouse("first"));
    const first = await client.list("warehouses", "lists");
    const second = await client.list("warehouses", "lists");
    expect(second).toBe(first);
    expect(Object.isFrozen(second[0]!.metadata)).toBe(true);
  });

  it("lists afresh after any write", async () => {
    const client = createKargoClient(embedded.kubeConfig());
    const before = await client.list("warehouses", "lists");
    await client.create("warehouses", "lists", warehouse("second"));
    const after = await client.list("warehouses", "lists");
    expect(after).not.toBe(before);
    expect(after.map((w) => w.metadata.name)).toEqual(["first", "second"]);
  });
});
