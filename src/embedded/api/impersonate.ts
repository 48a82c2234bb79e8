import type { IncomingHttpHeaders } from "node:http";
import { parseServiceAccountUsername, serviceAccountUser } from "../rbac/index.js";
import type { ResourceAttributes, UserInfo } from "../rbac/types.js";
import { ApiError, badRequest } from "./api-error.js";
import type { ApiDeps } from "./api-context.js";
import { forbiddenMessage } from "./forbidden-message.js";

function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

/**
 * Kubernetes user impersonation (`kubectl --as`, `--as-group`): with `Impersonate-User` and
 * `Impersonate-Group` headers the request runs as that user, provided the caller may `impersonate`
 * the user (resource users, or serviceaccounts for a ServiceAccount username) and each group.
 * Without the headers the caller is returned unchanged; impersonating only groups is 400.
 */
export function impersonate(deps: ApiDeps, caller: UserInfo, headers: IncomingHttpHeaders): UserInfo {
  const users = headerValues(headers, "impersonate-user");
  const groups = headerValues(headers, "impersonate-group");
  if (users.length === 0) {
    if (groups.length > 0) throw badRequest("requested impersonation of groups without impersonating a user");
    return caller;
  }
  if (users.length > 1) throw badRequest("only one Impersonate-User header may be given");
  const username = users[0]!;
  const account = parseServiceAccountUsername(username);
  const checks: ResourceAttributes[] = [
    account
      ? { verb: "impersonate", group: "", resource: "serviceaccounts", namespace: account.namespace, name: account.name }
      : { verb: "impersonate", group: "", resource: "users", name: username },
    ...groups.map((group) => ({ verb: "impersonate", group: "", resource: "groups", name: group })),
  ];
  for (const attributes of checks) {
    if (!deps.authorize(caller, attributes).allowed) {
      throw new ApiError(403, "Forbidden", forbiddenMessage(caller.username, attributes), { name: attributes.name!, kind: attributes.resource });
    }
  }
  const implied = account ? serviceAccountUser(account.namespace, account.name).groups : ["system:authenticated"];
  return { username, groups: [...new Set([...groups, ...implied])] };
}
