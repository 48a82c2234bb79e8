import type { DescService } from "@bufbuild/protobuf";
import type { GenService, GenServiceMethods } from "@bufbuild/protobuf/codegenv2";
import type { AuthorizationEntry } from "./authorization-entry.js";

/**
 * One service's part of the authorization table. The entries object must name every method of the
 * generated service (by local name), so a new RPC without an entry does not compile; the map it
 * returns is keyed by the RPC's proto name, as interceptors see it.
 */
export function defineServiceRules<M extends GenServiceMethods>(
  service: GenService<M>,
  entries: { readonly [K in keyof M]: AuthorizationEntry },
): [string, ReadonlyMap<string, AuthorizationEntry>] {
  const byName = new Map<string, AuthorizationEntry>();
  for (const method of (service as DescService).methods) {
    const entry = (entries as Record<string, AuthorizationEntry | undefined>)[method.localName];
    if (entry !== undefined) {
      byName.set(method.name, entry);
    }
  }
  return [service.typeName, byName];
}
