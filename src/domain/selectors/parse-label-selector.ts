import { labelValueProblems, qualifiedNameProblems } from "../validation/name-rules.js";
import { lexLabelSelector, type SelectorToken } from "./lex-label-selector.js";
import { SelectorParseError } from "./selector-parse-error.js";
import type { LabelOperator, LabelRequirement, LabelSelector } from "./types.js";

/**
 * Parses the text form of a Kubernetes label selector (`?labelSelector=`):
 * comma-joined requirements, each `key=value`, `key==value`, `key!=value`, `key in (a,b)`,
 * `key notin (a,b)`, `key` (exists), `!key` (does not exist), or `key>n` / `key<n` (integers, as
 * kubectl allows). Whitespace between tokens is ignored. Empty text selects everything.
 *
 * @throws SelectorParseError on bad syntax or an invalid label key or value.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const tokens = lexLabelSelector(text);
  let next = 0;
  const peek = (): SelectorToken => tokens[next]!;
  const take = (): SelectorToken => tokens[next++]!;
  const fail = (problem: string): never => {
    throw new SelectorParseError(text, problem);
  };
  const describe = (t: SelectorToken): string => (t.kind === "end" ? "end of selector" : `${JSON.stringify(t.text)} at position ${t.position}`);

  const key = (): string => {
    const t = take();
    if (t.kind !== "identifier") fail(`expected a label key, found ${describe(t)}`);
    const problems = qualifiedNameProblems(t.text);
    if (problems.length > 0) fail(`invalid label key ${JSON.stringify(t.text)}: ${problems.join("; ")}`);
    return t.text;
  };
  const value = (k: string, v: string): string => {
    const problems = labelValueProblems(v);
    if (problems.length > 0) fail(`invalid label value ${JSON.stringify(v)} for key ${JSON.stringify(k)}: ${problems.join("; ")}`);
    return v;
  };
  const endOfRequirement = (): boolean => peek().kind === "," || peek().kind === "end";

  const valueSet = (k: string): string[] => {
    const open = take();
    if (open.kind !== "(") fail(`expected "(" after set operator, found ${describe(open)}`);
    if (peek().kind === ")") {
      fail(`for 'in', 'notin' operators, values set can't be empty (key ${JSON.stringify(k)})`);
    }
    const values: string[] = [];
    for (;;) {
      const t = peek();
      // An empty slot between commas is the empty value, which is a valid label value.
      if (t.kind === "identifier") values.push(value(k, take().text));
      else if (t.kind === "," || t.kind === ")") values.push("");
      else fail(`expected a value or ")" in set, found ${describe(t)}`);
      const sep = take();
      if (sep.kind === ")") break;
      if (sep.kind !== ",") fail(`expected "," or ")" in set, found ${describe(sep)}`);
    }
    return values;
  };

  const requirement = (): LabelRequirement => {
    if (peek().kind === "!") {
      take();
      const k = key();
      if (!endOfRequirement()) fail(`expected "," or end after "!${k}", found ${describe(peek())}`);
      return { key: k, operator: "DoesNotExist", values: [] };
    }
    const k = key();
    if (endOfRequirement()) return { key: k, operator: "Exists", values: [] };
    const op = take();
    switch (op.kind) {
      case "=":
      case "==":
      case "!=": {
        const operator: LabelOperator = op.kind === "!=" ? "NotEquals" : "Equals";
        // `key=` with nothing after it selects the empty value, as in Kubernetes.
        if (endOfRequirement()) return { key: k, operator, values: [""] };
        const v = take();
        if (v.kind !== "identifier") fail(`expected a value after ${JSON.stringify(op.text)}, found ${describe(v)}`);
        return { key: k, operator, values: [value(k, v.text)] };
      }
      case ">":
      case "<": {
        const v = take();
        if (v.kind !== "identifier" || !/^-?\d+$/.test(v.text)) {
          fail(`expected an integer after ${JSON.stringify(op.text)}, found ${describe(v)}`);
        }
        return { key: k, operator: op.kind === ">" ? "GreaterThan" : "LessThan", values: [v.text] };
      }
      case "identifier":
        if (op.text === "in") return { key: k, operator: "In", values: valueSet(k) };
        if (op.text === "notin") return { key: k, operator: "NotIn", values: valueSet(k) };
        break;
    }
    return fail(`expected one of "=", "==", "!=", "in", "notin" after key ${JSON.stringify(k)}, found ${describe(op)}`);
  };

  const requirements: LabelRequirement[] = [];
  if (peek().kind === "end") return { requirements };
  for (;;) {
    requirements.push(requirement());
    const sep = take();
    if (sep.kind === "end") break;
    if (sep.kind !== ",") fail(`expected "," or end of selector, found ${describe(sep)}`);
  }
  return { requirements };
}
