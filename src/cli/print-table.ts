import type { Paint } from "./colour.js";

/**
 * Formats rows as a table with a header, columns padded to their widest cell (kubectl style).
 * `paint` colours a cell after padding, so escape codes never count towards a width.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], paint: Paint = (t) => t): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[], painted: boolean) =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]!);
        return painted ? paint(padded, headers[i]!) : padded;
      })
      .join("   ")
      .trimEnd();
  return [line(headers, false), ...rows.map((r) => line(r, true))];
}
