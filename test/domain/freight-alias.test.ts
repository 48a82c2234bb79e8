import { ALIAS_ADJECTIVES, ALIAS_ANIMALS } from "../../src/domain/alias-words.js";
import { freightAliasProblem } from "../../src/domain/freight-alias-problem.js";
import { generateFreightAlias, uniqueFreightAlias } from "../../src/domain/generate-freight-alias.js";

describe("generateFreightAlias", () => {
  it("is <adjective>-<animal> from our word lists, a valid alias", () => {
    for (let i = 0; i < 50; i++) {
      const alias = generateFreightAlias();
      const [adjective, animal, ...rest] = alias.split("-");
      expect(rest).toEqual([]);
      expect(ALIAS_ADJECTIVES).toContain(adjective);
      expect(ALIAS_ANIMALS).toContain(animal);
      expect(freightAliasProblem(alias)).toBeUndefined();
    }
  });

  it("uses the injected random source (first and last words at the extremes)", () => {
    expect(generateFreightAlias(() => 0)).toBe(`${ALIAS_ADJECTIVES[0]}-${ALIAS_ANIMALS[0]}`);
    expect(generateFreightAlias(() => 0.999999)).toBe(`${ALIAS_ADJECTIVES.at(-1)}-${ALIAS_ANIMALS.at(-1)}`);
  });
});

describe("uniqueFreightAlias", () => {
  it("returns an alias that is not taken", () => {
    const taken = new Set([generateFreightAlias(() => 0)]);
    let calls = 0;
    const alias = uniqueFreightAlias(
      (a) => taken.has(a),
      () => (calls++ < 2 ? 0 : 0.5),
    );
    expect(taken.has(alias)).toBe(false);
  });

  it("adds a numeric suffix when every plain pair it tries is taken", () => {
    const alias = uniqueFreightAlias(
      (a) => !/-\d+$/u.test(a),
      () => 0,
    );
    expect(alias).toBe(`${ALIAS_ADJECTIVES[0]}-${ALIAS_ANIMALS[0]}-2`);
  });
});

describe("freightAliasProblem", () => {
  it("accepts label-value aliases and refuses empty, long and malformed ones", () => {
    expect(freightAliasProblem("my.alias_1")).toBeUndefined();
    expect(freightAliasProblem("")).toMatch(/empty/);
    expect(freightAliasProblem("a".repeat(64))).toMatch(/63/);
    expect(freightAliasProblem("-bad")).toMatch(/alphanumeric/);
    expect(freightAliasProblem("has space")).toMatch(/alphanumeric/);
  });
});
