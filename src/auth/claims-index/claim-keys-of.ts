/**
 * Lookup keys for a set of claims: one per string value and per string element of a list value
 * (every claim, not only sub/email/groups, as Kargo maps users to ServiceAccounts). Name and value are joined by
 * a NUL, which neither can contain in a JSON string from a token or an annotation in practice, so
 * "a/b"="c" and "a"="b/c" stay distinct.
 */
export function claimKeysOf(claims: Readonly<Record<string, unknown>>): Set<string> {
  const keys = new Set<string>();
  for (const [name, value] of Object.entries(claims)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string" && item !== "") {
        keys.add(claimKey(name, item));
      }
    }
  }
  return keys;
}

/** The lookup key of one claim value. */
export function claimKey(name: string, value: string): string {
  return `${name}\u0000${value}`;
}
