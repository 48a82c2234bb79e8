import { Code, ConnectError } from "@connectrpc/connect";
import { Composer, Lexer, LineCounter, Parser, type CST, type Document } from "yaml";
import type { ManifestLimits } from "./manifest-limits.js";

/** One object of a manifest, before any check of its fields. */
export interface ManifestDocument {
  /** Where it came from, for messages: `document 2`, `document 1, item 3` (both counted from 1). */
  readonly label: string;
  readonly value: Record<string, unknown>;
}

/**
 * Splits a manifest into its objects (kargo-behaviour.md §2.2, with kubectl's reading of Lists):
 * - a YAML stream, documents separated by `---` (YAML 1.2 core schema, as JSON reads it: no
 *   timestamps turned into dates; duplicate keys are an error, as in kubectl);
 * - one JSON object, a JSON array of objects, or JSON objects one after another;
 * - empty and `null` documents are skipped (they are still counted, so labels match the file);
 * - a document of kind `List` or `<Kind>List` with an `items` array stands for its items; an item
 *   of a `<Kind>List` without apiVersion/kind takes the list's apiVersion and `<Kind>`, as
 *   `kubectl get -o yaml` output relies on.
 *
 * INVALID_ARGUMENT naming the document (counted from 1) when the manifest does not parse, when a
 * document is not an object (a string, a number, an array inside YAML), or when there is nothing
 * in it. Checks of the objects' own fields are per object, later.
 *
 * Bounded before the work it bounds (see {@link ManifestLimits}): nesting deeper than
 * `maxDepth` stops the JSON scan or the YAML parser at the first level too deep (the YAML
 * parser's cost grows with the depth of what is open, so 10^6 `[` took seconds and a gigabyte);
 * more than `maxDocuments` documents stop the reading at the first one too many; alias expansion
 * is capped at `maxAliases`; more than `maxObjects` objects (List items counted) are refused
 * before any is looked at. Each is INVALID_ARGUMENT naming the limit.
 */
export function parseManifest(manifest: Uint8Array, limits: ManifestLimits): ManifestDocument[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(manifest);
  } catch (cause) {
    throw new ConnectError("manifest is not valid UTF-8", Code.InvalidArgument, undefined, undefined, cause);
  }
  if (text.trim() === "") throw new ConnectError("manifest should not be empty", Code.InvalidArgument);
  const values = looksLikeJson(text) ? (parseJsonStream(text, limits) ?? parseYamlStream(text, limits)) : parseYamlStream(text, limits);
  const documents: ManifestDocument[] = [];
  const add = (found: readonly ManifestDocument[]) => {
    documents.push(...found);
    if (documents.length > limits.maxObjects) {
      throw new ConnectError(`manifest has more than ${limits.maxObjects} objects, the most one call applies`, Code.InvalidArgument);
    }
  };
  values.forEach((value, index) => {
    const label = `document ${index + 1}`;
    if (value === null || value === undefined) return;
    if (Array.isArray(value) && looksLikeJson(text)) {
      // A JSON array of objects: each item is one object.
      value.forEach((item, i) => {
        if (item === null) return;
        add(expandList(objectOrThrow(item, `${label}, item ${i + 1}`), `${label}, item ${i + 1}`));
      });
      return;
    }
    add(expandList(objectOrThrow(value, label), label));
  });
  if (documents.length === 0) throw new ConnectError("manifest has no objects", Code.InvalidArgument);
  return documents;
}

function tooDeep(index: number, limits: ManifestLimits): ConnectError {
  return new ConnectError(`manifest document ${index + 1} nests deeper than ${limits.maxDepth} levels`, Code.InvalidArgument);
}

function tooManyDocuments(limits: ManifestLimits): ConnectError {
  return new ConnectError(`manifest has more than ${limits.maxDocuments} documents`, Code.InvalidArgument);
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === "{" || first === "[";
}

function parseYamlStream(text: string, limits: ManifestLimits): unknown[] {
  const documents = composeYaml(text, limits);
  return documents.map((document, index) => {
    try {
      const value = document.toJS({ maxAliasCount: limits.maxAliases }) as unknown;
      // Aliases can stack nesting the parser never saw (and make cycles): measure the value.
      assertHeight(value, limits.maxDepth, () => tooDeep(index, limits));
      return value;
    } catch (cause) {
      if (cause instanceof ConnectError) throw cause;
      // Alias expansion past the limit (a "billion laughs" document) and similar.
      throw new ConnectError(`manifest does not parse: document ${index + 1}: ${(cause as Error).message}`, Code.InvalidArgument, undefined, undefined, cause);
    }
  });
}

/**
 * yaml's parseAllDocuments, step by step so that limits apply while it runs: the lexer's tokens go
 * to the parser one at a time and the parser's stack (one entry per open collection, plus the
 * document and the node being read) is checked after each; documents are counted as the composer
 * finishes them. The parser gets twice the depth limit plus room for its own entries: it is only a
 * guard against runaway cost, the exact limit is applied to each value (assertHeight).
 */
