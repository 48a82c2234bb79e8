import type { AuthorizationEntry } from "./authorization-entry.js";

/** Authorization entries by service type name (e.g. "kargo.api.v1.StageService"), then method name. */
export type AuthorizationTable = ReadonlyMap<string, ReadonlyMap<string, AuthorizationEntry>>;

/** The entry for an RPC, or undefined when the table has none. */
export function entryFor(table: AuthorizationTable, serviceTypeName: string, methodName: string): AuthorizationEntry | undefined {
  return table.get(serviceTypeName)?.get(methodName);
}
