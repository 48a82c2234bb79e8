import type { GitCredentials } from "../git/credential-env.js";
import { findCredentials } from "./find-credentials.js";
import type { KargoClient } from "../../kube/object-clients.js";

/** The project's (or the shared namespace's) `cred-type: git` credentials for a repository (see findCredentials). */
export async function findGitCredentials(client: KargoClient, namespace: string, repoURL: string): Promise<GitCredentials | undefined> {
  return findCredentials(client, namespace, "git", repoURL);
}
