import type { TokenSource } from "./token-source.js";

/** A token source that always answers `token` (an admin, OIDC or API token obtained elsewhere). */
export function staticToken(token: string): TokenSource {
  return { getToken: async () => token, invalidate: () => {} };
}
