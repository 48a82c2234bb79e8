import { compareFreight, freightGroupKeys, groupFreight } from "../../src/domain/group-freight.js";
import type { Freight } from "../../src/domain/types.js";

function freight(name: string, created: string, images: Array<[string, string]>, extra: Partial<Freight> = {}): Freight {
  return { metadata: { name, creationTimestamp: created }, images: images.map(([repoURL, tag]) => ({ repoURL, tag })), ...extra };
}

const a = freight("a", "2026-01-03T00:00:00Z", [
  ["nginx", "1.10.0"],
  ["redis", "7"],
]);
const b = freight("b", "2026-01-01T00:00:00Z", [["nginx", "1.9.0"]]);
const c = freight("c", "2026-01-02T00:00:00Z", [["nginx", "1.11.0-rc.1"]]);

describe("freightGroupKeys", () => {
  it("keys by image repo, git repo, chart repo/name, or one empty key", () => {
    expect(freightGroupKeys(a, "image_repo")).toEqual(["nginx", "redis"]);
    expect(freightGroupKeys({ metadata: {}, commits: [{ repoURL: "https://g/x" }] }, "git_repo")).toEqual(["https://g/x"]);
    expect(freightGroupKeys({ metadata: {}, charts: [{ repoURL: "oci://r/charts/", name: "app" }] }, "chart_repo")).toEqual(["oci:/r/charts/app"]);
    expect(freightGroupKeys(a)).toEqual([""]);
  });
});

describe("groupFreight", () => {
  it("puts Freight in every group it has an artifact for, ordered by first seen", () => {
    const groups = groupFreight([a, b, c], { groupBy: "image_repo" });
    expect([...groups.keys()].sort()).toEqual(["nginx", "redis"]);
    expect(groups.get("nginx")!.map((f) => f.metadata.name)).toEqual(["b", "c", "a"]);
    expect(groups.get("redis")!.map((f) => f.metadata.name)).toEqual(["a"]);
  });

  it("restricts to one group and reverses on request", () => {
    const groups = groupFreight([a, b, c], { groupBy: "image_repo", group: "nginx", reverse: true });
    expect([...groups.keys()]).toEqual(["nginx"]);
    expect(groups.get("nginx")!.map((f) => f.metadata.name)).toEqual(["a", "c", "b"]);
  });

  it("orders by semantic version of the first image tag, not lexically", () => {
    // 1.9.0 < 1.10.0 < 1.11.0-rc.1 (lexical order would put 1.10.0 first, 1.9.0 last).
    const groups = groupFreight([a, b, c], { groupBy: "image_repo", group: "nginx", orderBy: "tag" });
    expect(groups.get("nginx")!.map((f) => f.metadata.name)).toEqual(["b", "a", "c"]);
  });

  it("falls back to first seen for Freight of different repositories under tag order", () => {
    const other = freight("other", "2026-01-05T00:00:00Z", [["alpine", "0.1"]]);
    expect(compareFreight(other, b, "tag")).toBeGreaterThan(0);
  });

  it('has one group keyed "" without grouping, even when empty', () => {
    expect([...groupFreight([]).entries()]).toEqual([["", []]]);
  });

  it("prefers discoveredAt over creationTimestamp for first seen", () => {
    const late = freight("late", "2026-01-01T00:00:00Z", [], { discoveredAt: "2026-02-01T00:00:00Z" });
    expect(compareFreight(late, b)).toBeGreaterThan(0);
  });

  describe("with many Freight", () => {
    // Shuffled, with equal times (name breaks the tie), missing times and tags of mixed repositories.
    const many: Freight[] = Array.from({ length: 200 }, (_, i) => {
      const n = (i * 7919) % 200;
      return freight(`f${String(n).padStart(3, "0")}`, n % 17 === 0 ? "" : `2026-01-${String(1 + (n % 5)).padStart(2, "0")}T00:00:00Z`, [
        [n % 3 === 0 ? "redis" : "nginx", n % 11 === 0 ? `v-${n}` : `1.${n % 13}.${n % 4}`],
      ]);
    });

    it("orders each group exactly as sorting with compareFreight does", () => {
      for (const orderBy of ["", "tag"] as const) {
        const expected = [...many].sort((x, y) => compareFreight(x, y, orderBy));
        expect(groupFreight(many, { orderBy }).get("")).toEqual(expected);
        expect(groupFreight(many, { orderBy, reverse: true }).get("")).toEqual([...expected].reverse());
      }
    });

    it("parses each Freight's time once, not once per comparison", () => {
      const parse = Date.parse;
      let calls = 0;
      Date.parse = (text: string) => {
        calls += 1;
        return parse(text);
      };
      try {
        groupFreight(many, { groupBy: "image_repo" });
      } finally {
        Date.parse = parse;
      }
      expect(calls).toBeGreaterThan(0);
      expect(calls).toBeLessThanOrEqual(many.length);
    });
  });
});
