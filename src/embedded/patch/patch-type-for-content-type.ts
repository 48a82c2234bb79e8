import { UnsupportedPatchTypeError } from "./unsupported-patch-type-error.js";

/** The patch formats this API applies. */
export type PatchType = "merge" | "json" | "strategic";

/** The media types a PATCH may use, in the order Kubernetes lists them; for 415 messages. */
export const SUPPORTED_PATCH_CONTENT_TYPES: readonly string[] = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
];

const TYPES: Readonly<Record<string, PatchType>> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
};

/**
 * Maps a PATCH request's Content-Type header (parameters such as `charset` ignored, case-insensitive)
 * to the patch format to apply.
 *
 * @throws UnsupportedPatchTypeError for server-side apply (`application/apply-patch+yaml` or
 *   `+cbor`), which needs managed-fields tracking this API does not keep, and for any other type.
 */
export function patchTypeForContentType(contentType: string | undefined): PatchType {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const type = TYPES[mediaType];
  if (type !== undefined) return type;
  if (mediaType.startsWith("application/apply-patch+")) {
    throw new UnsupportedPatchTypeError(contentType ?? "", "server-side apply is not supported; use kubectl apply without --server-side, or a merge patch");
  }
  throw new UnsupportedPatchTypeError(contentType ?? "", `accepted media types are ${SUPPORTED_PATCH_CONTENT_TYPES.join(", ")}`);
}
