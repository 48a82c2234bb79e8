import { applyKargoDefaults } from "../../../src/domain/validation/apply-kargo-defaults.js";
import { clusterConfig, projectConfig, warehouse } from "./fixtures.js";

describe("applyKargoDefaults", () => {
  it("fills a Warehouse's interval and freight creation policy", () => {
    const bare = structuredClone(warehouse) as { spec: Record<string, unknown> };
    delete bare.spec["interval"];
    delete bare.spec["freightCreationPolicy"];
    const before = structuredClone(bare);
    const result = applyKargoDefaults("warehouses", bare);
    expect(result.spec["interval"]).toBe("5m0s");
    expect(result.spec["freightCreationPolicy"]).toBe("Automatic");
    expect(bare).toEqual(before);
  });

  it("replaces null as Kubernetes does, and keeps values that are set", () => {
    const object = { spec: { interval: null, freightCreationPolicy: "Manual", subscriptions: [] } };
    expect(applyKargoDefaults("warehouses", object).spec).toEqual({ interval: "5m0s", freightCreationPolicy: "Manual", subscriptions: [] });
  });

  it("fills secretRef.name inside list items that are present", () => {
    const object = structuredClone(projectConfig);
    object.spec.webhookReceivers[0]!.github = { secretRef: {} as { name: string } };
    const result = applyKargoDefaults("projectconfigs", object);
    expect(result.spec.webhookReceivers[0]!.github!.secretRef).toEqual({ name: "" });
  });

  it("does not create objects that are absent", () => {
    const object = { spec: {} };
    expect(applyKargoDefaults("clusterconfigs", object)).toEqual({ spec: {} });
    expect(applyKargoDefaults("clusterconfigs", clusterConfig)).toEqual(clusterConfig);
  });

  it("returns other resources unchanged", () => {
    const secret = { data: { a: "b" } };
    expect(applyKargoDefaults("secrets", secret)).toBe(secret);
  });
});
