import type { Freight, Promotion } from "./types.js";

/*
 * What a promotion preview reports (PromotionService.PreviewPromotion). The embedded engine
 * produces it (src/embedded/controllers/promotion-runner/preview-promotion.ts); the API serves it
 * through a PromotionPreviewer the composition root hands the services in embedded mode.
 */

/** One step of a preview. */
export interface PreviewStep {
  readonly alias: string;
  readonly uses: string;
  /** Succeeded, Failed, Errored, Skipped (condition false, or an external effect: see `externalEffect`). */
  status: "Succeeded" | "Failed" | "Errored" | "Skipped";
  message?: string;
  output?: Record<string, unknown>;
  /** Set when the step was skipped because running it would change something outside the work tree. */
  externalEffect?: string;
}

/** What the promotion would commit to one repository it checked out. */
export interface RepositoryDiff {
  /** The checkout's path in the promotion's work directory. */
  readonly path: string;
  readonly repoURL: string;
  /** The checkout's branch; empty for a detached checkout. */
  readonly branch: string;
  /** The commit checked out (empty for a new orphan branch) and the commit the steps made. */
  readonly baseCommit: string;
  readonly headCommit: string;
  /** `git diff <base> <head>`: what the promotion's commits change, as unified diff. */
  readonly diff: string;
  readonly truncated: boolean;
}

/** The outcome of a preview. */
export interface PromotionPreview {
  readonly phase: "Succeeded" | "Failed" | "Errored";
  readonly message: string;
  readonly steps: PreviewStep[];
  readonly repositories: RepositoryDiff[];
}

/**
 * Runs a Promotion's steps for its Freight without side effects and reports the outcome; only
 * embedded mode has one (the steps run in this process).
 */
export type PromotionPreviewer = (promotion: Promotion, freight: Freight, signal: AbortSignal) => Promise<PromotionPreview>;
