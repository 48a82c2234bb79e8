import { notFound } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { withTypeMeta } from "./decode-object.js";

/** GET one object (or its status subresource, which returns the whole object as Kubernetes does). */
export async function handleGet(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path } = request;
  const name = path.name!;
  // Answer committed state only: rows of the open group may still be undone by a failing COMMIT.
  deps.store.commit();
  const found = deps.store.get(type, type.namespaced ? path.namespace : undefined, name);
  if (!found) throw notFound(type, name);
  return { code: 200, body: withTypeMeta(type, found) };
}
