import type { ObjectStore } from "../store/types.js";
import { applyKargoDefaults } from "../../domain/validation/index.js";
import type { MutatingAdmission } from "../api/api-context.js";
import { fillServiceAccountTokenSecret } from "../auth/fill-service-account-token-secret.js";
import type { TokenAuthority } from "../auth/token-authority.js";
import { mergeSecretStringData } from "./merge-secret-string-data.js";
import { mutateFreight } from "./mutate-freight.js";
import { mutatePromotion } from "./mutate-promotion.js";

/** Options of createAdmission for Kargo's defaulting webhooks. */
export interface KargoMutationOptions {
  /** The Kargo namespace (its `kargo-api` ServiceAccount is the control plane); default "kargo". */
  kargoNamespace?: string;
  /** Clock for Promotion names; default the system clock. */
  now?: () => Date;
}

/**
 * The mutating admission chain of the embedded API, run on every create and update of a main
 * resource before validation: Secrets get `stringData` folded into `data` and, for ServiceAccount
 * token Secrets, their token; Kargo objects get their CRD defaults (as the API server's decoder
 * applies them first), then what Kargo's defaulting webhooks do: Freight named by its ID with an
 * alias kept in sync with its label (mutateFreight), Promotions named, owned and completed from
 * their Stage (mutatePromotion).
 */
export function createAdmission(store: ObjectStore, tokens: TokenAuthority, kargo: KargoMutationOptions = {}): MutatingAdmission {
  const kargoNamespace = kargo.kargoNamespace ?? "kargo";
  const now = kargo.now ?? (() => new Date());
  return async (type, object, old, context) => {
    if (type.group === "" && type.resource === "secrets") {
      const secret = mergeSecretStringData(object);
      await fillServiceAccountTokenSecret(store, tokens, secret);
      return secret;
    }
    if (type.group !== "kargo.akuity.io") return object;
    const defaulted = applyKargoDefaults(type.resource, object);
    if (type.resource === "freights") return mutateFreight(store, defaulted, old);
    if (type.resource === "promotions") return mutatePromotion(store, type, defaulted, old, context, { kargoNamespace, now: now() });
    return defaulted;
  };
}
