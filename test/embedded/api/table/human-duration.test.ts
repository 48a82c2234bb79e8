import { humanDuration } from "../../../../src/embedded/api/table/human-duration.js";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("humanDuration", () => {
  it.each([
    [-500, "0s"],
    [45 * S, "45s"],
    [119 * S, "119s"],
    [3 * M + 20 * S, "3m20s"],
    [5 * M, "5m"],
    [90 * M, "90m"],
    [2 * H + 15 * M, "135m"],
    [3 * H + 15 * M, "3h15m"],
    [30 * H, "30h"],
    [5 * D + 3 * H, "5d3h"],
    [400 * D, "400d"],
    [2 * 365 * D + 30 * D, "2y30d"],
    [9 * 365 * D, "9y"],
  ])("renders %d ms as %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
