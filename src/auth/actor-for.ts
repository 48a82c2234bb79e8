import type { Identity } from "./identity.js";

/**
 * The actor string recorded in annotations and events for a caller, in Kargo's format:
 * `admin`; `<usernameClaim>:<username>` for OIDC users (falling back to `email:<email>`, then
 * `subject:<sub>`); `serviceaccount:<ns>:<name>` for ServiceAccount tokens; `kubernetes:<username>`
 * for other Kubernetes users.
 */
export function actorFor(identity: Identity | undefined): string {
  if (identity === undefined) {
    return "unknown actor";
  }
  switch (identity.kind) {
    case "admin":
      return "admin";
    case "oidc": {
      if (identity.username !== "") {
        return `${identity.usernameClaim}:${identity.username}`;
      }
      const email = identity.claims["email"];
      if (typeof email === "string" && email !== "") {
        return `email:${email}`;
      }
      if (identity.subject !== "") {
        return `subject:${identity.subject}`;
      }
      return "unknown actor";
    }
    case "kubernetes":
      if (identity.serviceAccount !== undefined) {
        return `serviceaccount:${identity.serviceAccount.namespace}:${identity.serviceAccount.name}`;
      }
      return `kubernetes:${identity.username}`;
  }
}
