import type { Paint } from "./colour.js";

/**
 * A table printed while rows arrive (get --watch): rows are held until `flush` (the end of the
 * watch's snapshot), printed aligned under the header; later rows are printed at once, padded to
 * the widths so far (which grow when a longer cell comes).
 */
export class StreamingTable {
  private widths: number[];
  private held: (readonly string[])[] | undefined = [];

  constructor(
    private readonly headers: readonly string[],
    private readonly write: (line: string) => void,
    /** Widths columns start with at least (e.g. the longest value a column can take). */
    minWidths: readonly number[] = [],
    /** Colours a data cell after padding (statePainter). */
    private readonly paint: Paint = (t) => t,
  ) {
    this.widths = headers.map((h, i) => Math.max(h.length, minWidths[i] ?? 0));
  }

  /** Adds a row: held before the first flush, printed after it. */
  add(row: readonly string[]): void {
    if (this.held) this.held.push(row);
    else this.write(this.line(row, true));
  }

  /** Prints the header and the held rows, aligned; later calls do nothing. */
  flush(): void {
    if (!this.held) return;
    const held = this.held;
    this.held = undefined;
    for (const row of held) this.widths = this.widths.map((w, i) => Math.max(w, (row[i] ?? "").length));
    this.write(this.line(this.headers, false));
    for (const row of held) this.write(this.line(row, true));
  }

  private line(row: readonly string[], painted: boolean): string {
    this.widths = this.widths.map((w, i) => Math.max(w, (row[i] ?? "").length));
    return row
      .map((c, i) => {
        const padded = i === row.length - 1 ? c : c.padEnd(this.widths[i]!);
        return painted ? this.paint(padded, this.headers[i]!) : padded;
      })
      .join("   ")
      .trimEnd();
  }
}
