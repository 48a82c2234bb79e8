import { DESCRIPTION_ANNOTATION, REPLICATE_TO_ANNOTATION } from "../../domain/well-known-keys.js";

/** The annotations of a new generic-credentials Secret or ConfigMap: its description and `replicate-to: "*"`. */
export function sharedResourceAnnotations(description: string, replicate: boolean): Record<string, string> {
  const trimmed = description.trim();
  return {
    ...(trimmed ? { [DESCRIPTION_ANNOTATION]: trimmed } : {}),
    ...(replicate ? { [REPLICATE_TO_ANNOTATION]: "*" } : {}),
  };
}

/**
 * The merge patch of those annotations for an update: each one the request sets (a description of
 * "" removes it, replicate false removes the annotation); unset ones are left out, so kept.
 */
export function sharedResourceAnnotationsPatch(description: string | undefined, replicate: boolean | undefined): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  if (description !== undefined) patch[DESCRIPTION_ANNOTATION] = description.trim() === "" ? null : description.trim();
  if (replicate !== undefined) patch[REPLICATE_TO_ANNOTATION] = replicate ? "*" : null;
  return patch;
}
