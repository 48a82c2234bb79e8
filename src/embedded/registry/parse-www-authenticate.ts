/** One challenge of a `WWW-Authenticate` header: its scheme (lower-cased) and parameters. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

const PARAM = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*,?/uy;

/**
 * Parses the first challenge of a `WWW-Authenticate` header (RFC 7235) — what registries send:
 * `Basic realm="…"` or `Bearer realm="…",service="…",scope="…"`. Quoted values may hold commas
 * and backslash escapes. Undefined when the header is absent or not a challenge.
 */
export function parseWwwAuthenticate(header: string | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  const scheme = /^\s*([A-Za-z][A-Za-z0-9_-]*)/u.exec(header);
  if (!scheme) return undefined;
  const params: Record<string, string> = {};
  PARAM.lastIndex = scheme[0].length;
  for (let match = PARAM.exec(header); match && match[0] !== ""; match = PARAM.exec(header)) {
    params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/gu, "$1") : match[3]!;
  }
  return { scheme: scheme[1]!.toLowerCase(), params };
}
