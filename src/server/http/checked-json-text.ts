import { isUtf8 } from "node:buffer";
import { Code, ConnectError } from "@connectrpc/connect";

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COMMA = 0x2c; // ,
const COLON = 0x3a; // :

const decoder = new TextDecoder();

/**
 * The text of a JSON request message, checked before anything parses it (connect-es hands it to
 * `JSON.parse`, which would build whatever it is given):
 * - nested no deeper than `maxDepth` arrays/objects — counted in one pass over the bytes, so two
 *   million `[` cost a few microseconds up to the first one too many, not seconds of parsing;
 * - valid UTF-8 — the WHATWG decoder connect-es uses would replace a bad byte by U+FFFD and the
 *   handler would see a value the caller never sent (binary protobuf rejects it; so does this).
 *   The message names the JSON field whose string holds the bad byte (`in field "spec.items[2]"`,
 *   JSON names as sent), or says the bytes outside strings are bad.
 * Either failure is INVALID_ARGUMENT.
 */
export function checkedJsonText(data: Uint8Array, maxDepth: number): string {
  assertDepth(data, maxDepth);
  if (!isUtf8(data)) {
    throw new ConnectError(`request is not valid UTF-8: ${whereUtf8Fails(data)}`, Code.InvalidArgument);
  }
  return decoder.decode(data);
}

function assertDepth(data: Uint8Array, maxDepth: number): void {
  let depth = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === QUOTE) {
      i = stringEnd(data, i);
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) throw new ConnectError(`request JSON nests deeper than ${maxDepth} levels`, Code.InvalidArgument);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
}

/** Index of the quote closing the string that opens at `start` (or the end of the data). */
function stringEnd(data: Uint8Array, start: number): number {
  for (let i = start + 1; i < data.length; i++) {
    if (data[i] === BACKSLASH) i++;
    else if (data[i] === QUOTE) return i;
  }
  return data.length;
}

interface Container {
  readonly object: boolean;
  key: string | undefined;
  index: number;
  expectKey: boolean;
}

/**
 * Where the first invalid UTF-8 is: walks the (depth-checked) structure keeping the path of keys
 * and indices, and checks each string on its own. Only called for a body already known to be bad.
 */
function whereUtf8Fails(data: Uint8Array): string {
  const stack: Container[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    const top = stack[stack.length - 1];
    if (c === QUOTE) {
      const end = stringEnd(data, i);
      const bytes = data.subarray(i + 1, end);
      const isKey = top?.object === true && top.expectKey;
      if (!isUtf8(bytes)) {
        return isKey ? `in a field name${pathOf(stack) === "" ? "" : ` inside "${pathOf(stack)}"`}` : `in field "${pathOf(stack)}"`;
      }
      if (isKey) top.key = decoder.decode(bytes);
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      stack.push({ object: c === OPEN_OBJECT, key: undefined, index: 0, expectKey: c === OPEN_OBJECT });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    } else if (c === COMMA && top) {
      if (top.object) top.expectKey = true;
      else top.index++;
    } else if (c === COLON && top?.object) {
      top.expectKey = false;
    }
  }
  return "outside any string";
}

function pathOf(stack: readonly Container[]): string {
  let path = "";
  for (const c of stack) {
    if (c.object) {
      if (c.key !== undefined) path += path === "" ? c.key : `.${c.key}`;
    } else {
      path += `[${c.index}]`;
    }
  }
  return path;
}
