import { evaluateExpression, parseExpression } from "../../../src/domain/expressions/index.js";

const run = (text: string, env: Record<string, unknown> = {}) => evaluateExpression(parseExpression(text), env, text);

describe("expr-lang word operators", () => {
  it("compares strings with contains, startsWith, endsWith and matches", () => {
    expect(run("'feat: x' contains 'feat'")).toBe(true);
    expect(run("'feat: x' startsWith 'fix'")).toBe(false);
    expect(run("'v1.2.3' endsWith '.3'")).toBe(true);
    expect(run("'nightly-20250101' matches '^nightly-\\\\d{8}$'")).toBe(true);
    expect(run("!(s contains 'bot')", { s: "Bot <bot@x>" })).toBe(false);
  });

  it("tests membership with in", () => {
    expect(run("'b' in ['a', 'b']")).toBe(true);
    expect(run("'k' in m", { m: { k: 1 } })).toBe(true);
    expect(run("3 in [1, 2]")).toBe(false);
  });

  it("still reads fields named like the operators", () => {
    expect(run("x.contains", { x: { contains: 7 } })).toBe(7);
  });

  it("refuses operands of the wrong type", () => {
    expect(() => run("1 contains 'a'")).toThrow(/needs strings/u);
  });
});
