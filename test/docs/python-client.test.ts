import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CONTRACT_VERSION } from "../../src/client/contract-version.js";
import { adminClient, applyPipeline, createFreight } from "../cli/support/admin-client.js";
import { STACK_ADMIN_PASSWORD, useKargoStack } from "../support/use-kargo-stack.js";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;
const recipe = join(root, "docs/examples/python");
// Debian's interpreter, where python3-grpcio and python3-protobuf are installed (a python3 earlier
// on PATH, e.g. pyenv's, would not have them).
const PYTHON = "/usr/bin/python3";

// The recipe of docs/client.md ("Other languages"), run as written: Debian's protoc and gRPC
// Python plugin generate stubs from proto/, and the program logs in, reads the version and
// watches promotions over gRPC against a live server.
describe("the Python gRPC client recipe (docs/examples/python)", () => {
  const stack = useKargoStack();
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "kargo-python-"));
    await run(join(recipe, "generate.sh"), [join(out, "kargo_gen")]);
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it("AdminLogin, GetVersionInfo and a WatchPromotions stream that sees a new promotion", async () => {
    const admin = adminClient(stack());
    await applyPipeline(admin, "python");
    const child = spawn(PYTHON, [join(recipe, "kargo_client.py")], {
      cwd: out,
      detached: true,
      env: {
        PATH: process.env["PATH"] ?? "",
        PYTHONPATH: join(out, "kargo_gen"),
        KARGO_API_ADDRESS: new URL(stack().baseUrl).host,
        KARGO_ADMIN_PASSWORD: STACK_ADMIN_PASSWORD,
        KARGO_PROJECT: "python",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const check = () => (stdout.includes("watching promotions of python") ? resolve() : undefined);
        child.stdout.on("data", check);
        child.on("close", () => reject(new Error(`python exited early: ${stdout}${stderr}`)));
        check();
      });
      const freight = await createFreight(admin, "python", "4.0.0", "py");
      const name = (await admin.promotions.promoteToStage({ project: "python", stage: "test", freight })).promotion!.metadata!.name;
      expect(await exited).toBe(0);
      const version = (await admin.system.getVersionInfo({})).versionInfo!.version;
      expect(stdout.trim().split("\n")).toEqual([`server ${version}, contract ${CONTRACT_VERSION}`, "watching promotions of python", `ADDED ${name} to test`]);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  }, 60_000);

  it("fails with the server's gRPC status on a wrong password (PERMISSION_DENIED, as Kargo's AdminLogin)", async () => {
    const result = await run(PYTHON, [join(recipe, "kargo_client.py")], {
      cwd: out,
      env: { PATH: process.env["PATH"] ?? "", PYTHONPATH: join(out, "kargo_gen"), KARGO_API_ADDRESS: new URL(stack().baseUrl).host, KARGO_ADMIN_PASSWORD: "wrong" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/status = StatusCode\.PERMISSION_DENIED\s+details = "invalid password"/);
  });
});
