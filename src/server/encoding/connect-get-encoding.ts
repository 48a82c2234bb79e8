/**
 * The `encoding` query parameter of a Connect GET (a unary call with no body and no content type):
 * "proto" or "json". Undefined for any other method, or a URL that does not parse.
 */
export function connectGetEncoding(method: string, url: string): string | undefined {
  if (method !== "GET") return undefined;
  try {
    return new URL(url, "http://localhost").searchParams.get("encoding") ?? undefined;
  } catch {
    return undefined;
  }
}
