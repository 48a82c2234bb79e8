import { createHash } from "node:crypto";

/**
 * The path a webhook receiver listens on, computed as Kargo computes it so URLs registered with a
 * sender stay the same: `/webhook/<type>/<hex sha256(project + receiver name + secret values)>`.
 * The secret makes the URL hard to guess (for senders that sign nothing it is the only secret),
 * and rotating it moves the URL, by design.
 */
export function webhookPath(project: string, type: string, receiverName: string, secretValues: readonly string[]): string {
  return `/webhook/${type}/${createHash("sha256")
    .update(project + receiverName + secretValues.join(""))
    .digest("hex")}`;
}
