import { Code, ConnectError } from "@connectrpc/connect";
import { tooDeep, tooManyDocuments, type ManifestLimits } from "./manifest-limits.js";
import { readYamlStream } from "./read-yaml-stream.js";

/** One object of a manifest, before any check of its fields. */
export interface ManifestDocument {
  /** Where it came from, for messages: `document 2`, `document 1, item 3` (both counted from 1). */
  readonly label: string;
  readonly value: Record<string, unknown>;
}

/**
 * Splits a manifest into its objects (docs/api-behaviour.md, ResourceService; Lists read as kubectl does):
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
export async function parseManifest(manifest: Uint8Array, limits: ManifestLimits): Promise<ManifestDocument[]> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(manifest);
  } catch (cause) {
    throw new ConnectError("manifest is not valid UTF-8", Code.InvalidArgument, undefined, undefined, cause);
  }
  if (text.trim() === "") throw new ConnectError("manifest should not be empty", Code.InvalidArgument);
  const values = (looksLikeJson(text) ? await parseJsonStream(text, limits) : undefined) ?? (await readYamlStream(text, limits));
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

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === "{" || first === "[";
}

/**
 * JSON values one after another (`{…}{…}`, `[…]`, or whitespace-separated), as Kubernetes'
 * YAML-or-JSON decoder reads them. Undefined when the text is not such a stream (then it is read
 * as YAML, whose flow style also starts with `{`); when YAML fails too, the JSON error is the one
 * reported, since JSON was evidently meant.
 */
async function parseJsonStream(text: string, limits: ManifestLimits): Promise<unknown[] | undefined> {
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
    } else if (c === "}" || c === "]") {
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
async function jsonFailure(text: string, index: number, limits: ManifestLimits): Promise<undefined> {
  try {
    await readYamlStream(text, limits);
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
    const filled =
      itemKind !== undefined && object["kind"] === undefined && object["apiVersion"] === undefined
        ? { apiVersion: value["apiVersion"], kind: itemKind, ...object }
        : object;
    documents.push({ label: itemLabel, value: filled });
  });
  return documents;
}
