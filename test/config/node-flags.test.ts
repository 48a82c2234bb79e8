import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SERVER_ENVIRONMENT, SERVER_NODE_FLAGS } from "../../src/config/node-flags.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the server's production Node flags", () => {
  it("are the ones `npm start` runs node with", () => {
    const scripts = (JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["start"]).toBe(
      [...Object.entries(SERVER_ENVIRONMENT).map(([name, value]) => `${name}=${value}`), "exec node", ...SERVER_NODE_FLAGS, "bin/start.js"].join(" "),
    );
  });

  it("are the ones the image's ENTRYPOINT runs node with", () => {
    const entrypoint = readFileSync(`${root}Dockerfile`, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("ENTRYPOINT "))
      .at(-1)!;
    expect(JSON.parse(entrypoint.slice("ENTRYPOINT ".length))).toEqual(["node", ...SERVER_NODE_FLAGS, "dist/src/main.js"]);
  });

  it("and the environment is the one the image sets", () => {
    const dockerfile = readFileSync(`${root}Dockerfile`, "utf8");
    for (const [name, value] of Object.entries(SERVER_ENVIRONMENT)) expect(dockerfile).toMatch(new RegExp(`^\\s+${name}=${value.replace(/\./g, "\\.")}$`, "m"));
  });

  it("set glibc tunables this C library knows, within their ranges", () => {
    // ld.so lists the tunables it understands; a misspelt one would be ignored without a word.
    const loader = ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"].find((path) => existsSync(path));
    expect(loader, "glibc's dynamic loader").toBeDefined();
    const known = execFileSync(loader!, ["--list-tunables"], { encoding: "utf8" });
    const tunables = (SERVER_ENVIRONMENT["GLIBC_TUNABLES"] ?? "").split(":");
    expect(tunables.length).toBeGreaterThan(0);
    for (const tunable of tunables) {
      const [name, value] = tunable.split("=");
      const listed = new RegExp(`^${name!.replace(/\./g, "\\.")}: \\S+ \\(min: (0x[0-9a-f]+), max: (0x[0-9a-f]+)\\)$`, "m").exec(known);
      expect(listed, `${name} is not a tunable of this glibc`).not.toBeNull();
      expect(BigInt(value!)).toBeGreaterThanOrEqual(BigInt(listed![1]!));
      expect(BigInt(value!)).toBeLessThanOrEqual(BigInt(listed![2]!));
    }
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
