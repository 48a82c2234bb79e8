import type { ConnectError } from "@connectrpc/connect";

/**
 * Throws `tooDeep()` when `value` nests deeper than `maxDepth` arrays/objects. Each object is
 * measured once (YAML aliases make a graph, not a tree, even a cycle), and the walk never goes
 * more than `maxDepth` deep, so neither a shared subtree nor a cycle makes it expensive.
 */
export function assertHeight(value: unknown, maxDepth: number, tooDeep: () => ConnectError): void {
  const heights = new Map<object, number>();
  const height = (v: unknown, depth: number): number => {
    if (typeof v !== "object" || v === null) return 0;
    const known = heights.get(v);
    if (known !== undefined) {
      if (depth + known > maxDepth) throw tooDeep();
      return known;
    }
    if (depth + 1 > maxDepth) throw tooDeep();
    let below = 0;
    for (const child of Object.values(v)) below = Math.max(below, height(child, depth + 1));
    heights.set(v, below + 1);
    return below + 1;
  };
  height(value, 0);
}
