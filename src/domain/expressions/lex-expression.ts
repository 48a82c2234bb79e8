import { ExpressionError } from "./expression-error.js";

/** A token of the expression language. */
export type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "identifier"; value: string; at: number }
  | { kind: "operator"; value: string; at: number }
  | { kind: "end"; at: number };

// Longest first, so that "==" is not read as "=" "=", "?." not as "?" ".".
const OPERATORS = ["?.", "??", "==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "!", "?", ":", ".", "(", ")", "[", "]", ",", "{", "}"];
// expr-lang's word operators between two values (a field named so is still read after "." ).
const WORD_OPERATORS = new Set(["contains", "startsWith", "endsWith", "matches", "in"]);
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "`": "`", "0": "\0" };

/**
 * Splits an expression (the text between `${{` and `}}`) into tokens: numbers, strings in single,
 * double or back quotes (backslash escapes in the first two), identifiers and operators. The
 * words `and`, `or` and `not` are operators, as in expr-lang (Kargo's expression engine), and so
 * are `contains`, `startsWith`, `endsWith`, `matches` and `in`.
 */
export function lexExpression(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/u.test(c) || (c === "." && /[0-9]/u.test(text[i + 1] ?? ""))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/u.exec(text.slice(i))!;
      tokens.push({ kind: "number", value: Number(match[0]), at: i });
      i += match[0].length;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const start = i;
      let value = "";
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\" && c !== "`") {
          const escaped = ESCAPES[text[i + 1] ?? ""];
          if (escaped === undefined) throw new ExpressionError("syntax", `invalid escape "\\${text[i + 1] ?? ""}" at ${i} in ${JSON.stringify(text)}`);
          value += escaped;
          i += 2;
          continue;
        }
        value += text[i];
        i++;
      }
      if (i >= text.length) throw new ExpressionError("syntax", `unterminated string starting at ${start} in ${JSON.stringify(text)}`);
      i++;
      tokens.push({ kind: "string", value, at: start });
      continue;
    }
    if (/[A-Za-z_$]/u.test(c)) {
      const word = /^[A-Za-z_$][A-Za-z0-9_$]*/u.exec(text.slice(i))![0];
      const previous = tokens[tokens.length - 1];
      const afterDot = previous?.kind === "operator" && (previous.value === "." || previous.value === "?.");
      const keyword = afterDot ? undefined : word === "and" ? "&&" : word === "or" ? "||" : word === "not" ? "!" : WORD_OPERATORS.has(word) ? word : undefined;
      tokens.push(keyword ? { kind: "operator", value: keyword, at: i } : { kind: "identifier", value: word, at: i });
      i += word.length;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (!operator) throw new ExpressionError("syntax", `unexpected character "${c}" at ${i} in ${JSON.stringify(text)}`);
    tokens.push({ kind: "operator", value: operator, at: i });
    i += operator.length;
  }
  tokens.push({ kind: "end", at: text.length });
  return tokens;
}
