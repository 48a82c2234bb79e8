import type { Identity } from "./identity.js";

/**
 * The claims that identify one OIDC user, as a claims map (claim → values) for the
 * `kargo.akuity.io/created-by-claims` annotation a new Project carries, so the project's
 * kargo-admin ServiceAccount maps its creator: sub, email and the username claim — never groups,
 * which would make a whole group admin. Undefined for other identities (the admin needs no
 * mapping; a ServiceAccount's rights come from RBAC).
 */
export function creatorClaims(identity: Identity | undefined): Record<string, string[]> | undefined {
  if (identity?.kind !== "oidc") return undefined;
  const map: Record<string, string[]> = {};
  const add = (claim: string, value: unknown) => {
    if (typeof value === "string" && value !== "") map[claim] = [value];
  };
  add("sub", identity.subject);
  add("email", identity.claims["email"]);
  add(identity.usernameClaim, identity.username);
  return Object.keys(map).length > 0 ? map : undefined;
}
