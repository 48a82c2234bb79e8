import { spawn } from "node:child_process";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { parse as parseYaml } from "yaml";
import { parseGoDuration } from "../../domain/parse-go-duration.js";
import type { KubeObject } from "../../domain/types.js";
import { evaluateTemplate, isExpressionError, type ExpressionEnvironment } from "../../domain/expressions/index.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepFailure, type StepContext, type StepRunner } from "./step-types.js";

/** Most bytes read from each of stdout, stderr, the output pipe and an output file. */
export const MAX_CUSTOM_STEP_OUTPUT_BYTES = 1024 * 1024;
/** Timeout when the CustomPromotionStep sets no `defaultTimeout`. */
export const DEFAULT_CUSTOM_STEP_TIMEOUT = "5m";

/** One captured output of a custom step (docs/custom-promotion-steps.md). */
export interface CustomStepOutput {
  name?: string;
  source: "Pipe" | "Stdout" | "Stderr" | "File";
  path?: string;
  format: "KeyValue" | "JSON" | "YAML" | "Text";
  transform?: string;
}

/** A CustomPromotionStep (embedded.kargo.akuity.io/v1alpha1), as validated on write. */
export interface CustomPromotionStep extends KubeObject {
  spec: {
    command: string[];
    env?: { name: string; value?: string }[];
    outputs?: CustomStepOutput[];
    defaultTimeout?: string;
    errorThreshold?: number;
  };
}

/**
 * The runner of a CustomPromotionStep: its `command` (argv; no shell unless argv[0] is one) runs
 * as a local process in the promotion's work directory, in its own process group, with only PATH,
 * HOME (the work directory) and the step's declared `env` — nothing of the server's environment,
 * so no secret it holds reaches the command. `command` and `env` values may hold `${{ config.* }}`
 * (the step's config in the Stage) and `${{ ctx.* }}` (project, stage, promotion, targetFreight).
 * At `defaultTimeout` (default 5m), on abort, and once the process exits, its whole process group
 * is killed, so nothing it started outlives the step. A non-zero exit or a timeout is an error
 * (retried up to the step's errorThreshold); bad expressions, a missing command, output past
 * MAX_CUSTOM_STEP_OUTPUT_BYTES or unparseable output fail the step. Outputs are read from stdout,
 * stderr, file descriptor 3 (Pipe; its number is in KARGO_OUTPUT_FD) or a file, parsed as
 * KeyValue (`key=value` lines), JSON, YAML or Text, optionally mapped by a `transform` expression
 * (`output` is the parsed value), and stored under `name` — or merged when unnamed.
 */
export function customStepRunner(definition: CustomPromotionStep): StepRunner {
  const name = definition.metadata.name ?? "";
  return async (config, context) => {
    const spec = definition.spec;
    const environment: ExpressionEnvironment = {
      config,
      ctx: {
        project: context.project,
        stage: context.stage,
        promotion: context.promotion,
        targetFreight: { name: context.freight.metadata.name ?? "", origin: { name: context.freight.origin?.name ?? "" } },
      },
    };
    const evaluate = (text: string, field: string): string => {
      try {
        const value = evaluateTemplate(text, environment);
        return typeof value === "string" ? value : JSON.stringify(value ?? "");
      } catch (error) {
        if (isExpressionError(error)) throw new StepFailure(`custom step "${name}" ${field}: ${error.message}`);
        throw error;
      }
    };
    const argv = spec.command.map((arg, index) => evaluate(arg, `command[${index}]`));
    const outputs = spec.outputs ?? [];
    const usesPipe = outputs.some((output) => output.source === "Pipe");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: context.workDir,
      ...(usesPipe ? { KARGO_OUTPUT_FD: "3" } : {}),
    };
    for (const variable of spec.env ?? []) env[variable.name] = evaluate(variable.value ?? "", `env ${variable.name}`);
    const timeoutText = spec.defaultTimeout ?? DEFAULT_CUSTOM_STEP_TIMEOUT;
    const timeoutMs = parseGoDuration(timeoutText) ?? 0;

    const run = await runProcess(argv, { cwd: context.workDir, env, timeoutMs, signal: context.signal, pipe: usesPipe });
    if (run.spawnError) throw new StepFailure(`custom step "${name}": cannot run ${JSON.stringify(argv[0])}: ${run.spawnError}`);
    if (run.tooLarge)
      throw new StepFailure(`custom step "${name}": its ${run.tooLarge} exceeded ${MAX_CUSTOM_STEP_OUTPUT_BYTES} bytes (the process group was killed)`);
    if (run.timedOut) throw new Error(`custom step "${name}" timed out after ${timeoutText} (its process group was killed)`);
    context.signal.throwIfAborted();
    if (run.code !== 0) {
      const tail = run.stderr.trim().split("\n").slice(-3).join(" ");
      throw new Error(`custom step "${name}": ${argv[0]} exited with ${run.code ?? run.exitSignal}${tail ? `: ${tail}` : ""}`);
    }

    const output: Record<string, unknown> = {};
    for (const [index, capture] of outputs.entries()) {
      const where = `custom step "${name}" outputs[${index}]`;
      const text =
        capture.source === "File"
          ? await readOutputFile(context, capture.path ?? "", where)
          : capture.source === "Pipe"
            ? run.pipe
            : capture.source === "Stderr"
              ? run.stderr
              : run.stdout;
      let value = parseOutput(text, capture.format, where);
      if (capture.transform) {
        try {
          value = evaluateTemplate(capture.transform, { ...environment, output: value });
        } catch (error) {
          if (isExpressionError(error)) throw new StepFailure(`${where} transform: ${error.message}`);
          throw error;
        }
      }
      if (capture.name) output[capture.name] = value;
      else if (typeof value === "object" && value !== null && !Array.isArray(value)) Object.assign(output, value);
      else
        throw new StepFailure(`${where}: an output without a name must be an object (key-value pairs), got ${Array.isArray(value) ? "a list" : typeof value}`);
    }
    return { output };
  };
}

