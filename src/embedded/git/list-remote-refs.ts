import { runGit } from "./run-git.js";

/** The branches and tags of a remote repository: ref name (without refs/heads/, refs/tags/) → commit. */
export interface RemoteRefs {
  branches: Map<string, string>;
  /** Annotated tags resolve to the commit they point at (`^{}`), as a checkout would. */
  tags: Map<string, string>;
}

/** `git ls-remote` of a repository URL (any URL git reaches: file://, https://, ssh, a path). */
export async function listRemoteRefs(repoURL: string, signal?: AbortSignal): Promise<RemoteRefs> {
  const output = await runGit(["ls-remote", "--heads", "--tags", repoURL], { signal });
  const branches = new Map<string, string>();
  const tags = new Map<string, string>();
  for (const line of output.split("\n")) {
    const [id, ref] = line.split("\t");
    if (!id || !ref) continue;
    if (ref.startsWith("refs/heads/")) branches.set(ref.slice("refs/heads/".length), id);
    else if (ref.startsWith("refs/tags/")) {
      const name = ref.slice("refs/tags/".length);
      // The peeled line (^{}) of an annotated tag names the commit; it wins over the tag object.
      if (name.endsWith("^{}")) tags.set(name.slice(0, -3), id);
      else if (!tags.has(name)) tags.set(name, id);
    }
  }
  return { branches, tags };
}
