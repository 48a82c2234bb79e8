import { readFileSync } from "node:fs";
import { COMMANDS } from "../../src/cli/commands.js";

const guide = readFileSync(new URL("../../docs/cli.md", import.meta.url), "utf8");

// A catalogue-completeness check: a command added without documentation fails here.
describe("docs/cli.md", () => {
  const leaves = COMMANDS.flatMap((c) =>
    c.subcommands ? c.subcommands.map((s) => ({ path: `${c.name} ${s.name}`, command: s })) : [{ path: c.name, command: c }],
  );

  it.each(leaves.map((l) => [l.path, l.command] as const))("documents kargo-api %s and each of its options", (path, command) => {
    const heading = path === "watch" ? "### `kargo-api watch promotions`" : `### \`kargo-api ${path}\``;
    const start = guide.indexOf(`${heading}\n`);
    expect([path, start >= 0]).toEqual([path, true]);
    const section = guide.slice(start, guide.indexOf("\n### ", start + 1));
    for (const option of Object.keys(command.options ?? {})) expect([path, section.includes(`--${option}`)]).toEqual([path, true]);
  });

  it("documents the exit codes the CLI uses", async () => {
    const { EXIT } = await import("../../src/cli/cli-errors.js");
    for (const code of Object.values(EXIT)) expect(guide).toMatch(new RegExp(`^\\| ${code} \\|`, "m"));
  });
});
