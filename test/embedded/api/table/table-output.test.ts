import { apiRequest } from "../../support/api-request.js";
import { useEmbeddedControlPlane } from "../../support/use-embedded-control-plane.js";

const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

describe("embedded API Table output", () => {
  const fixture = useEmbeddedControlPlane();

  beforeAll(async () => {
    await apiRequest(fixture.controlPlane, "/api/v1/namespaces", { method: "POST", body: { metadata: { name: "tables" } } });
    await apiRequest(fixture.controlPlane, "/apis/kargo.akuity.io/v1alpha1/namespaces/tables/stages", {
      method: "POST",
      body: {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Stage",
        metadata: { name: "prod" },
        spec: { shard: "east", requestedFreight: [{ origin: { kind: "Warehouse", name: "w" }, sources: { direct: true } }] },
      },
    });
    await apiRequest(fixture.controlPlane, "/apis/kargo.akuity.io/v1alpha1/namespaces/tables/stages/prod/status", {
      method: "PATCH",
      headers: { "Content-Type": "application/merge-patch+json" },
      body: { status: { conditions: [{ type: "Ready", status: "True", message: "ready", reason: "Ok", lastTransitionTime: "2026-01-01T00:00:00Z" }] } },
    });
  });

  it("answers a list with the CRD's printer columns and each row's metadata", async () => {
    const response = await apiRequest(fixture.controlPlane, "/apis/kargo.akuity.io/v1alpha1/namespaces/tables/stages", { headers: { Accept: TABLE_ACCEPT } });
    expect(response.json.kind).toBe("Table");
    expect(response.json.apiVersion).toBe("meta.k8s.io/v1");
    expect(response.json.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Shard", "Current Freight", "Health", "Ready", "Status", "Age"]);
    const [row] = response.json.rows;
    expect(row.cells.slice(0, 6)).toEqual(["prod", "east", null, null, "True", "ready"]);
    expect(row.cells[6]).toMatch(/^\d+s$/);
    expect(row.object).toMatchObject({ kind: "PartialObjectMetadata", metadata: { name: "prod", namespace: "tables" } });
  });

  it("answers a single get as a one-row table, with the whole object when asked", async () => {
    const response = await apiRequest(fixture.controlPlane, "/apis/kargo.akuity.io/v1alpha1/namespaces/tables/stages/prod?includeObject=Object", {
      headers: { Accept: TABLE_ACCEPT },
    });
    expect(response.json.rows).toHaveLength(1);
    expect(response.json.rows[0].object.spec.shard).toBe("east");
  });

  it("answers plain objects to clients that do not ask for a table", async () => {
    const response = await apiRequest(fixture.controlPlane, "/apis/kargo.akuity.io/v1alpha1/namespaces/tables/stages", {
      headers: { Accept: "application/json" },
    });
    expect(response.json.kind).toBe("StageList");
  });
});
