import { normalizeGitUrl } from "../../domain/normalize-git-url.js";
import type { GitCredentials } from "../git/credential-env.js";
import type { KargoClient } from "./kargo-client.js";

/** Label of Kargo's repository credential Secrets, and the value for Git. */
const CRED_TYPE_LABEL = "kargo.akuity.io/cred-type";

/**
 * The credentials a project holds for a Git repository, found as Kargo's credential provider finds
 * them: Secrets in the project namespace labelled `kargo.akuity.io/cred-type: git`, by name order;
 * one matches when its `repoURL` equals the URL after Git URL normalisation or, with
 * `repoURLIsRegex: "true"`, when its regex matches the raw or the normalised URL. Plain `http://`
 * gets credentials only on loopback (Kargo refuses http unless told otherwise; loopback traffic
 * never leaves the machine). Undefined when nothing matches.
 */
export async function findGitCredentials(client: KargoClient, namespace: string, repoURL: string): Promise<GitCredentials | undefined> {
  if (repoURL.startsWith("http://") && !isLoopback(repoURL)) return undefined;
  const secrets = await client.listSecrets(namespace, `${CRED_TYPE_LABEL}=git`);
  const normalized = normalizeGitUrl(repoURL);
  const decode = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8"));
  for (const secret of secrets.sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""))) {
    const data = secret.data ?? {};
    const pattern = decode(data["repoURL"]);
    if (!pattern) continue;
    let matches: boolean;
    if (decode(data["repoURLIsRegex"]) === "true") {
      try {
        const regex = new RegExp(pattern, "u");
        matches = regex.test(repoURL) || regex.test(normalized);
      } catch {
        matches = false;
      }
    } else {
      matches = normalizeGitUrl(pattern) === normalized;
    }
    if (matches) return { username: decode(data["username"]) ?? "", password: decode(data["password"]) ?? "" };
  }
  return undefined;
}

function isLoopback(repoURL: string): boolean {
  try {
    const host = new URL(repoURL).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
  } catch {
    return false;
  }
}
