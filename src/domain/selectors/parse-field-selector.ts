import { SelectorParseError } from "./selector-parse-error.js";
import type { FieldRequirement, FieldSelector } from "./types.js";

/** The fields every resource supports in a field selector, as in Kubernetes' generic registry. */
export const DEFAULT_SELECTABLE_FIELDS: readonly string[] = ["metadata.name", "metadata.namespace"];

/**
 * Parses the text form of a Kubernetes field selector (`?fieldSelector=`): comma-joined terms,
 * each `field=value`, `field==value` or `field!=value`. A value may escape `\,`, `\=` and `\\`
 * (Kubernetes' escaping); whitespace around field names and values is ignored. Empty text
 * selects everything.
 *
 * @param supportedFields the fields this resource can be selected by; a resource adds its own
 *   (e.g. a status field) to the defaults.
 * @throws SelectorParseError on bad syntax or a field not in `supportedFields`.
 */
export function parseFieldSelector(text: string, supportedFields: readonly string[] = DEFAULT_SELECTABLE_FIELDS): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitUnescaped(text, ",")) {
    if (term.trim() === "") continue;
    const { field, operator, rawValue } = splitTerm(text, term);
    if (!supportedFields.includes(field)) {
      throw new SelectorParseError(text, `field label not supported: ${JSON.stringify(field)} (supported: ${supportedFields.join(", ")})`);
    }
    requirements.push({ field, operator, value: unescapeValue(text, rawValue.trim()) });
  }
  return { requirements };
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

// The first operator wins, so `a=b=c` is the field `a` with the value `b=c` (which then fails
// unescaping: a literal '=' in a value must be escaped).
function splitTerm(text: string, term: string): { field: string; operator: FieldRequirement["operator"]; rawValue: string } {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === "\\") {
      i++;
      continue;
    }
    for (const [op, operator] of [
      ["!=", "NotEquals"],
      ["==", "Equals"],
      ["=", "Equals"],
    ] as const) {
      if (term.startsWith(op, i)) {
        const field = term.slice(0, i).trim();
        if (field === "") throw new SelectorParseError(text, `missing field name in ${JSON.stringify(term)}`);
        return { field, operator, rawValue: term.slice(i + op.length) };
      }
    }
  }
  throw new SelectorParseError(text, `invalid field selector term ${JSON.stringify(term)}: expected field=value, field==value or field!=value`);
}

function unescapeValue(text: string, raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === "\\") {
      const escaped = raw[i + 1];
      if (escaped !== "\\" && escaped !== "," && escaped !== "=") {
        throw new SelectorParseError(text, `invalid escape sequence in value ${JSON.stringify(raw)}`);
      }
      out += escaped;
      i++;
    } else if (ch === "=" || ch === ",") {
      throw new SelectorParseError(text, `invalid field value ${JSON.stringify(raw)}: ${JSON.stringify(ch)} must be escaped`);
    } else {
      out += ch;
    }
  }
  return out;
}
