/**
 * Splits a JSON pointer (RFC 6901) into unescaped reference tokens: "" is the whole document,
 * "/a~1b/~0c" is ["a/b", "~c"]. Returns a string describing the problem when the pointer is invalid.
 */
export function parseJsonPointer(pointer: string): string[] | string {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return `invalid JSON pointer ${JSON.stringify(pointer)}: must be empty or start with "/"`;
  const tokens: string[] = [];
  for (const raw of pointer.slice(1).split("/")) {
    if (/~[^01]|~$/.test(raw)) return `invalid JSON pointer ${JSON.stringify(pointer)}: "~" must be followed by 0 or 1`;
    // ~1 first, then ~0: "~01" is the literal "~1", not "/".
    tokens.push(raw.replaceAll("~1", "/").replaceAll("~0", "~"));
  }
  return tokens;
}
