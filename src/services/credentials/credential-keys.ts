/** Label marking a Secret as Kargo credentials, with the kind as value (Kargo's label). */
export const CRED_TYPE_LABEL = "kargo.akuity.io/cred-type";
/** The kinds of repository credentials. */
export const REPO_CREDENTIAL_TYPES = ["git", "helm", "image"] as const;
/** The cred-type of generic credentials. */
export const GENERIC_CREDENTIAL_TYPE = "generic";

/** Data keys of repository credentials this API manages; every other key belongs to controllers. */
export const REPO_URL_KEY = "repoURL";
export const REPO_URL_IS_REGEX_KEY = "repoURLIsRegex";
export const USERNAME_KEY = "username";
export const PASSWORD_KEY = "password";
export const MANAGED_REPO_KEYS: readonly string[] = [REPO_URL_KEY, REPO_URL_IS_REGEX_KEY, USERNAME_KEY, PASSWORD_KEY];
