import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { settings } from "../../src/config/settings.js";
import { settingsTable } from "../../src/config/settings-table.js";
import { useApiServer } from "../support/use-api-server.js";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, "utf8");

describe("README", () => {
  const api = useApiServer();

  it("starts with the two quick-start commands", () => {
    const firstBlock = /```(?:sh|bash)\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(firstBlock).toContain("npm install && npm start");
    expect(firstBlock).toContain("npm install && npm test");
  });

  it("shows docs/examples/version-client.ts verbatim, and that program works", async () => {
    const example = readFileSync(`${root}docs/examples/version-client.ts`, "utf8");
    expect(readme).toContain(example.trim());
    const { stdout } = await run(process.execPath, ["--import", "tsx", "docs/examples/version-client.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", KARGO_API_URL: api.baseUrl, KARGO_API_TOKEN: "any" },
    });
    expect(stdout.trim()).toMatch(new RegExp(`^kargo-api 0\\.1\\.0 \\(commit [0-9a-f]{40}\\) on Node ${process.version.replace(/\./g, "\\.")}$`));
  });

  it("documents every setting with its flag and default in the configuration table", () => {
    const section = readme.slice(readme.indexOf("## Configuration"));
    const start = section.indexOf("| environment variable |");
    const table = section.slice(start, section.indexOf("\n\n", start));
    // The table is the catalogue's own text: regenerate it with settingsTable() after changing a setting.
    expect(table).toBe(settingsTable());
    expect(settingsTable().split("\n")).toHaveLength(settings.length + 2);
  });
});
