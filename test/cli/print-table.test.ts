import { formatTable } from "../../src/cli/print-table.js";
import { StreamingTable } from "../../src/cli/streaming-table.js";

describe("formatTable", () => {
  it("pads every column but the last to its widest cell", () => {
    expect(
      formatTable(
        ["NAME", "AGE"],
        [
          ["a-long-name", "5s"],
          ["b", "10m"],
        ],
      ),
    ).toEqual(["NAME          AGE", "a-long-name   5s", "b             10m"]);
  });
});

describe("StreamingTable", () => {
  it("holds rows until flush, prints them aligned under the header, then rows as they come", () => {
    const lines: string[] = [];
    const table = new StreamingTable(["EVENT", "NAME", "AGE"], (l) => lines.push(l), ["MODIFIED".length]);
    table.add(["ADDED", "a-long-name", "5s"]);
    expect(lines).toEqual([]);
    table.flush();
    table.add(["MODIFIED", "b", "1s"]);
    table.add(["DELETED", "a-much-longer-name", "0s"]);
    expect(lines).toEqual([
      "EVENT      NAME          AGE",
      "ADDED      a-long-name   5s",
      "MODIFIED   b             1s",
      // Wider than before: the column grows from here on.
      "DELETED    a-much-longer-name   0s",
    ]);
  });
});
