import type { FreightOrigin } from "./types.js";

/** True when two Freight origins name the same kind and name (Kargo's `FreightOrigin.Equals`). */
export function sameOrigin(a: FreightOrigin | undefined, b: FreightOrigin | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.kind === b.kind && a.name === b.name;
}

/** `<kind>/<name>`, the key Kargo uses for an origin (`Warehouse/images`). */
export function originKey(origin: FreightOrigin | undefined): string {
  return origin ? `${origin.kind}/${origin.name}` : "";
}
