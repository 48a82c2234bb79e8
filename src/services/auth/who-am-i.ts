import { create, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { ServiceAccountReferenceSchema, WhoAmIResponseSchema, type WhoAmIRequest, type WhoAmIResponse } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import type { ClaimsIndex } from "../../auth/claims-index/claims-index.js";
import { identityKey } from "../../auth/identity-context.js";

/** What {@link createWhoAmI} needs. */
export interface WhoAmIDeps {
  /** Claims → ServiceAccounts, for OIDC callers. */
  readonly claimsIndex: ClaimsIndex;
}

/**
 * AuthService.WhoAmI: the caller as the server sees it — how it signed in, its subject and
 * username, its claims (OIDC), the ServiceAccounts its permissions come from, whether it is the
 * admin, its actor string and when its token expires. Never echoes the token.
 */
export function createWhoAmI(deps: WhoAmIDeps) {
  return async function whoAmI(_request: WhoAmIRequest, context: HandlerContext): Promise<WhoAmIResponse> {
    const identity = context.values.get(identityKey);
    if (identity === undefined) {
      throw new ConnectError("no token provided", Code.Unauthenticated);
    }
    const expireTime = identity.expiresAt === undefined ? undefined : timestampFromDate(identity.expiresAt);
    const actor = actorFor(identity);
    switch (identity.kind) {
      case "admin":
        return create(WhoAmIResponseSchema, { subject: "admin", username: "admin", admin: true, authMethod: "admin", actor, expireTime });
      case "oidc": {
        const email = identity.claims["email"];
        const groups = identity.claims["groups"];
        return create(WhoAmIResponseSchema, {
          subject: identity.subject,
          username: identity.username,
          email: typeof email === "string" ? email : "",
          groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [],
          claims: toJsonObject(identity.claims),
          serviceAccounts: deps.claimsIndex.serviceAccountsFor(identity.claims).map((sa) => create(ServiceAccountReferenceSchema, sa)),
          authMethod: "oidc",
          actor,
          expireTime,
        });
      }
      case "kubernetes":
        return create(WhoAmIResponseSchema, {
          subject: identity.username,
          username: identity.username,
          groups: [...identity.groups],
          serviceAccounts: identity.serviceAccount === undefined ? [] : [create(ServiceAccountReferenceSchema, identity.serviceAccount)],
          authMethod: "kubernetes",
          actor,
          expireTime,
        });
    }
  };
}

// Claims come from a verified JWT payload, so they are JSON already; this only narrows the type.
function toJsonObject(claims: Readonly<Record<string, unknown>>): JsonObject {
  return JSON.parse(JSON.stringify(claims)) as Record<string, JsonValue>;
}
