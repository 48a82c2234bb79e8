import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));
const EMBEDDED = join(SRC, "embedded");

/**
 * The composition root: with EMBEDDED=true it starts the embedded control plane (and seeds the demo)
 * beside the API, then talks to it over HTTP like to any cluster. It is the one file outside
 * src/embedded that may import it.
 */
const COMPOSITION_ROOT = "start-kargo-api.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return entry.endsWith(".ts") ? [path] : [];
  });
}

/** Every module specifier a file names: static imports, re-exports and dynamic import(). */
function specifiers(text: string): string[] {
  return [...text.matchAll(/\b(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}

/** The relative imports of `file` that resolve into src/embedded. */
function embeddedImports(file: string): string[] {
  return specifiers(readFileSync(file, "utf8"))
    .filter((s) => s.startsWith("."))
    .filter((s) => {
      const target = resolve(dirname(file), s);
      return target === EMBEDDED || target.startsWith(`${EMBEDDED}/`);
    });
}

// Issue 19: the API (server, services, auth, kube, …) reaches the embedded control plane only over
// HTTP, as it reaches a cluster; code both need (Kargo's schemas and validator) lives in src/domain.
describe("layering", () => {
  const outside = sourceFiles(SRC).filter((f) => !f.startsWith(`${EMBEDDED}/`));

  it("finds the source files and recognises every import form", () => {
    expect(outside.length).toBeGreaterThan(100);
    expect(specifiers(`import { a } from "./x.js";\nexport * from '../y.js';\nconst m = await import("./z.js");\nimport type { T } from "./t.js";`)).toEqual([
      "./x.js",
      "../y.js",
      "./z.js",
      "./t.js",
    ]);
  });

  it("only the composition root imports src/embedded", () => {
    const offenders = outside
      .filter((f) => relative(SRC, f) !== COMPOSITION_ROOT)
      .flatMap((f) => embeddedImports(f).map((s) => `${relative(SRC, f)} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it("src/domain (shared by both sides) imports only src/domain, src/util and packages", () => {
    const allowed = [`${join(SRC, "domain")}/`, `${join(SRC, "util")}/`];
    const offenders = sourceFiles(join(SRC, "domain")).flatMap((f) =>
      specifiers(readFileSync(f, "utf8"))
        .filter((s) => s.startsWith(".") && !allowed.some((dir) => resolve(dirname(f), s).startsWith(dir)))
        .map((s) => `${relative(SRC, f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it("src/auth never imports src/services (services are built on auth, in src/services/create-services.ts)", () => {
    const services = `${join(SRC, "services")}/`;
    const offenders = sourceFiles(join(SRC, "auth")).flatMap((f) =>
      specifiers(readFileSync(f, "utf8"))
        .filter((s) => s.startsWith(".") && resolve(dirname(f), s).startsWith(services))
        .map((s) => `${relative(SRC, f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the composition root is what wires embedded mode (the exception is not stale)", () => {
    expect(embeddedImports(join(SRC, COMPOSITION_ROOT)).length).toBeGreaterThan(0);
  });
});
