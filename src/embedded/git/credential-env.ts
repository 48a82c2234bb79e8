/** A username and password (or token) for a Git remote. */
export interface GitCredentials {
  username: string;
  password: string;
}

/**
 * Git environment that sends Basic credentials to one remote only: `http.<scheme://host[:port]>/.extraHeader`
 * through GIT_CONFIG_COUNT (git ≥ 2.31), so the secret is neither on the command line (visible in
 * the process list) nor written into the checkout's `.git/config`. Empty for non-HTTP(S) URLs.
 */
export function credentialEnv(repoURL: string, credentials: GitCredentials | undefined): Record<string, string> {
  if (!credentials) return {};
  let origin: string;
  try {
    const url = new URL(repoURL);
    if (url.protocol !== "https:" && url.protocol !== "http:") return {};
    origin = url.origin;
  } catch {
    return {};
  }
  const token = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  return { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: `http.${origin}/.extraHeader`, GIT_CONFIG_VALUE_0: `Authorization: Basic ${token}` };
}
