import { applyJsonPatch } from "./apply-json-patch.js";
import { applyMergePatch } from "../../util/apply-merge-patch.js";
import { applyStrategicMergePatch } from "./apply-strategic-merge-patch.js";
import type { JsonValue } from "../../util/json-value.js";
import type { PatchType } from "./patch-type-for-content-type.js";

/**
 * Applies a parsed PATCH body of the given type to `target` and returns the new document (the
 * input is not modified). The API layer then runs admission and validation on the result.
 *
 * @throws JsonPatchError for a JSON patch that is malformed or does not apply.
 */
export function applyPatch(type: PatchType, target: unknown, patch: unknown): JsonValue {
  switch (type) {
    case "json":
      return applyJsonPatch(target, patch);
    case "merge":
      return applyMergePatch(target, patch);
    case "strategic":
      return applyStrategicMergePatch(target, patch);
  }
}
