/**
 * A resource request path decomposed the way Kubernetes' RequestInfoFactory does it:
 * `/api/v1[/watch]/[namespaces/<ns>/]<resource>[/<name>[/<subresource>]]` and the same under
 * `/apis/<group>/<version>`.
 */
export interface ResourcePath {
  group: string;
  version: string;
  /** The namespace in the path; for `/api/v1/namespaces/<name>` it is <name>, as in Kubernetes RBAC. */
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** True for the deprecated `/watch/` path prefix. */
  watchPath: boolean;
}

// `namespaces/<name>/status` and `/finalize` are subresources of the Namespace, not a resource
// named "status" inside it (RequestInfoFactory's namespaceSubresources).
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

/**
 * Parses a URL pathname into a ResourcePath, or undefined when it is not a resource path
 * (discovery documents and unknown paths are answered elsewhere).
 */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const parts = pathname
    .split("/")
    .filter((p) => p !== "")
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watchPath = false;
  if (rest[0] === "watch") {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  const [resource, name, subresource] = rest as [string, string?, string?];
  return {
    group,
    version,
    resource,
    watchPath,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}