function composeYaml(text: string, limits: ManifestLimits): Document.Parsed[] {
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer({ version: "1.2", schema: "core", uniqueKeys: true });
  const maxStack = 2 * limits.maxDepth + 4;
  let documentCount = 0;
  function* counted(tokens: Iterable<CST.Token>) {
    for (const token of tokens) {
      if (token.type === "document" && ++documentCount > limits.maxDocuments) throw tooManyDocuments(limits);
      yield token;
    }
  }
  function* tokens() {
    for (const lexeme of new Lexer().lex(text)) {
      yield* counted(parser.next(lexeme));
      if (parser.stack.length > maxStack) throw tooDeep(documentCount, limits);
    }
    yield* counted(parser.end());
  }
  const documents: Document.Parsed[] = [];
  for (const document of composer.compose(tokens())) {
    documents.push(document as Document.Parsed);
  }
  documents.forEach((document, index) => {
    const error = document.errors[0];
    if (error) {
      // The library's message continues with a source excerpt over several lines: keep the first.
      const reason = error.message.split("\n", 1)[0];
      const { line, col } = lines.linePos(error.pos[0]);
      throw new ConnectError(`manifest does not parse: document ${index + 1}: ${reason} at line ${line}, column ${col}`, Code.InvalidArgument, undefined, undefined, error);
    }
  });
  return documents;
}

/**
 * Throws `tooDeep()` when `value` nests deeper than `maxDepth` arrays/objects. Each object is
 * measured once (aliases make a graph, not a tree, and even cycles), and the walk never goes more
 * than `maxDepth` deep.
 */
function assertHeight(value: unknown, maxDepth: number, tooDeep: () => ConnectError): void {
  const heights = new Map<object, number>();
  const height = (v: unknown, depth: number): number => {
    if (typeof v !== "object" || v === null) return 0;
    const known = heights.get(v);
    if (known !== undefined) {
      if (depth + known > maxDepth) throw tooDeep();
      return known;
    }
    if (depth + 1 > maxDepth) throw tooDeep();
    let below = 0;
    for (const child of Object.values(v)) below = Math.max(below, height(child, depth + 1));
    heights.set(v, below + 1);
    return below + 1;
  };
  height(value, 0);
}

/**
 * JSON values one after another (`{…}{…}`, `[…]`, or whitespace-separated), as Kubernetes'
 * YAML-or-JSON decoder reads them. Undefined when the text is not such a stream (then it is read
 * as YAML, whose flow style also starts with `{`); when YAML fails too, the JSON error is the one
 * reported, since JSON was evidently meant.
 */
function parseJsonStream(text: string, limits: ManifestLimits): unknown[] | undefined {
  const values: unknown[] = [];
  let start = -1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 0) {
      if (/\s/.test(c)) continue;
      if (c !== "{" && c !== "[") return jsonFailure(text, values.length, limits);
      if (values.length >= limits.maxDocuments) throw tooManyDocuments(limits);
      start = i;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      // JSON or flow-style YAML alike, this deep is refused: no parser gets to see it.
      if (++depth > limits.maxDepth) throw tooDeep(values.length, limits);
    }
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return jsonFailure(text, values.length, limits);
        }
      }
    }
  }
  return depth === 0 ? values : jsonFailure(text, values.length, limits);
}

/** The JSON reading failed at value `index`: try YAML; if that fails too, report the JSON error. */
function jsonFailure(text: string, index: number, limits: ManifestLimits): undefined {
  try {
    parseYamlStream(text, limits);
    return undefined;
  } catch (error) {
    // A limit the YAML reading hit is the answer; a YAML syntax error means JSON was meant.
    if (error instanceof ConnectError && !error.rawMessage.startsWith("manifest does not parse")) throw error;
    let reason = "unexpected end of input";
    try {
      JSON.parse(text);
    } catch (jsonError) {
      reason = (jsonError as Error).message;
    }
    throw new ConnectError(`manifest does not parse: document ${index + 1}: ${reason}`, Code.InvalidArgument);
  }
}

function objectOrThrow(value: unknown, label: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  const what = Array.isArray(value) ? "a list" : `a ${typeof value}`;
  throw new ConnectError(`manifest ${label} is ${what}, not an object`, Code.InvalidArgument);
}

function expandList(value: Record<string, unknown>, label: string): ManifestDocument[] {
  const kind = value["kind"];
  const items = value["items"];
  if (typeof kind !== "string" || !kind.endsWith("List") || !Array.isArray(items)) return [{ label, value }];
  const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
  const documents: ManifestDocument[] = [];
  items.forEach((item, i) => {
    if (item === null) return;
    const itemLabel = `${label}, item ${i + 1}`;
    const object = objectOrThrow(item, itemLabel);
    const filled = itemKind !== undefined && object["kind"] === undefined && object["apiVersion"] === undefined ? { apiVersion: value["apiVersion"], kind: itemKind, ...object } : object;
    documents.push({ label: itemLabel, value: filled });
  });
  return documents;
}
