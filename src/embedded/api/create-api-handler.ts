import type { IncomingMessage, ServerResponse } from "node:http";
import type { ResourceAttributes, UserInfo } from "../rbac/types.js";
import { ApiError, forbidden, internalError, isApiError, notServed } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { authenticate } from "./authenticate.js";
import { impersonate } from "./impersonate.js";
import { discoveryDocumentAt, versionInfo } from "./discovery.js";
import { forbiddenMessage } from "./forbidden-message.js";
import { handleAccessReview } from "./handle-access-review.js";
import { handleCreate } from "./handle-create.js";
import { handleDelete } from "./handle-delete.js";
import { handleDeleteCollection } from "./handle-delete-collection.js";
import { handleGet } from "./handle-get.js";
import { handleList } from "./handle-list.js";
import { handlePatch } from "./handle-patch.js";
import { handleSelfSubjectReview, handleSelfSubjectRulesReview } from "./handle-self-reviews.js";
import { handleTokenRequest } from "./handle-token-request.js";
import { handleTokenReview } from "./handle-token-review.js";
import { handleUpdate } from "./handle-update.js";
import { parseResourcePath } from "./parse-resource-path.js";
import { parseBodyObject, readBody } from "./read-body.js";
import { resolveRoute } from "./resolve-route.js";
import { serveWatch } from "./serve-watch.js";
import { replyAsTable, type ListBody } from "./table/reply-as-table.js";
import { tableRequestOf } from "./table/table-request.js";
import type { KubeObject } from "../store/types.js";

type Handler = (deps: ApiDeps, request: ResourceRequest) => Promise<Reply>;

const VERB_HANDLERS: Record<string, Handler> = {
  get: handleGet,
  list: handleList,
  create: handleCreate,
  update: handleUpdate,
  patch: handlePatch,
  delete: handleDelete,
  deletecollection: handleDeleteCollection,
};

const REVIEW_HANDLERS: Record<string, Handler> = {
  subjectaccessreviews: handleAccessReview,
  selfsubjectaccessreviews: handleAccessReview,
  tokenreviews: handleTokenReview,
  selfsubjectrulesreviews: handleSelfSubjectRulesReview,
  selfsubjectreviews: handleSelfSubjectReview,
};

// Paths served without authentication: liveness/readiness probes and the version, as a
// Kubernetes API server allows them anonymously. Everything else, discovery included, needs a
// token, and discovery is then allowed to every authenticated user by the system:discovery role.
const PUBLIC_PATHS = new Set(["/version", "/healthz", "/readyz", "/livez"]);

function sendJson(response: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

/**
 * Builds the HTTP request handler of the embedded Kubernetes-compatible API (it does not listen).
 * Order per request: public paths; authentication (401) and impersonation; discovery documents,
 * authorized as non-resource URLs; resource paths: resolve the type (404) and the verb (405),
 * authorize with RBAC (403), then the verb's handler. Every failure is answered as a Status object; nothing a client
 * sends can crash the process.
 */
export function createApiHandler(deps: ApiDeps): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const started = performance.now();
    let user: UserInfo | undefined;
    serve(deps, request, response, (u) => (user = u))
      .catch(async (error: unknown) => {
        // An error can describe data of a write not yet committed (AlreadyExists, Conflict):
        // answer after it is durable, as for replies. A failed commit still gets this answer.
        await deps.store.durable().catch(() => undefined);
        const failure = isApiError(error) ? error : internalError(error);
        if (failure.code >= 500) deps.logger.error({ err: error, method: request.method, url: request.url }, "request failed");
        if (response.headersSent) {
          response.destroy();
          return;
        }
        // An unread body (e.g. one over the size limit) would otherwise be parsed as the next request.
        const close: Record<string, string> = request.complete ? {} : { Connection: "close" };
        sendJson(response, failure.code, failure.toStatus(), close);
        if (!request.complete) request.resume();
      })
      .finally(() => {
        deps.logger.debug(
          { method: request.method, url: request.url, code: response.statusCode, user: user?.username, ms: Math.round(performance.now() - started) },
          "request",
        );
      });
  };
}

async function serve(deps: ApiDeps, request: IncomingMessage, response: ServerResponse, setUser: (user: UserInfo) => void): Promise<void> {
  const url = new URL(request.url ?? "/", "http://embedded.local");
  const method = request.method ?? "GET";
  const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  if (PUBLIC_PATHS.has(pathname)) {
    if (pathname === "/version") sendJson(response, 200, versionInfo());
    else response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    return;
  }
  const user = impersonate(deps, await authenticate(deps, request.headers), request.headers);
  setUser(user);
  const path = parseResourcePath(pathname);
  if (!path) {
    const document = discoveryDocumentAt(pathname, request.headers);
    if (!document || method !== "GET") throw notServed();
    const attributes = { verb: "get", path: pathname };
    if (!deps.authorize(user, attributes).allowed) throw new ApiError(403, "Forbidden", forbiddenMessage(user.username, attributes));
    response.writeHead(200, { "Content-Type": document.contentType, "Content-Length": document.body.length }).end(document.body);
    return;
  }
  const { type, verb } = resolveRoute(path, method, url.searchParams);
  const attributes: ResourceAttributes = {
    verb,
    group: type.group,
    resource: type.resource,
    ...(path.subresource ? { subresource: path.subresource } : {}),
    ...(path.namespace !== undefined ? { namespace: path.namespace } : {}),
    ...(path.name !== undefined ? { name: path.name } : {}),
  };
  if (!deps.authorize(user, attributes).allowed) throw forbidden(type, path.name, forbiddenMessage(user.username, attributes));
  let body: Promise<Buffer> | undefined;
  const table = verb === "get" || verb === "list" || verb === "watch" ? tableRequestOf(request.headers, url.searchParams) : undefined;
  const resourceRequest: ResourceRequest = {
    method,
    url,
    headers: request.headers,
    user,
    type,
    path,
    verb,
    ...(table ? { table } : {}),
    body: () => (body ??= readBody(request, deps.options.maxBodyBytes)),
    object: async () => parseBodyObject(await resourceRequest.body(), request.headers["content-type"]),
  };
  if (verb === "watch") {
    serveWatch(deps, resourceRequest, response);
    return;
  }
  const handler = type.review ? REVIEW_HANDLERS[type.resource]! : path.subresource === "token" ? handleTokenRequest : VERB_HANDLERS[verb]!;
  const reply = await handler(deps, resourceRequest);
  // Group commit: the handler's writes (and any it read) are acknowledged only once on disk; a
  // failed commit rejects here and the client gets a 500, never a lost 2xx.
  await deps.store.durable();
  if (reply.json !== undefined && !table) {
    response.writeHead(reply.code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(reply.json) });
    response.end(reply.json);
    return;
  }
  sendJson(response, reply.code, table ? replyAsTable(type, reply.body as KubeObject | ListBody, table) : reply.body);
}
