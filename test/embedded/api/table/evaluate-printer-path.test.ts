import { evaluatePrinterPath } from "../../../../src/embedded/api/table/evaluate-printer-path.js";

const stage = {
  metadata: { name: "prod", labels: { "kargo.akuity.io/alias": "fierce-fox" } },
  spec: { shard: "east" },
  status: {
    conditions: [
      { type: "Healthy", status: "False" },
      { type: "Ready", status: "True", message: "all good" },
    ],
  },
};

describe("evaluatePrinterPath", () => {
  it.each([
    [".spec.shard", "east"],
    [".metadata.labels.kargo\\.akuity\\.io/alias", "fierce-fox"],
    ['.status.conditions[?(@.type=="Ready")].status', "True"],
    ['.status.conditions[?(@.type=="Ready")].message', "all good"],
  ])("reads %s", (path, expected) => {
    expect(evaluatePrinterPath(stage, path)).toBe(expected);
  });

  it.each([".spec.missing.deeper", '.status.conditions[?(@.type=="Gone")].status', ".spec.shard.length"])("is undefined for %s", (path) => {
    expect(evaluatePrinterPath(stage, path)).toBeUndefined();
  });
});
