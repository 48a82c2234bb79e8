import type { ResourcePath } from "./parse-resource-path.js";

/**
 * The Kubernetes verb of a resource request (RequestInfoFactory): GET of one object is get, of a
 * collection list, with `watch=true` or a /watch/ path watch; POST create; PUT update; PATCH
 * patch; DELETE of one object delete, of a collection deletecollection. Undefined for other methods.
 */
export function requestVerb(method: string, path: ResourcePath, query: URLSearchParams): string | undefined {
  const named = path.name !== undefined;
  switch (method) {
    case "GET":
    case "HEAD": {
      const watch = path.watchPath || query.get("watch") === "true" || query.get("watch") === "1";
      if (watch) return "watch";
      return named ? "get" : "list";
    }
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return named ? "delete" : "deletecollection";
    default:
      return undefined;
  }
}
