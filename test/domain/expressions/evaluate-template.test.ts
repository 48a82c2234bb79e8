import { evaluateConfig, evaluateTemplate, isExpressionError } from "../../../src/domain/expressions/index.js";

const env = {
  vars: { imageRepo: "nginx", count: "3", empty: "" },
  ctx: { project: "kargo-demo", stage: "test", promotion: "test.01abc.1234567" },
  outputs: { update: { commitMessage: "Updated nginx to 1.29.1" }, "promo::commit": { commit: "abc123" } },
  task: { outputs: { update: { commitMessage: "task message" } } },
  n: 2,
  list: [1, 2, 3],
  imageFrom: (repo: unknown) => {
    if (repo !== "nginx") throw new Error(`no image ${JSON.stringify(repo)} in the Freight`);
    return { RepoURL: "nginx", Tag: "1.29.1", Digest: "sha256:ab" };
  },
  commitFrom: () => ({ RepoURL: "file:///repo.git", ID: "0123abcd", Branch: "main" }),
};

describe("evaluateTemplate", () => {
  describe("values", () => {
    it.each<[string, unknown]>([
      ["plain text", "plain text"],
      ["${{ vars.imageRepo }}", "nginx"],
      ["  ${{ ctx.stage }}  ", "test"],
      ["stage/${{ ctx.stage }}", "stage/test"],
      ["${{ ctx.project }}/${{ ctx.promotion }}", "kargo-demo/test.01abc.1234567"],
      ["${{ outputs.update.commitMessage }}", "Updated nginx to 1.29.1"],
      ['${{ outputs["promo::commit"].commit }}', "abc123"],
      ["${{ task.outputs.update.commitMessage }}", "task message"],
      ["${{ imageFrom(vars.imageRepo).Tag }}", "1.29.1"],
      ["${{ imageFrom('nginx') }}", { RepoURL: "nginx", Tag: "1.29.1", Digest: "sha256:ab" }],
      ['${{ commitFrom("file:///repo.git").ID }}', "0123abcd"],
      ["${{ n }}", 2],
      ["${{ quote(n) }}", "2"],
      ["${{ quote(imageFrom('nginx').Tag) }}", "1.29.1"],
      ["n=${{ n }}", "n=2"],
      ["${{ n + 3 * 2 }}", 8],
      ["${{ (n + 3) * 2 }}", 10],
      ["${{ -n + 10 % 4 }}", 0],
      ["${{ 'a' + \"b\" + `c` }}", "abc"],
      ["${{ 'it\\'s' }}", "it's"],
      ["${{ n == 2 }}", true],
      ["${{ n != 2 }}", false],
      ["${{ n < 3 && n > 1 }}", true],
      ["${{ n <= 1 || n >= 2 }}", true],
      ["${{ !(n == 2) }}", false],
      ["${{ not true or false }}", false],
      ["${{ ctx.stage == 'test' ? 'yes' : 'no' }}", "yes"],
      ["${{ ctx.stage == 'prod' ? 'yes' : ctx.stage == 'test' ? 'maybe' : 'no' }}", "maybe"],
      ["${{ vars.missing }}", null],
      ["x${{ vars.missing }}y", "xy"],
      ["${{ vars.missing ?? 'fallback' }}", "fallback"],
      ["${{ vars.missing?.deeper }}", null],
      ["${{ list[0] + list[-1] }}", 4],
      ["${{ len(list) }}", 3],
      ["${{ [1, 'a'] }}", [1, "a"]],
      ["${{ {a: 1, 'b': n} }}", { a: 1, b: 2 }],
      ["${{ quote('}}') }}", "}}"],
      ["m=${{ {a: 1} }}", 'm={"a":1}'],
      ["${{ nil == vars.missing }}", true],
      ["${{ 'abc' < 'abd' }}", true],
    ])("%s → %j", (template, expected) => {
      expect(evaluateTemplate(template, env)).toEqual(expected);
    });
  });

  describe("errors", () => {
    it.each<[string, string, RegExp]>([
      ["${{ vars.imageRepo", "syntax", /unclosed "\$\{\{"/],
      ["${{ 1 + }}", "syntax", /expected a value, found end of expression/],
      ["${{ a b }}", "syntax", /expected end of expression, found "b"/],
      ["${{ 'open }}", "syntax", /unclosed/],
      ["${{ vars.x # }}", "syntax", /unexpected character "#"/],
      ["${{ (1 }}", "syntax", /expected "\)"/],
      ["${{ nope }}", "evaluation", /unknown name "nope"/],
      ["${{ vars.missing.deeper }}", "evaluation", /cannot read "deeper" of nil/],
      ["${{ n + 'x' }}", "evaluation", /cannot add number 2 and string "x"/],
      ["${{ vars.count + 1 }}", "evaluation", /cannot add string "3" and number 1/],
      ["${{ n && true }}", "evaluation", /operator "&&" needs a boolean, got number 2/],
      ["${{ n ? 1 : 2 }}", "evaluation", /needs a boolean/],
      ["${{ n < 'a' }}", "evaluation", /cannot compare/],
      ["${{ 1 / 0 }}", "evaluation", /division by zero/],
      ["${{ list[5] }}", "evaluation", /index 5 out of range/],
      ["${{ vars() }}", "evaluation", /map is not a function/],
      ["${{ imageFrom('redis').Tag }}", "evaluation", /imageFrom: no image "redis" in the Freight/],
    ])("%s is a %s error", (template, problem, message) => {
      let caught: unknown;
      try {
        evaluateTemplate(template, env);
      } catch (error) {
        caught = error;
      }
      expect(isExpressionError(caught)).toBe(true);
      expect((caught as { problem: string }).problem).toBe(problem);
      expect((caught as Error).message).toMatch(message);
    });

    it("names the expression text in an evaluation error", () => {
      expect(() => evaluateTemplate("${{ nope.x }}", env)).toThrow('(in "nope.x")');
    });
  });
});

describe("evaluateConfig", () => {
  it("evaluates strings at any depth and keeps keys and other values", () => {
    const config = {
      path: "./src/stages/${{ ctx.stage }}",
      images: [{ image: "${{ vars.imageRepo }}", tag: "${{ imageFrom(vars.imageRepo).Tag }}", "${{ keep }}": true }],
      depth: 1,
      flag: false,
      none: null,
    };
    expect(evaluateConfig(config, env)).toEqual({
      path: "./src/stages/test",
      images: [{ image: "nginx", tag: "1.29.1", "${{ keep }}": true }],
      depth: 1,
      flag: false,
      none: null,
    });
  });
});
