import type { Freight } from "../../domain/types.js";
import type { GitCredentials } from "../git/credential-env.js";
import type { RegistryCredentials } from "../registry/registry-client.js";

/** What a step runs against: its work directory, the promotion it belongs to, and its Freight. */
export interface StepContext {
  /** The promotion's own work directory; every step path is relative to it and may not leave it. */
  readonly workDir: string;
  readonly project: string;
  readonly stage: string;
  readonly promotion: string;
  /** The Freight being promoted. */
  readonly freight: Freight;
  /** Cancels the step (abort annotation, shutdown); long-running work must honour it. */
  readonly signal: AbortSignal;
  /** The project's credentials for a Git repository (its `cred-type: git` Secrets), if any. */
  readonly gitCredentials: (repoURL: string) => Promise<GitCredentials | undefined>;
  /** The project's credentials for an image (`cred-type: image`) or OCI chart (`helm`) repository, as discovery finds them. */
  readonly registryCredentials?: (type: "image" | "helm", repoURL: string) => Promise<RegistryCredentials | undefined>;
  /** Writes to the project's Kargo objects (set-metadata, set-freight-alias); absent where none may be written. */
  readonly objects?: StepObjects;
}

/** The Kargo object writes steps may make, in the promotion's project, through the API. */
export interface StepObjects {
  /** Merges `values` into `status.metadata` of a Stage or Freight; false when it does not exist. */
  setMetadata(kind: "Stage" | "Freight", name: string, values: Record<string, unknown>): Promise<boolean>;
  /** Sets a Freight's alias (admission keeps it unique); false when the Freight does not exist. */
  setFreightAlias(name: string, alias: string): Promise<boolean>;
}

/** A step that finished: its outputs (readable by later steps as `outputs.<alias>`). */
export interface StepResult {
  readonly output?: Record<string, unknown>;
  /**
   * The step is not done yet (Kargo's `Running`): the engine runs it again after `pollIntervalMs`,
   * until it finishes or its `retry.timeout` passes. `message` says what it waits for.
   */
  readonly running?: { readonly message: string; readonly pollIntervalMs: number };
}

/**
 * Runs one step kind with its already-evaluated config. Throwing a StepFailure ends the
 * promotion as Failed at once (a problem retrying cannot fix: bad config, unsupported step);
 * any other error counts towards the step's `retry.errorThreshold` and, past it, Errored.
 */
export type StepRunner = (config: Record<string, unknown>, context: StepContext) => Promise<StepResult>;

/** A step failed for a reason retrying cannot fix; the promotion becomes Failed. */
export class StepFailure extends Error {
  override name = "StepFailure";
}

/** True when `error` is a StepFailure. */
export function isStepFailure(error: unknown): error is StepFailure {
  return error instanceof StepFailure;
}
