import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Freight } from "../../../../src/domain/types.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "retry-after";
const INDEX = `apiVersion: v1
entries:
  demo:
  - name: demo
    version: 1.0.0
`;

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/**
 * A Helm repository on loopback that rate limits: `/slow/index.yaml` answers 429 with
 * `Retry-After: 2` until the test lets it through; `/closed/index.yaml` answers 503 asking for an
 * hour. The Warehouse says it is waiting, then gets its Freight once the repository answers.
 */
describe("Warehouse discovery honours Retry-After", () => {
  const fixture = useControllers();
  let server: Server;
  let origin: string;
  let open = false;
  const requests: string[] = [];

  const conditionsOf = async (name: string) =>
    ((await fixture.client.get("warehouses", PROJECT, name)) as unknown as { status?: { conditions?: Condition[] } }).status?.conditions ?? [];
  const warehouse = (name: string, repoURL: string) => ({
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Warehouse",
    metadata: { name, namespace: PROJECT },
    spec: { interval: "24h", subscriptions: [{ chart: { repoURL, name: "demo" } }] },
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? "");
      if (request.url === "/slow/index.yaml") {
        if (!open) return void response.writeHead(429, { "Retry-After": "2" }).end();
        return void response.writeHead(200, { "Content-Type": "application/x-yaml" }).end(INDEX);
      }
      if (request.url === "/closed/index.yaml") return void response.writeHead(503, { "Retry-After": "3600" }).end();
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fixture.createProject(PROJECT);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("says it is waiting while the repository answers 429, then makes the Freight", async () => {
    await fixture.client.create("warehouses", PROJECT, warehouse("slow", `${origin}/slow`));
    let waiting: Condition | undefined;
    await eventually(async () => {
      waiting = (await conditionsOf("slow")).find((c) => c.type === "Reconciling");
      return waiting !== undefined;
    });
    expect(waiting).toMatchObject({
      status: "True",
      reason: "WaitingForRetryAfter",
      message: `waiting 2 s before asking ${origin} again: it answered HTTP 429 with Retry-After`,
    });
    open = true;
    await eventually(async () =>
      (await fixture.client.list<Freight & { metadata: object }>("freights", PROJECT)).some((f) => f.charts?.[0]?.version === "1.0.0"),
    );
    await eventually(async () => !(await conditionsOf("slow")).some((c) => c.type === "Reconciling"));
    expect((await conditionsOf("slow")).find((c) => c.type === "Ready")).toMatchObject({ status: "True" });
    expect(requests.filter((path) => path === "/slow/index.yaml").length).toBeGreaterThanOrEqual(2);
  });

  it("fails a discovery asked to wait beyond the maximum, saying how long, and does not ask again sooner", async () => {
    await fixture.client.create("warehouses", PROJECT, warehouse("closed", `${origin}/closed`));
    let ready: Condition | undefined;
    await eventually(async () => {
      ready = (await conditionsOf("closed")).find((c) => c.type === "Ready");
      return ready?.status === "False";
    });
    expect(ready).toMatchObject({ reason: "RegistryUnavailable", message: `chart repository ${origin}/closed: HTTP 503 (asked to retry after 3600 s)` });
    // Without the Retry-After the backoff would have asked again after 1 s: let more than that pass
    // (a lower bound, so a slow machine only makes the check stronger) while another Warehouse works.
    const failedAt = performance.now();
    await fixture.client.create("warehouses", PROJECT, warehouse("slow-again", `${origin}/slow`));
    await eventually(
      async () => performance.now() - failedAt > 2500 && (await conditionsOf("slow-again")).some((c) => c.type === "Ready" && c.status === "True"),
    );
    expect(requests.filter((path) => path === "/closed/index.yaml").length).toBe(1);
  });
});