function parseOutput(text: string, format: CustomStepOutput["format"], where: string): unknown {
  try {
    switch (format) {
      case "Text":
        return text.replace(/\n$/u, "");
      case "JSON":
        return JSON.parse(text) as unknown;
      case "YAML":
        return parseYaml(text) as unknown;
      case "KeyValue": {
        const pairs: Record<string, string> = {};
        for (const line of text.split("\n")) {
          if (line.trim() === "") continue;
          const equals = line.indexOf("=");
          if (equals <= 0) throw new Error(`line ${JSON.stringify(line.slice(0, 80))} is not key=value`);
          pairs[line.slice(0, equals).trim()] = line.slice(equals + 1);
        }
        return pairs;
      }
    }
  } catch (error) {
    throw new StepFailure(`${where}: cannot read the output as ${format}: ${(error as Error).message}`);
  }
}

/** Reads a File output (inside the work directory), refusing one larger than the limit before reading it. */
async function readOutputFile(context: StepContext, path: string, where: string): Promise<string> {
  const file = await open(resolveWorkPath(context.workDir, path, "custom step"), "r").catch((error: NodeJS.ErrnoException) => {
    throw new StepFailure(`${where}: cannot read ${JSON.stringify(path)}: ${error.code ?? error.message}`);
  });
  try {
    const { size } = await file.stat();
    if (size > MAX_CUSTOM_STEP_OUTPUT_BYTES) throw new StepFailure(`${where}: ${JSON.stringify(path)} is larger than ${MAX_CUSTOM_STEP_OUTPUT_BYTES} bytes`);
    return await file.readFile("utf8");
  } finally {
    await file.close();
  }
}

interface ProcessRun {
  code: number | null;
  exitSignal: string | null;
  stdout: string;
  stderr: string;
  pipe: string;
  timedOut: boolean;
  /** Which stream went past the limit. */
  tooLarge?: string;
  spawnError?: string;
}

/** Runs argv in its own process group, collecting its streams up to the limit; kills the group at the end. */
function runProcess(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number; signal: AbortSignal; pipe: boolean },
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const result: ProcessRun = { code: null, exitSignal: null, stdout: "", stderr: "", pipe: "", timedOut: false };
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      shell: false,
      stdio: ["ignore", "pipe", "pipe", options.pipe ? "pipe" : "ignore"],
    });
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is gone already.
      }
    };
    const collect = (stream: Readable | null | undefined, label: string, set: (text: string) => void) => {
      if (!stream) return;
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on("data", (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > MAX_CUSTOM_STEP_OUTPUT_BYTES) {
          result.tooLarge ??= label;
          killGroup();
          return;
        }
        chunks.push(chunk);
      });
      stream.on("end", () => set(Buffer.concat(chunks).toString("utf8")));
    };
    collect(child.stdout, "standard output", (text) => (result.stdout = text));
    collect(child.stderr, "standard error", (text) => (result.stderr = text));
    collect(child.stdio[3] as Readable | null, "output pipe (fd 3)", (text) => (result.pipe = text));
    const timer = options.timeoutMs > 0 ? setTimeout(() => ((result.timedOut = true), killGroup()), options.timeoutMs) : undefined;
    const onAbort = () => killGroup();
    options.signal.addEventListener("abort", onAbort, { once: true });
    // The command's own exit ends the step: whatever it left running in its group goes with it
    // (and releases the streams 'close' waits for).
    child.on("exit", () => killGroup());
    child.on("error", (error) => {
      result.spawnError = (error as NodeJS.ErrnoException).code ?? error.message;
    });
    child.on("close", (code, exitSignal) => {
      if (timer) clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      result.code = code;
      result.exitSignal = exitSignal;
      resolve(result);
    });
  });
}
