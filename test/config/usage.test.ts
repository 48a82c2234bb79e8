import { shownDefault } from "../../src/config/setting.js";
import { settings } from "../../src/config/settings.js";
import { usage } from "../../src/config/usage.js";

describe("usage", () => {
  it("names every setting with its flag, environment variable and default", () => {
    const text = usage();
    for (const s of settings) {
      expect(text).toContain(s.env);
      if (s.flag) expect(text).toContain(`--${s.flag}`);
      expect(text).toContain(`default: ${shownDefault(s)}`);
    }
  });
});
