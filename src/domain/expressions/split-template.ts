import { ExpressionError } from "./expression-error.js";

/** A piece of a template string: literal text, or the source of one `${{ … }}` expression. */
export type TemplatePart = { kind: "text"; text: string } | { kind: "expression"; source: string };

const OPEN = "${{";
const CLOSE = "}}";

/**
 * Splits a string into literal text and `${{ … }}` expressions. The closing `}}` is the first one
 * outside a quoted string, so `${{ quote("}}") }}` is one expression. An unclosed `${{` is an error
 * (a typo there would otherwise reach a Git commit as literal text).
 */
export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf(OPEN, index);
    if (open < 0) {
      parts.push({ kind: "text", text: template.slice(index) });
      break;
    }
    if (open > index) parts.push({ kind: "text", text: template.slice(index, open) });
    const close = findClose(template, open + OPEN.length);
    if (close < 0) throw new ExpressionError("syntax", `unclosed "\${{" at ${open} in ${JSON.stringify(template)}`);
    parts.push({ kind: "expression", source: template.slice(open + OPEN.length, close).trim() });
    index = close + CLOSE.length;
  }
  return parts;
}

function findClose(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\" && quote !== "`") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === "`") {
      quote = c;
    } else if (text.startsWith(CLOSE, i)) {
      return i;
    }
  }
  return -1;
}
