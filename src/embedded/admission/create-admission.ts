import type { ObjectStore } from "../store/types.js";
import { applyKargoDefaults } from "../validation/index.js";
import type { MutatingAdmission } from "../api/api-context.js";
import { fillServiceAccountTokenSecret } from "../auth/fill-service-account-token-secret.js";
import type { TokenAuthority } from "../auth/token-authority.js";
import { mergeSecretStringData } from "./merge-secret-string-data.js";

/**
 * The mutating admission chain of the embedded API, run on every create and update of a main
 * resource before validation: Secrets get `stringData` folded into `data` and, for ServiceAccount
 * token Secrets, their token; Kargo objects get their CRD defaults.
 */
export function createAdmission(store: ObjectStore, tokens: TokenAuthority): MutatingAdmission {
  return async (type, object) => {
    if (type.group === "" && type.resource === "secrets") {
      const secret = mergeSecretStringData(object);
      await fillServiceAccountTokenSecret(store, tokens, secret);
      return secret;
    }
    if (type.group === "kargo.akuity.io") return applyKargoDefaults(type.resource, object);
    return object;
  };
}
