import type { Freight, Stage } from "./types.js";

/**
 * The names of the Stages currently using the Freight (sorted): those whose current Freight
 * collection (`status.freightHistory[0]`, newest first) holds it, and those the Freight's own
 * `status.currentlyIn` names. Freight in use must not be deleted (DeleteFreight).
 * Both sources count because either may lag the other while controllers catch up; a Stage that no
 * longer exists is left out when `stages` is the project's full list.
 */
export function freightInUseBy(freight: Freight, stages: readonly Stage[]): string[] {
  const name = freight.metadata.name;
  const existing = new Set(stages.map((stage) => stage.metadata.name ?? ""));
  const users = new Set<string>();
  for (const stage of stages) {
    const current = stage.status?.freightHistory?.[0];
    if (Object.values(current?.items ?? {}).some((item) => item.name === name)) users.add(stage.metadata.name ?? "");
  }
  for (const stage of Object.keys(freight.status?.currentlyIn ?? {})) {
    if (existing.has(stage)) users.add(stage);
  }
  return [...users].sort();
}

/** True when any Stage uses the Freight (see freightInUseBy). */
export function isFreightInUse(freight: Freight, stages: readonly Stage[]): boolean {
  return freightInUseBy(freight, stages).length > 0;
}
