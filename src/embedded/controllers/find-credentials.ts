import { normalizeChartRepoUrl } from "../../domain/normalize-chart-repo-url.js";
import { normalizeGitUrl } from "../../domain/normalize-git-url.js";
import { SHARED_RESOURCES_NAMESPACE } from "../bootstrap/builtin-objects.js";
import type { KargoClient } from "../../kube/object-clients.js";

/** Label of Kargo's repository credential Secrets; its value is the kind of repository. */
const CRED_TYPE_LABEL = "kargo.akuity.io/cred-type";

/** The kinds of repository credentials Kargo stores (`kargo.akuity.io/cred-type`). */
export type CredentialType = "git" | "image" | "helm";

/** A username and password (or token) found for a repository. */
export interface RepositoryCredentials {
  username: string;
  password: string;
}

/**
 * The credentials a project holds for a repository, found as Kargo's credential provider finds
 * them: Secrets labelled `kargo.akuity.io/cred-type: <type>`, first in the project namespace, then
 * in the shared credentials namespace, each by name order; one matches when its `repoURL` equals
 * the URL after normalisation (Git URLs as Git does; image and chart references with Docker Hub
 * spellings unified) or, with `repoURLIsRegex: "true"`, when its regex matches the raw or the
 * normalised URL. Plain `http://` gets credentials only on loopback (Kargo refuses http unless
 * told otherwise; loopback traffic never leaves the machine). Undefined when nothing matches.
 */
export async function findCredentials(
  client: KargoClient,
  namespace: string,
  type: CredentialType,
  repoURL: string,
): Promise<RepositoryCredentials | undefined> {
  if (repoURL.startsWith("http://") && !isLoopback(repoURL)) return undefined;
  const normalize = type === "git" ? normalizeGitUrl : normalizeChartRepoUrl;
  const normalized = normalize(repoURL);
  for (const scope of namespace === SHARED_RESOURCES_NAMESPACE ? [namespace] : [namespace, SHARED_RESOURCES_NAMESPACE]) {
    const secrets = await client.listSecrets(scope, `${CRED_TYPE_LABEL}=${type}`);
    const found = matchSecret(secrets, repoURL, normalized, normalize);
    if (found) return found;
  }
  return undefined;
}

function matchSecret(
  secrets: { metadata?: { name?: string }; data?: Record<string, string> }[],
  repoURL: string,
  normalized: string,
  normalize: (url: string) => string,
): RepositoryCredentials | undefined {
  const decode = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8"));
  for (const secret of [...secrets].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""))) {
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
      matches = normalize(pattern) === normalized;
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
