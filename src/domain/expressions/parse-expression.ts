import type { ExpressionNode } from "./expression-ast.js";
import { ExpressionError } from "./expression-error.js";
import { lexExpression, type Token } from "./lex-expression.js";

// Binding power of binary operators, loosest first (expr-lang's precedence).
const BINARY_PRECEDENCE: Record<string, number> = {
  "??": 1,
  "||": 2,
  "&&": 3,
  "==": 4,
  "!=": 4,
  "<": 5,
  ">": 5,
  "<=": 5,
  ">=": 5,
  contains: 5,
  startsWith: 5,
  endsWith: 5,
  matches: 5,
  in: 5,
  "+": 6,
  "-": 6,
  "*": 7,
  "/": 7,
  "%": 7,
};
const LITERAL_WORDS: Record<string, unknown> = { true: true, false: false, nil: null, null: null };

/**
 * Parses one expression of Kargo's expression language (the subset of expr-lang that promotion
 * steps use) into a tree: literals, identifiers, member access (`a.b`, `a?.b`, `a["b"]`), calls,
 * unary `!`/`-`, binary arithmetic, comparison and logic, `??`, the ternary `c ? a : b`, and
 * array/map literals. Precedence climbing; throws an ExpressionError naming the position.
 */
export function parseExpression(text: string): ExpressionNode {
  const tokens = lexExpression(text);
  let position = 0;
  const peek = (): Token => tokens[position]!;
  const isOperator = (value: string): boolean => {
    const token = peek();
    return token.kind === "operator" && token.value === value;
  };
  const fail = (token: Token, what: string): never => {
    const found = token.kind === "end" ? "end of expression" : `"${"value" in token ? token.value : ""}"`;
    throw new ExpressionError("syntax", `${what}, found ${found} at ${token.at} in ${JSON.stringify(text)}`);
  };
  const expect = (value: string): void => {
    if (!isOperator(value)) fail(peek(), `expected "${value}"`);
    position++;
  };

  const parseConditional = (): ExpressionNode => {
    const test = parseBinary(1);
    if (!isOperator("?")) return test;
    position++;
    const consequent = parseConditional();
    expect(":");
    const alternate = parseConditional();
    return { type: "conditional", test, consequent, alternate };
  };

  const parseBinary = (minimum: number): ExpressionNode => {
    let left = parseUnary();
    for (;;) {
      const token = peek();
      const precedence = token.kind === "operator" ? BINARY_PRECEDENCE[token.value] : undefined;
      if (precedence === undefined || precedence < minimum || token.kind !== "operator") return left;
      position++;
      const right = parseBinary(precedence + 1);
      left = { type: "binary", operator: token.value, left, right };
    }
  };

  const parseUnary = (): ExpressionNode => {
    if (isOperator("!") || isOperator("-") || isOperator("+")) {
      const operator = (peek() as { value: string }).value;
      position++;
      return { type: "unary", operator, operand: parseUnary() };
    }
    return parsePostfix(parsePrimary());
  };

  const parseArguments = (close: string): ExpressionNode[] => {
    const args: ExpressionNode[] = [];
    if (isOperator(close)) {
      position++;
      return args;
    }
    for (;;) {
      args.push(parseConditional());
      if (isOperator(",")) {
        position++;
        continue;
      }
      expect(close);
      return args;
    }
  };

  const parsePostfix = (node: ExpressionNode): ExpressionNode => {
    for (;;) {
      if (isOperator(".") || isOperator("?.")) {
        const optional = isOperator("?.");
        position++;
        const name = peek();
        if (name.kind !== "identifier") fail(name, 'expected a field name after "."');
        position++;
        node = { type: "member", object: node, property: { type: "literal", value: (name as { value: string }).value }, optional };
      } else if (isOperator("[")) {
        position++;
        const property = parseConditional();
        expect("]");
        node = { type: "member", object: node, property, optional: false };
      } else if (isOperator("(")) {
        position++;
        node = { type: "call", callee: node, args: parseArguments(")") };
      } else {
        return node;
      }
    }
  };

  const parsePrimary = (): ExpressionNode => {
    const token = peek();
    position++;
    switch (token.kind) {
      case "number":
      case "string":
        return { type: "literal", value: token.value };
      case "identifier":
        return token.value in LITERAL_WORDS ? { type: "literal", value: LITERAL_WORDS[token.value] } : { type: "identifier", name: token.value };
      case "operator":
        if (token.value === "(") {
          const inner = parseConditional();
          expect(")");
          return inner;
        }
        if (token.value === "[") return { type: "array", elements: parseArguments("]") };
        if (token.value === "{") return parseMap();
        break;
    }
    return fail(token, "expected a value");
  };

  const parseMap = (): ExpressionNode => {
    const entries: { key: ExpressionNode; value: ExpressionNode }[] = [];
    while (!isOperator("}")) {
      const keyToken = peek();
      let key: ExpressionNode;
      if (keyToken.kind === "identifier" || keyToken.kind === "string") {
        position++;
        key = { type: "literal", value: keyToken.value };
      } else {
        key = parseConditional();
      }
      expect(":");
      entries.push({ key, value: parseConditional() });
      if (!isOperator(",")) break;
      position++;
    }
    expect("}");
    return { type: "map", entries };
  };

  const tree = parseConditional();
  if (peek().kind !== "end") fail(peek(), "expected end of expression");
  return tree;
}
