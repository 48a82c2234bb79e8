import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CONTRACT_VERSION } from "../../src/client/contract-version.js";
import { adminClient, applyPipeline, createFreight } from "../cli/support/admin-client.js";
import { runProgram } from "../support/run-program.js";
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
    const program = runProgram(PYTHON, [join(recipe, "kargo_client.py")], {
      cwd: out,
      env: {
        PATH: process.env["PATH"] ?? "",
        PYTHONPATH: join(out, "kargo_gen"),
        KARGO_API_ADDRESS: new URL(stack().baseUrl).host,
        KARGO_ADMIN_PASSWORD: STACK_ADMIN_PASSWORD,
        KARGO_PROJECT: "python",
      },
    });
    try {
      await program.printed("watching promotions of python");
      const freight = await createFreight(admin, "python", "4.0.0", "py");
      const name = (await admin.promotions.promoteToStage({ project: "python", stage: "test", freight })).promotion!.metadata!.name;
      expect(await program.exited).toBe(0);
      const version = (await admin.system.getVersionInfo({})).versionInfo!.version;
      expect(program.stdout().trim().split("\n")).toEqual([
        `server ${version}, contract ${CONTRACT_VERSION}`,
        "watching promotions of python",
        `ADDED ${name} to test`,
      ]);
    } finally {
      program.kill();
    }
  }, 60_000);

  it("fails with the server's gRPC status on a wrong password (PERMISSION_DENIED, as Kargo's AdminLogin)", async () => {
    const result = await run(PYTHON, [join(recipe, "kargo_client.py")], {
      cwd: out,
      env: {
        PATH: process.env["PATH"] ?? "",
        PYTHONPATH: join(out, "kargo_gen"),
        KARGO_API_ADDRESS: new URL(stack().baseUrl).host,
        KARGO_ADMIN_PASSWORD: "wrong",
      },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/status = StatusCode\.PERMISSION_DENIED\s+details = "invalid password"/);
  });
});
