import { createHash } from "node:crypto";

const MAX_LABEL_VALUE = 63;
const HASH_LENGTH = 10;

/**
 * The value of label `kargo.akuity.io/stage` for a Stage name: the name itself when it fits a
 * label value (≤ 63 characters), else its first 52 characters, `-` and 10 hex digits of its
 * SHA-256, so long names stay distinct and selectable. The full name is always in the
 * `kargo.akuity.io/stage` annotation.
 */
export function stageLabelValue(stage: string): string {
  if (stage.length <= MAX_LABEL_VALUE) return stage;
  const hash = createHash("sha256").update(stage).digest("hex").slice(0, HASH_LENGTH);
  return `${stage.slice(0, MAX_LABEL_VALUE - HASH_LENGTH - 1).replace(/[-_.]+$/u, "")}-${hash}`;
}
