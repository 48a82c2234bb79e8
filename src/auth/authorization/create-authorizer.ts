import { tokenDigest } from "../token-digest.js";
import type { ClaimsIndex } from "../claims-index/claims-index.js";
import type { Identity } from "../identity.js";
import { kubernetesTokenOf } from "../kubernetes-token-of.js";
import { TokenRejectedError } from "../kubernetes/token-rejected-error.js";
import type { AccessAttributes } from "./access-attributes.js";
import type { AccessReviewer } from "./create-access-reviewer.js";
import type { DecisionCache } from "./create-decision-cache.js";

/** Decides whether a caller may do one thing. Throws when Kubernetes could not be asked. */
export type Authorizer = (identity: Identity, attributes: AccessAttributes) => Promise<boolean>;

/** What {@link createAuthorizer} needs. */
export interface AuthorizerDeps {
  readonly reviewer: AccessReviewer;
  readonly claimsIndex: ClaimsIndex;
  readonly cache: DecisionCache;
  /**
   * Forgets a cached TokenReview acceptance; called when the API refuses a token it had accepted,
   * so the next request is authenticated afresh (and refused).
   */
  readonly forgetToken?: (token: string) => void;
}

/**
 * Kargo's authorization model:
 * - admin: allowed (no review);
 * - OIDC user: a SubjectAccessReview per mapped ServiceAccount, namespaces tried in order — the
 *   target namespace (for the cluster-scoped `projects`, the project's own namespace), then the
 *   global ServiceAccount namespaces; ServiceAccounts of other projects never count; first allow
 *   wins; mapped to nothing → denied;
 * - Kubernetes token user: a SelfSubjectAccessReview made with the caller's token.
 * Decisions are cached per ServiceAccount (or per token digest) and attributes, not per user, so a
 * change of a user's claim mapping applies to the very next request.
 */
export function createAuthorizer(deps: AuthorizerDeps): Authorizer {
  const { reviewer, claimsIndex, cache } = deps;
  // The token's digest per Kubernetes identity: the TokenReview cache hands out one identity per
  // accepted token for its TTL, so each token is digested once here, not on every call.
  const digests = new WeakMap<Identity, string>();
  return async (identity, attributes) => {
    switch (identity.kind) {
      case "admin":
        return true;
      case "oidc": {
        const mapped = claimsIndex.serviceAccountsFor(identity.claims);
        for (const namespace of namespacesToTry(attributes, claimsIndex.globalNamespaces)) {
          for (const serviceAccount of mapped) {
            if (serviceAccount.namespace !== namespace) {
              continue;
            }
            const key = `sa\u0000${namespace}\u0000${serviceAccount.name}\u0000${attributeKey(attributes)}`;
            if (await cache.get(key, () => reviewer.asServiceAccount(serviceAccount, attributes))) {
              return true;
            }
          }
        }
        return false;
      }
      case "kubernetes": {
        const token = kubernetesTokenOf(identity);
        if (token === undefined) {
          return false;
        }
        // Keyed by a digest so the cache never holds the token itself.
        let digest = digests.get(identity);
        if (digest === undefined) digests.set(identity, (digest = tokenDigest(token)));
        try {
          return await cache.get(`token\u0000${digest}\u0000${attributeKey(attributes)}`, () => reviewer.asTokenOwner(token, attributes));
        } catch (error) {
          if (error instanceof TokenRejectedError) deps.forgetToken?.(token);
          throw error;
        }
      }
    }
  };
}

function namespacesToTry(attributes: AccessAttributes, globalNamespaces: readonly string[]): string[] {
  const first = attributes.namespace
    ? [attributes.namespace]
    : attributes.resource === "projects" && attributes.group === "kargo.akuity.io" && attributes.name
      ? [attributes.name]
      : [];
  return [...new Set([...first, ...globalNamespaces])];
}

function attributeKey(a: AccessAttributes): string {
  return [a.verb, a.group, a.resource, a.subresource ?? "", a.namespace ?? "", a.name ?? ""].join("\u0000");
}
