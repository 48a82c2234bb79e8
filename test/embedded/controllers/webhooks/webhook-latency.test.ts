import { createHmac } from "node:crypto";
import type { KubeObject } from "../../../../src/domain/types.js";
import { CoreV1Api } from "@kubernetes/client-node";
import { createTestRepository, type TestRepository } from "../support/git-repository.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "hook-latency";
const SECRET = "latency-s3cret";
const PUSHES = 10;

interface Freight extends KubeObject {
  commits?: { id?: string }[];
}

/**
 * From a verified push to the new commit's Freight, with the controllers at their production pace
 * (passes on watch events). The Warehouse's interval is a day, so only the webhook makes the Freight;
 * the test waits on the condition (the Freight) and reports the distribution, asserting no time.
 */
describe("webhook-triggered discovery", () => {
  const fixture = useControllers({ webhooks: { host: "127.0.0.1", port: 0, burst: PUSHES + 2 } });
  let app: TestRepository;
  let url: string;

  beforeAll(async () => {
    app = createTestRepository();
    app.commit({ "a.txt": "0\n" }, "zero");
    await fixture.createProject(PROJECT);
    await fixture.plane
      .kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedSecret({ namespace: PROJECT, body: { metadata: { name: "gh" }, stringData: { secret: SECRET } } });
    await fixture.client.create("warehouses", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Warehouse",
      metadata: { name: "app", namespace: PROJECT },
      spec: { interval: "24h", subscriptions: [{ git: { repoURL: app.url, branch: "main" } }] },
    });
    await fixture.client.create("projectconfigs", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "ProjectConfig",
      metadata: { name: PROJECT, namespace: PROJECT },
      spec: { webhookReceivers: [{ name: "gh", github: { secretRef: { name: "gh" } } }] },
    });
    await eventually(async () => {
      const status = ((await fixture.client.get("projectconfigs", PROJECT, PROJECT)) as unknown as { status?: { webhookReceivers?: { url: string }[] } })
        .status;
      url = status?.webhookReceivers?.[0]?.url ?? "";
      return url !== "";
    });
    // The first discovery (new Warehouse) is done: later Freight is the webhook's doing.
    await eventually(async () => (await fixture.client.list("freights", PROJECT)).length === 1);
  });

  it(`makes the pushed commit's Freight after each of ${PUSHES} pushes (latency reported, not asserted)`, async () => {
    const latencies: number[] = [];
    const answered: number[] = [];
    for (let i = 1; i <= PUSHES; i++) {
      const commit = app.commit({ "a.txt": `${i}\n` }, `change ${i}`);
      const body = JSON.stringify({ ref: "refs/heads/main", repository: { html_url: app.url } });
      const started = performance.now();
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: {
          "Content-Type": "application/json",
          "X-GitHub-Event": "push",
          "X-Hub-Signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
        },
      });
      expect(response.status).toBe(200);
      // The receiver answers once the refresh is requested and discovery started for the Warehouse.
      answered.push(Math.round(performance.now() - started));
      await eventually(async () => (await fixture.client.list<Freight>("freights", PROJECT)).some((freight) => freight.commits?.[0]?.id === commit));
      latencies.push(Math.round(performance.now() - started));
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    console.info(`push → refresh requested (receiver's answer) over ${PUSHES} pushes (ms): ${answered.join(", ")}`);
    console.info(
      `push → Freight over ${PUSHES} pushes (ms): min ${sorted[0]}, median ${at(0.5)}, p90 ${at(0.9)}, max ${sorted.at(-1)}; all ${latencies.join(", ")}`,
    );
    expect(latencies).toHaveLength(PUSHES);
  });
});
