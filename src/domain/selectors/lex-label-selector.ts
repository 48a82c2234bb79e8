/** A token of the label selector text grammar. */
export interface SelectorToken {
  readonly kind: "identifier" | "!" | "=" | "==" | "!=" | "," | "(" | ")" | ">" | "<" | "end";
  readonly text: string;
  /** Offset in the selector text, for error messages. */
  readonly position: number;
}

// Characters that end an identifier; everything else (including '/', '.', '_') belongs to one, and
// the key/value syntax is checked after parsing so the error can say what is wrong with it.
const SPECIAL = new Set(["!", "=", ",", "(", ")", ">", "<"]);
const WHITESPACE = /\s/;

/**
 * Splits label selector text into tokens. Identifiers (keys, values, and the keywords `in` and
 * `notin`, which the parser recognises by position) are maximal runs of non-special characters.
 */
export function lexLabelSelector(text: string): SelectorToken[] {
  const tokens: SelectorToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (WHITESPACE.test(ch)) {
      i++;
      continue;
    }
    if (ch === "=" || ch === "!") {
      if (text[i + 1] === "=") {
        tokens.push({ kind: ch === "=" ? "==" : "!=", text: `${ch}=`, position: i });
        i += 2;
      } else {
        tokens.push({ kind: ch, text: ch, position: i });
        i++;
      }
      continue;
    }
    if (SPECIAL.has(ch)) {
      tokens.push({ kind: ch as SelectorToken["kind"], text: ch, position: i });
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !SPECIAL.has(text[i]!) && !WHITESPACE.test(text[i]!)) i++;
    tokens.push({ kind: "identifier", text: text.slice(start, i), position: start });
  }
  tokens.push({ kind: "end", text: "", position: text.length });
  return tokens;
}
