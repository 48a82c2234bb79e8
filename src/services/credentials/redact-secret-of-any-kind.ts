import type { KubeObject } from "../../kube/index.js";
import { SERVICE_ACCOUNT_TOKEN_TYPE } from "../../rbac/index.js";
import { CRED_TYPE_LABEL, REPO_CREDENTIAL_TYPES } from "./credential-keys.js";
import { redactGenericSecret, redactRepoSecret, redactTokenSecret } from "./credentials-messages.js";

/**
 * Any Secret as a response may show it, redacted exactly as the RPC made for its kind shows it:
 * repository credentials as CredentialsService's raw form (repoURL and username in clear), API and
 * other ServiceAccount tokens as GetAPIToken's, everything else as generic credentials (every value
 * redacted). For responses that can carry a Secret of any kind, such as ResourceService's results.
 */
export function redactSecretOfAnyKind(secret: KubeObject): KubeObject {
  const credType = secret.metadata?.labels?.[CRED_TYPE_LABEL];
  if ((REPO_CREDENTIAL_TYPES as readonly (string | undefined)[]).includes(credType)) return redactRepoSecret(secret);
  if (secret["type"] === SERVICE_ACCOUNT_TOKEN_TYPE) return redactTokenSecret(secret);
  return redactGenericSecret(secret);
}
