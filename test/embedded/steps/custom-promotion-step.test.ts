import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Freight } from "../../../src/domain/types.js";
import { type CustomPromotionStep, customStepRunner, MAX_CUSTOM_STEP_OUTPUT_BYTES } from "../../../src/embedded/steps/custom-promotion-step.js";
import { isStepFailure, type StepContext } from "../../../src/embedded/steps/step-types.js";
import { eventually } from "../../support/eventually.js";
import { stepContext } from "./support/step-context.js";

const freight = { metadata: { name: "abc123", namespace: "p" }, origin: { kind: "Warehouse", name: "images" } } as Freight;
let workDir: string;
const context = (signal = new AbortController().signal): StepContext => stepContext(workDir, { promotion: "test.01", freight, signal });
const step = (spec: CustomPromotionStep["spec"], name = "custom"): CustomPromotionStep => ({
  apiVersion: "embedded.kargo.akuity.io/v1alpha1",
  kind: "CustomPromotionStep",
  metadata: { name },
  spec,
});

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), "kargo-custom-step-"));
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

/** A process that is gone, or a zombie nobody reaped yet (it runs no more either). */
function isDead(pid: number): boolean {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return true;
  try {
    return /^State:\s+Z/mu.test(readFileSync(status, "utf8"));
  } catch {
    return true;
  }
}

describe("custom promotion step runner", () => {
  it("runs the command in the work directory with expressions and captures every source and format", async () => {
    const runner = customStepRunner(
      step({
        command: [
          "sh",
          "-c",
          'echo "version=$VERSION"; echo "stage=$STAGE"; printf \'{"digest":"sha256:1","n":2}\' >&3; printf "a: [1, 2]\\n" > out.yaml; echo "warning text" >&2',
        ],
        env: [
          { name: "VERSION", value: "${{ config.version }}" },
          { name: "STAGE", value: "${{ ctx.stage }}/${{ ctx.targetFreight.name }}" },
        ],
        outputs: [
          { source: "Stdout", format: "KeyValue" },
          { name: "image", source: "Pipe", format: "JSON", transform: "${{ output.digest + '@' + string(output.n) }}" },
          { name: "yaml", source: "File", path: "out.yaml", format: "YAML" },
          { name: "note", source: "Stderr", format: "Text" },
        ],
      }),
    );
    const result = await runner({ version: "1.2.3" }, context());
    expect(result.output).toEqual({ version: "1.2.3", stage: "test/abc123", image: "sha256:1@2", yaml: { a: [1, 2] }, note: "warning text" });
  });

  it("gives the command only PATH, HOME (the work directory) and its declared env: no secret of the server's", async () => {
    process.env["KARGO_TEST_SERVER_SECRET"] = "do-not-leak";
    try {
      const runner = customStepRunner(
        step({ command: ["env"], env: [{ name: "DECLARED", value: "yes" }], outputs: [{ source: "Stdout", format: "KeyValue" }] }),
      );
      const { output } = await runner({}, context());
      expect(Object.keys(output!).sort()).toEqual(["DECLARED", "HOME", "PATH"]);
      expect(output!["HOME"]).toBe(workDir);
    } finally {
      delete process.env["KARGO_TEST_SERVER_SECRET"];
    }
  });

  it("runs argv without a shell: metacharacters are plain arguments", async () => {
    const runner = customStepRunner(step({ command: ["echo", "$HOME; rm -rf /"], outputs: [{ name: "echoed", source: "Stdout", format: "Text" }] }));
    expect((await runner({}, context())).output).toEqual({ echoed: "$HOME; rm -rf /" });
  });

  it("kills the whole process group at the timeout and counts it as an error (retryable)", async () => {
    const runner = customStepRunner(step({ command: ["sh", "-c", "sleep 300 & echo $! > child.pid; wait"], defaultTimeout: "2s" }));
    const error = (await runner({}, context()).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('custom step "custom" timed out after 2s (its process group was killed)');
    expect(isStepFailure(error)).toBe(false);
    const child = Number(readFileSync(join(workDir, "child.pid"), "utf8"));
    await eventually(() => isDead(child));
  });

  it("kills the group when aborted", async () => {
    const controller = new AbortController();
    const runner = customStepRunner(step({ command: ["sh", "-c", "echo $$ > shell.pid; sleep 300"] }));
    const running = runner({}, context(controller.signal)).catch((e: unknown) => e);
    await eventually(() => existsSync(join(workDir, "shell.pid")) && readFileSync(join(workDir, "shell.pid"), "utf8").endsWith("\n"));
    controller.abort();
    expect((await running) as Error).toMatchObject({ name: "AbortError" });
    await eventually(() => isDead(Number(readFileSync(join(workDir, "shell.pid"), "utf8"))));
  });

  it("fails the step when an output passes the size limit", async () => {
    const runner = customStepRunner(step({ command: ["head", "-c", String(MAX_CUSTOM_STEP_OUTPUT_BYTES + 1), "/dev/zero"] }));
    const error = (await runner({}, context()).catch((e: unknown) => e)) as Error;
    expect(isStepFailure(error)).toBe(true);
    expect(error.message).toBe(`custom step "custom": its standard output exceeded ${MAX_CUSTOM_STEP_OUTPUT_BYTES} bytes (the process group was killed)`);
  });

  it("reports a non-zero exit with the end of stderr as an error, a missing command and bad output as failures", async () => {
    const exit = (await customStepRunner(step({ command: ["sh", "-c", "echo broken >&2; exit 3"] }))({}, context()).catch((e: unknown) => e)) as Error;
    expect(exit.message).toBe('custom step "custom": sh exited with 3: broken');
    expect(isStepFailure(exit)).toBe(false);
    const missing = (await customStepRunner(step({ command: ["no-such-command-kargo"] }))({}, context()).catch((e: unknown) => e)) as Error;
    expect(isStepFailure(missing)).toBe(true);
    expect(missing.message).toBe('custom step "custom": cannot run "no-such-command-kargo": ENOENT');
    const badJson = (await customStepRunner(step({ command: ["echo", "{"], outputs: [{ name: "x", source: "Stdout", format: "JSON" }] }))({}, context()).catch(
      (e: unknown) => e,
    )) as Error;
    expect(isStepFailure(badJson)).toBe(true);
    expect(badJson.message).toMatch(/^custom step "custom" outputs\[0\]: cannot read the output as JSON/u);
    const outside = (await customStepRunner(step({ command: ["true"], outputs: [{ name: "x", source: "File", path: "../../etc/passwd", format: "Text" }] }))(
      {},
      context(),
    ).catch((e: unknown) => e)) as Error;
    expect(outside.message).toMatch(/outside|escapes|leave/u);
  });
});
