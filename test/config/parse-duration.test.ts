import { formatDuration, parseDuration } from "../../src/config/parse-duration.js";
import { parseByteSize } from "../../src/config/parse-byte-size.js";

describe("parseDuration", () => {
  it.each([
    ["15s", 15_000],
    ["1h30m", 5_400_000],
    ["500ms", 500],
    ["1.5h", 5_400_000],
    ["0", 0],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "15", "s", "1d", "-1s", "1h 30m", "1x"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("formats milliseconds back Go-style", () => {
    expect([15_000, 90_000, 3_600_000, 250, 0].map(formatDuration)).toEqual(["15s", "1m30s", "1h", "250ms", "0s"]);
  });
});

describe("parseByteSize", () => {
  it("reads plain and unit sizes and rejects others", () => {
    expect([parseByteSize("4194304"), parseByteSize("4MiB"), parseByteSize("512 KiB"), parseByteSize("1MB")]).toEqual([
      4_194_304, 4_194_304, 524_288, 1_000_000,
    ]);
    expect([parseByteSize("4 MiBs"), parseByteSize("-1"), parseByteSize("")]).toEqual([undefined, undefined, undefined]);
  });
});
