import { CoreV1Api } from "@kubernetes/client-node";
import type { Stage } from "../../../src/domain/types.js";
import { inProcessKubeConfig } from "../../../src/embedded/controllers/start-embedded-controllers.js";
import { createKargoClient, isConflict, type KargoClient } from "../../../src/kube/object-clients.js";
import { createStage } from "../controllers/support/kargo-objects.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";

const PROJECT = "patching";
const STEPS = [{ uses: "compose-output", config: { a: "1" } }];

// A merge patch carrying metadata.resourceVersion is a precondition, as in Kubernetes: what the
// controllers' conditional status writes (patchStatus with a resourceVersion) rely on.
describe("PATCH with metadata.resourceVersion", () => {
  const plane = useEmbeddedControlPlane({ controllers: false });
  let client: KargoClient;

  beforeAll(async () => {
    const kubeConfig = inProcessKubeConfig(plane.controlPlane.httpUrl, plane.controlPlane.serverToken);
    client = createKargoClient(kubeConfig);
    await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: PROJECT, labels: { "kargo.akuity.io/project": "true" } } } });
  });

  const failureOf = (write: Promise<unknown>) =>
    write.then(
      () => undefined,
      (error: unknown) => error,
    );

  it("of the status: applies at the current version, and answers 409 Conflict at an older one without writing", async () => {
    const created = await createStage(client, PROJECT, "status", { warehouse: "images", steps: STEPS });
    const read = created.metadata.resourceVersion!;
    const first = await client.patchStatus<Stage>("stages", PROJECT, "status", { lastHandledRefresh: "first" }, { resourceVersion: read });
    expect(first.status).toMatchObject({ lastHandledRefresh: "first" });
    const stale = await failureOf(client.patchStatus("stages", PROJECT, "status", { lastHandledRefresh: "second" }, { resourceVersion: read }));
    expect(isConflict(stale)).toBe(true);
    const stored = (await client.get<Stage>("stages", PROJECT, "status"))!;
    expect([stored.metadata.resourceVersion, stored.status]).toEqual([
      first.metadata.resourceVersion,
      expect.objectContaining({ lastHandledRefresh: "first" }),
    ]);
  });

  it("of the object: answers 409 Conflict at an older version", async () => {
    const created = await createStage(client, PROJECT, "object", { warehouse: "images", steps: STEPS });
    await client.patch("stages", PROJECT, "object", { metadata: { labels: { first: "yes" } } });
    const stale = await failureOf(
      client.patch("stages", PROJECT, "object", { metadata: { resourceVersion: created.metadata.resourceVersion, labels: { second: "yes" } } }),
    );
    expect(isConflict(stale)).toBe(true);
    const labels = (await client.get<Stage>("stages", PROJECT, "object"))!.metadata.labels ?? {};
    expect([labels["first"], labels["second"]]).toEqual(["yes", undefined]);
  });
});
