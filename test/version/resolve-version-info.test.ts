import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolveVersionInfo } from "../../src/version/resolve-version-info.js";

const root = new URL("../..", import.meta.url).pathname;

describe("resolveVersionInfo", () => {
  it("takes what the packager set", () => {
    const buildTime = new Date("2026-01-02T03:04:05Z");
    const info = resolveVersionInfo({ gitCommit: "abc123", gitTreeDirty: false, buildTime });
    expect(info).toMatchObject({ gitCommit: "abc123", gitTreeDirty: false, buildTime });
  });

  it("otherwise reads package.json and the git checkout, and uses the start time when running from source", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const info = resolveVersionInfo({ gitCommit: undefined, gitTreeDirty: undefined, buildTime: undefined }, now);
    expect(info.version).toBe(JSON.parse(readFileSync(`${root}package.json`, "utf8")).version);
    expect(info.gitCommit).toBe(execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim());
    expect(info.buildTime).toBe(now);
    expect(info.nodeVersion).toBe(process.version);
    expect(info.platform).toBe(`${process.platform}/${process.arch}`);
  });
});
