import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "../../../gen/google/rpc/error_details_pb.js";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { useProxiedKubernetesMode } from "../../support/use-proxied-kubernetes-mode.js";
import { errorFor, manifest, outcomes, stage, warehouse } from "./resource-fixtures.js";

const PROJECT = "checked";
const TOO_LONG = "99999999999h"; // past Go's time.Duration (about 2,562,047h)

/**
 * Issue 12 item 6 in Kubernetes mode: the server runs against a Kubernetes API through a kubeconfig
 * (an embedded control plane standing in for a cluster, reached through a proxy that records every
 * request), and refuses invalid Kargo objects itself, before any write: the proxy shows that
 * nothing of an invalid object reached the API. (The control plane would refuse them too, with a
 * 422 — so only the recorded requests tell the API's own check from the cluster's.)
 */
describe("Kargo objects are validated before they are written, in Kubernetes mode", () => {
  const { proxy: proxied, stack: server } = useProxiedKubernetesMode(PROJECT);

  /** Writes (anything but GET) that reached the Kubernetes API and mention `name`. */
  const writesNaming = (name: string) =>
    proxied()
      .requests()
      .filter((r) => r.method !== "GET" && (r.path.includes(`/${name}`) || r.body.includes(`"${name}"`)));

  it("CreateResource: an invalid object of a manifest is refused before anything is written; the valid ones are applied", async () => {
    const bad = { ...warehouse(PROJECT, "bad-interval"), spec: { interval: TOO_LONG, subscriptions: [{ image: { repoURL: "registry.example.org/app" } }] } };
    const badStage = stage(PROJECT, "bad-vars") as { spec: Record<string, unknown> };
    badStage.spec["vars"] = [{ name: "not an identifier", value: "x" }];
    const { results } = await server()
      .client(ResourceService)
      .createResource({ manifest: manifest(warehouse(PROJECT, "fine"), bad, badStage) });
    expect(outcomes(results)).toEqual([
      `Warehouse ${PROJECT}/fine: createdResource`,
      `Warehouse ${PROJECT}/bad-interval: invalid_argument`,
      `Stage ${PROJECT}/bad-vars: invalid_argument`,
    ]);
    expect(errorFor(results, "bad-interval").message).toMatch(/^document 2: warehouse "bad-interval" in project "checked" is invalid: spec\.interval: /);
    expect(errorFor(results, "bad-vars").message).toMatch(/^document 3: .*spec\.vars\[0\]\.name: /);
    expect(writesNaming("fine")).toHaveLength(1);
    expect(writesNaming("bad-interval")).toEqual([]);
    expect(writesNaming("bad-vars")).toEqual([]);
  });

  it("UpdateResource and CreateOrUpdateResource: an invalid replacement is refused before the PUT", async () => {
    const invalid = { ...warehouse(PROJECT, "fine"), spec: { interval: TOO_LONG, subscriptions: [{ image: { repoURL: "registry.example.org/app" } }] } };
    const before = writesNaming("fine").length;
    for (const call of ["updateResource", "createOrUpdateResource"] as const) {
      const { results } = await server()
        .client(ResourceService)
        [call]({ manifest: manifest(invalid) });
      expect([call, outcomes(results)]).toEqual([call, [`Warehouse ${PROJECT}/fine: invalid_argument`]]);
      expect(errorFor(results, "fine").message).toContain("spec.interval");
    }
    expect(writesNaming("fine")).toHaveLength(before);
  });

  it("leaves what Kargo's defaulting webhook fills on create to it: a Promotion without steps reaches the API", async () => {
    const promotion = {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Promotion",
      metadata: { name: "manual-promotion", namespace: PROJECT },
      spec: { stage: "bad-vars", freight: "0123456789abcdef" },
    };
    const { results } = await server()
      .client(ResourceService)
      .createResource({ manifest: manifest(promotion) });
    // The API (admission) judges it — the Stage does not exist — but our check did not refuse it for lacking steps.
    expect(results[0]!.result.case === "error" ? results[0]!.result.value.message : "").not.toContain("spec.steps");
    expect(writesNaming("manual-promotion").filter((r) => r.method === "POST")).toHaveLength(1);
    // A replace must carry valid steps, as the stored object does: it is judged as given.
    const replaced = await server()
      .client(ResourceService)
      .updateResource({ manifest: manifest(promotion) });
    expect(errorFor(replaced.results, "manual-promotion").message).toContain("spec.steps");
  });

  it("typed create and update RPCs: INVALID_ARGUMENT naming the field, nothing written", async () => {
    const spec = {
      vars: [{ name: "1st", value: "x" }],
      requestedFreight: [{ origin: { kind: "Warehouse", name: "fine" }, sources: { direct: true } }],
    };
    const created = await server()
      .client(StageService)
      .createStage({ project: PROJECT, name: "typed", spec })
      .catch((e: unknown) => ConnectError.from(e));
    expect(created).toMatchObject({ code: Code.InvalidArgument, rawMessage: expect.stringContaining("spec.vars[0].name: ") });
    expect((created as ConnectError).findDetails(BadRequestSchema)[0]?.fieldViolations.map((v) => v.field)).toEqual(["spec.vars[0].name"]);
    expect(writesNaming("typed")).toEqual([]);

    await server()
      .client(StageService)
      .createStage({ project: PROJECT, name: "typed", spec: { ...spec, vars: [{ name: "first", value: "x" }] } });
    const writes = writesNaming("typed").length;
    const updated = await server()
      .client(StageService)
      .updateStage({ project: PROJECT, name: "typed", spec })
      .catch((e: unknown) => ConnectError.from(e));
    expect(updated).toMatchObject({ code: Code.InvalidArgument, rawMessage: expect.stringContaining("spec.vars[0].name: ") });
    expect(writesNaming("typed")).toHaveLength(writes);
  });
});
