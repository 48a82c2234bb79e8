/**
 * Kargo's canonical form of a Git repository URL (its `urls.NormalizeGit`), used in Freight IDs
 * and to compare repositories: percent-decoded, lower-cased, every whitespace character removed;
 * `http(s)://` URLs lose user info and a trailing `/` and `.git`; `ssh://` URLs lose the trailing
 * `/` and `.git`; SCP-style `[user@]host:path` becomes `ssh://[user@]host/path`. A URL with a
 * query string, or one in no recognised shape, comes back as cleaned but otherwise unchanged.
 */
export function normalizeGitUrl(repoURL: string): string {
  let repo = repoURL;
  try {
    repo = decodeURIComponent(repo);
  } catch {
    // Kargo keeps the raw string when it does not decode.
  }
  repo = repo
    .trim()
    .toLowerCase()
    .replace(/[\s\uFEFF\u200B\u00A0]/gu, "");
  if (repo === "") return repo;
  if (repo.startsWith("http://") || repo.startsWith("https://") || repo.startsWith("ssh://")) {
    let url: URL;
    try {
      url = new URL(repo);
    } catch {
      return repo;
    }
    if (url.search !== "") return repo;
    const path = trimGitSuffix(url.pathname);
    // Go's url.String() drops user info we cleared and prints no trailing "/" for an empty path.
    const user = repo.startsWith("ssh://") && url.username !== "" ? `${url.username}${url.password ? `:${url.password}` : ""}@` : "";
    return `${url.protocol}//${user}${url.host}${path}`;
  }
  const scp = /^((?:[\w-]+@)?[\w-]+(?:\.[\w-]+)*)(?::(.*))?$/u.exec(repo);
  if (!scp) return repo;
  const path = trimGitSuffix(scp[2] ?? "");
  return path === "" ? `ssh://${scp[1]}` : `ssh://${scp[1]}/${path}`;
}

function trimGitSuffix(path: string): string {
  let trimmed = path.endsWith("/") ? path.slice(0, -1) : path;
  if (trimmed.endsWith(".git")) trimmed = trimmed.slice(0, -4);
  return trimmed;
}
