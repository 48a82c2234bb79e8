import type { DescMessage } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { AccessAttributes } from "./access-attributes.js";
import type { AccessCheck, ConfiguredNamespace } from "./authorization-entry.js";
import { readRequestField } from "./read-request-field.js";

/** Namespaces named by configuration that table entries can refer to. */
export type ConfiguredNamespaces = Readonly<Record<ConfiguredNamespace, string>>;

/**
 * Turns declared checks into concrete access attributes for one request. Checks whose `onlyWhen`
 * field is empty are skipped. A namespaced check whose project field is empty (and has no
 * configured fallback) is INVALID_ARGUMENT: nothing can be authorized without the project.
 */
export function resolveAccessChecks(
  checks: readonly AccessCheck[],
  schema: DescMessage,
  message: unknown,
  namespaces: ConfiguredNamespaces,
): AccessAttributes[] {
  const resolved: AccessAttributes[] = [];
  for (const check of checks) {
    if (check.onlyWhen !== undefined && !readRequestField(schema, message, check.onlyWhen)) {
      continue;
    }
    let namespace: string | undefined;
    if (check.namespace !== undefined) {
      const source = check.namespace;
      if (source.systemLevel !== undefined && readRequestField(schema, message, source.systemLevel.field) === true) {
        namespace = namespaces[source.systemLevel.namespace];
      } else {
        const value = readRequestField(schema, message, source.field);
        namespace = typeof value === "string" && value !== "" ? value : source.whenEmpty ? namespaces[source.whenEmpty] : undefined;
      }
      if (namespace === undefined || namespace === "") {
        throw new ConnectError(`${source.field} is required`, Code.InvalidArgument);
      }
    }
    const name = check.name === undefined ? undefined : readRequestField(schema, message, check.name);
    resolved.push({
      verb: check.verb,
      group: check.group,
      resource: check.resource,
      subresource: check.subresource,
      namespace,
      name: typeof name === "string" && name !== "" ? name : undefined,
    });
  }
  return resolved;
}
