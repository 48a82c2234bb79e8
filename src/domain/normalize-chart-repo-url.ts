/** The registry go-containerregistry (and so Kargo) names Docker Hub by. */
const DOCKER_HUB = "index.docker.io";

/**
 * Kargo's canonical form of a Helm chart repository URL (`urls.NormalizeChart`): trimmed,
 * lower-cased, without an `oci://` prefix; an OCI repository reference is then put in the full
 * form go-containerregistry gives it (`nginx` → `index.docker.io/library/nginx`, `docker.io/x/y`
 * → `index.docker.io/x/y`), so equivalent Docker Hub spellings give one Freight ID. HTTP(S)
 * repository URLs are not references and stay as they are.
 */
export function normalizeChartRepoUrl(repoURL: string): string {
  const repo = repoURL
    .trim()
    .toLowerCase()
    .replace(/^oci:\/\//u, "");
  if (repo.includes("://") || repo === "") return repo;
  const parts = repo.split("/");
  const first = parts[0]!;
  const hasRegistry = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasRegistry) return `${DOCKER_HUB}/${parts.length === 1 ? `library/${repo}` : repo}`;
  if (first === "docker.io" || first === "registry-1.docker.io") {
    const rest = parts.slice(1);
    return `${DOCKER_HUB}/${rest.length === 1 ? `library/${rest[0]}` : rest.join("/")}`;
  }
  return repo;
}
