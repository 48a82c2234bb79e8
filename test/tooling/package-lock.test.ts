import { readFileSync } from "node:fs";

const root = new URL("../..", import.meta.url).pathname;

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * The dependencies package-lock.json does not hold, as `npm ci` checks them before installing
 * anything ("Missing: @swc/core-darwin-arm64@1.16.22 from lock file"): every dependency and
 * optional dependency of every locked package (and the project's devDependencies) must resolve,
 * by Node's lookup up the node_modules directories, to a locked package — of exactly the
 * version asked for when an exact version is asked for (as the platform packages are). Optional
 * packages of other platforms count: npm ci refuses a lockfile without them on every platform.
 */
function missingFromLock(packages: Record<string, LockEntry>): string[] {
  const resolve = (from: string, name: string): string | undefined => {
    for (let dir = from; ; ) {
      const candidate = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (candidate in packages) return candidate;
      if (dir === "") return undefined;
      const parent = dir.lastIndexOf("/node_modules/");
      dir = parent < 0 ? "" : dir.slice(0, parent);
    }
  };
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    const wanted = { ...entry.dependencies, ...entry.optionalDependencies, ...(path === "" ? entry.devDependencies : {}) };
    for (const [name, spec] of Object.entries(wanted)) {
      const target = resolve(path, name);
      const exact = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/u.test(spec);
      if (target === undefined || (exact && packages[target]!.version !== spec)) missing.push(`${name}@${spec} (of ${path || "the project"})`);
    }
  }
  return missing;
}

describe("package-lock.json", () => {
  const lock = JSON.parse(readFileSync(`${root}package-lock.json`, "utf8")) as { lockfileVersion: number; packages: Record<string, LockEntry> };
  const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

  it("holds every package npm ci needs, other platforms' optional packages included", () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(missingFromLock(lock.packages)).toEqual([]);
  });

  it("is in step with package.json", () => {
    const project = lock.packages[""]!;
    expect(project.dependencies).toEqual(manifest.dependencies);
    expect(project.devDependencies).toEqual(manifest.devDependencies);
  });

  it("the check finds a platform package left out, or locked at another version", () => {
    const packages: Record<string, LockEntry> = {
      "": { devDependencies: { tool: "1.0.0" } },
      "node_modules/tool": { version: "1.0.0", optionalDependencies: { "tool-darwin-arm64": "1.0.0", "tool-linux-x64": "1.0.0" } },
      "node_modules/tool-linux-x64": { version: "0.9.0" },
    };
    expect(missingFromLock(packages)).toEqual(["tool-darwin-arm64@1.0.0 (of node_modules/tool)", "tool-linux-x64@1.0.0 (of node_modules/tool)"]);
  });
});
