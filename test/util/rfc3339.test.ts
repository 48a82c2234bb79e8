import { rfc3339, rfc3339Millis } from "../../src/util/rfc3339.js";

describe("rfc3339", () => {
  it("drops the sub-second part without rounding", () => {
    expect(rfc3339(new Date("2026-11-23T15:45:24.987Z"))).toBe("2026-11-23T15:45:24Z");
    expect(rfc3339(new Date("2026-11-23T15:45:24.000Z"))).toBe("2026-11-23T15:45:24Z");
  });

  it("writes UTC whatever the input's offset", () => {
    expect(rfc3339(new Date("2026-11-23T17:45:24.5+02:00"))).toBe("2026-11-23T15:45:24Z");
  });
});

describe("rfc3339Millis", () => {
  it("keeps milliseconds, all three digits", () => {
    expect(rfc3339Millis(new Date("2026-11-23T15:45:24.120Z"))).toBe("2026-11-23T15:45:24.120Z");
  });

  it("writes a whole second without a fraction", () => {
    expect(rfc3339Millis(new Date("2026-11-23T15:45:24Z"))).toBe("2026-11-23T15:45:24Z");
  });
});
