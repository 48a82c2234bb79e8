import { downstreamStages } from "../../src/domain/downstream-stages.js";
import { freightInUseBy, isFreightInUse } from "../../src/domain/freight-in-use-by.js";
import type { Freight, Stage } from "../../src/domain/types.js";

const wh = { kind: "Warehouse", name: "wh" };

function stage(name: string, requests: Array<{ origin?: typeof wh; stages?: string[]; direct?: boolean }>, current?: string): Stage {
  return {
    metadata: { name, namespace: "demo" },
    spec: { requestedFreight: requests.map((r) => ({ origin: r.origin ?? wh, sources: { stages: r.stages ?? [], direct: r.direct ?? false } })) },
    ...(current ? { status: { freightHistory: [{ items: { "Warehouse/wh": { name: current } } }, { items: { "Warehouse/wh": { name: "older" } } }] } } : {}),
  };
}

describe("downstreamStages", () => {
  const stages = [
    stage("test", [{ direct: true }]),
    stage("uat", [{ stages: ["test"] }]),
    stage("other-origin", [{ origin: { kind: "Warehouse", name: "x" }, stages: ["test"] }]),
    stage("prod", [{ stages: ["uat"] }]),
    stage("qa", [{ stages: ["dev", "test"] }]),
  ];

  it("returns the Stages requesting the origin from the given Stage", () => {
    expect(downstreamStages(stages, "test", wh).map((s) => s.metadata.name)).toEqual(["uat", "qa"]);
    expect(downstreamStages(stages, "uat", wh).map((s) => s.metadata.name)).toEqual(["prod"]);
    expect(downstreamStages(stages, "prod", wh)).toEqual([]);
  });
});

describe("freightInUseBy", () => {
  const freight: Freight = { metadata: { name: "f1", namespace: "demo" }, origin: wh };

  it("names the Stages whose current Freight collection holds it", () => {
    const stages = [stage("test", [], "f1"), stage("uat", [], "f2")];
    expect(freightInUseBy(freight, stages)).toEqual(["test"]);
    expect(isFreightInUse(freight, stages)).toBe(true);
  });

  it("ignores older history entries", () => {
    expect(isFreightInUse({ ...freight, metadata: { name: "older" } }, [stage("test", [], "f1")])).toBe(false);
  });

  it("counts status.currentlyIn for Stages that still exist", () => {
    const f = { ...freight, status: { currentlyIn: { uat: {}, gone: {} } } };
    expect(freightInUseBy(f, [stage("uat", [])])).toEqual(["uat"]);
  });
});
