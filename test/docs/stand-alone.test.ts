import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** README.md, docs/**\/*.md and every README under src/. */
function documents(): string[] {
  const found = [join(ROOT, "README.md")];
  const walk = (dir: string, keep: (name: string) => boolean) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path, keep);
      else if (keep(entry)) found.push(path);
    }
  };
  walk(join(ROOT, "docs"), (n) => n.endsWith(".md"));
  walk(join(ROOT, "src"), (n) => n === "README.md");
  return found;
}

// Issue 14 item 4: the repository stands alone — its documents point at nothing outside it.
describe("the documents", () => {
  it.each(documents().map((d) => [relative(ROOT, d), d]))("%s cites no file outside the repository and every relative link resolves", (_name, path) => {
    const text = readFileSync(path, "utf8");
    // Nor sections of a document it does not contain ("§3.1" cited Kargo's behaviour notes).
    expect(text).not.toMatch(/\.\.\/shared|kargo-behaviour\.md|DESIGN\.md|research\/|§/);
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue;
      const resolved = resolve(dirname(path), target!);
      expect([target, relative(ROOT, resolved).startsWith("..")]).toEqual([target, false]);
      expect([target, existsSync(resolved)]).toEqual([target, true]);
    }
  });

  it("has the architecture document", () => {
    const text = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");
    for (const heading of [
      "## The layers",
      "## A unary call",
      "## A watch",
      "## A promotion",
      "## Where each concern lives",
      "## How to add an RPC",
      "## How to add a kind",
      "## How to add a promotion step",
    ]) {
      expect(text).toContain(heading);
    }
  });
});
