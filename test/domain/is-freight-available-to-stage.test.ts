import { isFreightAvailableToStage } from "../../src/domain/is-freight-available-to-stage.js";
import type { Freight, FreightSources, Stage } from "../../src/domain/types.js";

const NOW = new Date("2026-01-01T12:00:00Z");
const ns = "demo";

function stage(sources: FreightSources, originName = "wh"): Stage {
  return { metadata: { name: "uat", namespace: ns }, spec: { requestedFreight: [{ origin: { kind: "Warehouse", name: originName }, sources }] } };
}

function freight(status: Freight["status"] = {}, originName = "wh"): Freight {
  return { metadata: { name: "f1", namespace: ns }, origin: { kind: "Warehouse", name: originName }, status };
}

describe("isFreightAvailableToStage", () => {
  describe("when the Stage does not request the Freight's origin", () => {
    it("is unavailable, even when approved, naming stage, freight and origin", () => {
      const verdict = isFreightAvailableToStage(freight({ approvedFor: { uat: {} } }, "other"), stage({ direct: true }), NOW);
      expect(verdict).toEqual({ available: false, rule: "origin", reason: expect.stringContaining('Stage "uat"') });
      if (!verdict.available) {
        expect(verdict.reason).toContain('Freight "f1"');
        expect(verdict.reason).toContain("Warehouse/other");
      }
    });
  });

  it("is unavailable across namespaces", () => {
    const f = freight();
    f.metadata.namespace = "elsewhere";
    expect(isFreightAvailableToStage(f, stage({ direct: true }), NOW)).toMatchObject({ available: false, rule: "namespace" });
  });

  it("is available from a direct source", () => {
    expect(isFreightAvailableToStage(freight(), stage({ direct: true }), NOW)).toEqual({ available: true, rule: "direct" });
  });

  it("is available when approved for the Stage, whatever the upstream state", () => {
    expect(isFreightAvailableToStage(freight({ approvedFor: { uat: {} } }), stage({ stages: ["test"] }), NOW)).toEqual({ available: true, rule: "approved" });
  });

  describe("with OneOf (the default) upstream stages", () => {
    it("is available when verified in one of them", () => {
      const verdict = isFreightAvailableToStage(freight({ verifiedIn: { b: {} } }), stage({ stages: ["a", "b"] }), NOW);
      expect(verdict).toEqual({ available: true, rule: "verified-upstream" });
    });

    it("is unavailable when verified in none", () => {
      const verdict = isFreightAvailableToStage(freight({ verifiedIn: { c: {} } }), stage({ stages: ["a", "b"], availabilityStrategy: "OneOf" }), NOW);
      expect(verdict).toMatchObject({ available: false, rule: "not-verified" });
    });
  });

  describe("with All upstream stages", () => {
    it("is available when verified in every one", () => {
      const verdict = isFreightAvailableToStage(freight({ verifiedIn: { a: {}, b: {} } }), stage({ stages: ["a", "b"], availabilityStrategy: "All" }), NOW);
      expect(verdict.available).toBe(true);
    });

    it("is unavailable when verified in only some, naming the missing ones", () => {
      const verdict = isFreightAvailableToStage(freight({ verifiedIn: { a: {} } }), stage({ stages: ["a", "b"], availabilityStrategy: "All" }), NOW);
      expect(verdict).toMatchObject({ available: false, rule: "not-verified", reason: expect.stringContaining("missing: b") });
    });

    it("is unavailable with an empty upstream list (no vacuous truth)", () => {
      expect(isFreightAvailableToStage(freight(), stage({ stages: [], availabilityStrategy: "All" }), NOW).available).toBe(false);
    });
  });

  describe("with a required soak time", () => {
    const sources: FreightSources = { stages: ["test"], requiredSoakTime: "1h" };

    it("is unavailable while the Freight has soaked less than required", () => {
      const status = { verifiedIn: { test: { verifiedAt: "2026-01-01T11:30:00Z" } }, currentlyIn: { test: { since: "2026-01-01T11:30:00Z" } } };
      expect(isFreightAvailableToStage(freight(status), stage(sources), NOW)).toMatchObject({ available: false, rule: "not-soaked" });
    });

    it("is available once the current stay reaches the soak time", () => {
      const status = { verifiedIn: { test: {} }, currentlyIn: { test: { since: "2026-01-01T11:00:00Z" } } };
      expect(isFreightAvailableToStage(freight(status), stage(sources), NOW).available).toBe(true);
    });

    it("counts a completed stay (longestSoak) after the Freight left the Stage", () => {
      expect(isFreightAvailableToStage(freight({ verifiedIn: { test: { longestSoak: "1h0m0s" } } }), stage(sources), NOW).available).toBe(true);
      expect(isFreightAvailableToStage(freight({ verifiedIn: { test: { longestSoak: "59m" } } }), stage(sources), NOW).available).toBe(false);
    });

    it("requires every upstream to have soaked under All", () => {
      const status = { verifiedIn: { a: { longestSoak: "2h" }, b: { longestSoak: "10m" } } };
      const verdict = isFreightAvailableToStage(freight(status), stage({ stages: ["a", "b"], availabilityStrategy: "All", requiredSoakTime: "1h" }), NOW);
      expect(verdict).toMatchObject({ available: false, rule: "not-soaked", reason: expect.stringContaining("b") });
    });

    it("needs only one soaked upstream under OneOf", () => {
      const status = { verifiedIn: { a: { longestSoak: "2h" }, b: { longestSoak: "10m" } } };
      expect(isFreightAvailableToStage(freight(status), stage({ stages: ["a", "b"], requiredSoakTime: "1h" }), NOW).available).toBe(true);
    });
  });
});
