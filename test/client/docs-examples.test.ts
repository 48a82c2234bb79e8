import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { adminClient, applyPipeline, createFreight } from "../cli/support/admin-client.js";
import { STACK_ADMIN_PASSWORD, useKargoStack } from "../support/use-kargo-stack.js";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;
const guide = readFileSync(`${root}docs/client.md`, "utf8");
const example = (name: string) => readFileSync(`${root}docs/examples/${name}`, "utf8").trim();

// docs/client.md shows the programs of docs/examples/ verbatim; here they run against a real stack.
describe("docs/client.md examples", () => {
  const stack = useKargoStack();

  it("client-admin-login.ts lists the projects as admin", async () => {
    expect(guide).toContain(example("client-admin-login.ts"));
    await adminClient(stack()).projects.createProject({ name: "documented" });
    const { stdout } = await run(process.execPath, ["--import", "tsx", "docs/examples/client-admin-login.ts"], {
      cwd: root,
      env: { PATH: process.env["PATH"] ?? "", KARGO_API_URL: stack().baseUrl, KARGO_ADMIN_PASSWORD: STACK_ADMIN_PASSWORD },
    });
    expect(stdout.trim()).toMatch(/^\d+ project\(s\): .*\bdocumented\b/);
  });

  it("client-watch-promotions.ts follows a promotion until it finishes", async () => {
    expect(guide).toContain(example("client-watch-promotions.ts"));
    const admin = adminClient(stack());
    await applyPipeline(admin, "doc-watch");
    const child = spawn(process.execPath, ["--import", "tsx", "docs/examples/client-watch-promotions.ts"], {
      cwd: root,
      env: { PATH: process.env["PATH"] ?? "", KARGO_API_URL: stack().baseUrl, KARGO_API_TOKEN: stack().adminToken, KARGO_PROJECT: "doc-watch" },
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      // Whether the watch starts before or after the promotion, it sees it through to Succeeded.
      const freight = await createFreight(admin, "doc-watch", "2.0.0", "doc");
      const name = (await admin.promotions.promoteToStage({ project: "doc-watch", stage: "test", freight })).promotion!.metadata!.name;
      expect(await exited).toBe(0);
      expect(out).toContain(`${name} Succeeded\n`);
    } finally {
      child.kill();
    }
  });
});
