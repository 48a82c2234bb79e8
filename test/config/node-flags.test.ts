import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "../../src/config/node-flags.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the server's production Node flags", () => {
  it("are the ones `npm start` runs node with", () => {
    const scripts = (JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["start"]).toBe(["exec node", ...SERVER_NODE_FLAGS, "bin/start.js"].join(" "));
  });

  it("are the ones the image's ENTRYPOINT runs node with", () => {
    const entrypoint = readFileSync(`${root}Dockerfile`, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("ENTRYPOINT "))
      .at(-1)!;
    expect(JSON.parse(entrypoint.slice("ENTRYPOINT ".length))).toEqual(["node", ...SERVER_NODE_FLAGS, "dist/src/main.js"]);
  });

  it("cap the young generation at 32 MiB, where Node would otherwise grow it to more (a start-up's surviving allocations)", () => {
    // Many objects that survive a few scavenges each (the shape of an informer's initial list):
    // V8 grows the young generation while survivors are many, up to its maximum.
    const script = `
      const v8 = require("node:v8");
      const kept = [];
      for (let i = 0; i < 2e6; i++) { kept.push({ i, s: "s" + i }); if (kept.length > 2e5) kept.length = 0; }
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
      process.stdout.write(String(young.space_size / 2 ** 20));`;
    const youngMiB = (flags: readonly string[]) => Number(execFileSync(process.execPath, [...flags, "-e", script], { encoding: "utf8" }));
    expect(youngMiB(SERVER_NODE_FLAGS)).toBeLessThanOrEqual(32);
    expect(youngMiB([])).toBeGreaterThan(32);
  });
});
