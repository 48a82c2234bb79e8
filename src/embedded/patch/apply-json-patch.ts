import { JsonPatchError } from "./json-patch-error.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../util/json-value.js";
import { jsonEqual } from "../../util/json-equal.js";
import { parseJsonPointer } from "./parse-json-pointer.js";
import { setMember } from "../../util/set-member.js";

/** One RFC 6902 operation, as JSON. */
export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * Applies a JSON patch (RFC 6902: add, remove, replace, move, copy, test, with RFC 6901 pointers
 * and `-` to append to an array) and returns the new document. The input is never modified: the
 * operations work on a copy, so a failing operation leaves nothing half-applied.
 *
 * @param operations the parsed patch body; anything but an array of well-formed operations is
 *   rejected as malformed.
 * @throws JsonPatchError naming the failing operation's index and the reason.
 */
export function applyJsonPatch(target: unknown, operations: unknown): JsonValue {
  if (!Array.isArray(operations)) {
    throw new JsonPatchError(-1, "", undefined, "a JSON patch must be an array of operations", true);
  }
  let document = structuredClone(target as JsonValue);
  operations.forEach((operation: unknown, index) => {
    document = applyOperation(document, checkOperation(operation, index), index);
  });
  return document;
}

interface Checked {
  op: string;
  path: string[];
  rawPath: string;
  from?: string[];
  value?: JsonValue;
}

function checkOperation(operation: unknown, index: number): Checked {
  if (!isJsonObject(operation as JsonValue)) {
    throw new JsonPatchError(index, "", undefined, "an operation must be an object", true);
  }
  const o = operation as Record<string, unknown>;
  const op = o["op"];
  if (typeof op !== "string" || !OPS.has(op)) {
    throw new JsonPatchError(index, String(op), undefined, `unknown op ${JSON.stringify(op)}: expected add, remove, replace, move, copy or test`, true);
  }
  const pointer = (member: "path" | "from"): string[] => {
    const raw = o[member];
    if (typeof raw !== "string") throw new JsonPatchError(index, op, undefined, `missing or non-string "${member}"`, true);
    const tokens = parseJsonPointer(raw);
    if (typeof tokens === "string") throw new JsonPatchError(index, op, raw, tokens, true);
    return tokens;
  };
  const checked: Checked = { op, path: pointer("path"), rawPath: o["path"] as string };
  if (op === "move" || op === "copy") checked.from = pointer("from");
  if (op === "add" || op === "replace" || op === "test") {
    // `null` is a value; only an absent member is an error.
    if (!Object.hasOwn(o, "value")) throw new JsonPatchError(index, op, checked.rawPath, `missing "value"`, true);
    checked.value = o["value"] as JsonValue;
  }
  return checked;
}

function applyOperation(document: JsonValue, c: Checked, index: number): JsonValue {
  const fail = (reason: string): never => {
    throw new JsonPatchError(index, c.op, c.rawPath, reason, false);
  };
  switch (c.op) {
    case "add":
      return add(document, c.path, structuredClone(c.value!), fail);
    case "remove":
      remove(document, c.path, fail);
      return document;
    case "replace": {
      get(document, c.path, fail);
      if (c.path.length === 0) return structuredClone(c.value!);
      remove(document, c.path, fail);
      return add(document, c.path, structuredClone(c.value!), fail);
    }
    case "move": {
      const from = c.from!;
      if (from.length < c.path.length && from.every((t, i) => t === c.path[i])) {
        fail("cannot move a value into one of its own children");
      }
      const value = get(document, from, fail);
      if (from.length === 0) return value;
      remove(document, from, fail);
      return add(document, c.path, value, fail);
    }
    case "copy":
      return add(document, c.path, structuredClone(get(document, c.from!, fail)), fail);
    case "test": {
      const actual = get(document, c.path, fail);
      if (!jsonEqual(actual, c.value!)) fail(`test failed: value is ${JSON.stringify(actual)}, not ${JSON.stringify(c.value)}`);
      return document;
    }
  }
  return fail(`unknown op`);
}

type Fail = (reason: string) => never;

function describePath(tokens: readonly string[]): string {
  return tokens.length === 0 ? "the document root" : `/${tokens.map((t) => t.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
}

/** The value at `tokens`; fails when any step does not exist. */
function get(document: JsonValue, tokens: readonly string[], fail: Fail): JsonValue {
  let current = document;
  tokens.forEach((token, depth) => {
    const here = describePath(tokens.slice(0, depth + 1));
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(token) || Number(token) >= current.length) fail(`path ${here} does not exist`);
      current = current[Number(token)]!;
    } else if (isJsonObject(current) && Object.hasOwn(current, token)) {
      current = current[token]!;
    } else {
      fail(`path ${here} does not exist`);
    }
  });
  return current;
}

function add(document: JsonValue, tokens: readonly string[], value: JsonValue, fail: Fail): JsonValue {
  if (tokens.length === 0) return value;
  const parent = get(document, tokens.slice(0, -1), fail);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    if (last !== "-" && !ARRAY_INDEX.test(last)) fail(`invalid array index ${JSON.stringify(last)}: expected a number without leading zeros, or "-"`);
    const at = last === "-" ? parent.length : Number(last);
    // An index equal to the length appends; anything past it would leave a hole.
    if (at > parent.length) fail(`array index ${JSON.stringify(last)} is out of bounds (length ${parent.length})`);
    parent.splice(at, 0, value);
  } else if (isJsonObject(parent)) {
    setMember(parent, last, value);
  } else {
    fail(`parent of ${describePath(tokens)} is not an object or array`);
  }
  return document;
}

function remove(document: JsonValue, tokens: readonly string[], fail: Fail): void {
  if (tokens.length === 0) fail("cannot remove the document root");
  get(document, tokens, fail);
  const parent = get(document, tokens.slice(0, -1), fail) as JsonValue[] | JsonObject;
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
}
