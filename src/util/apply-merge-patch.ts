import { isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";
import { cloneJson } from "./clone-json.js";
import { setMember } from "./set-member.js";

/**
 * Applies a JSON merge patch (RFC 7386) and returns the new document; `target` and `patch` are
 * not modified and share no objects with the result. An object patch merges member by member
 * (a `null` member deletes, an object member merges recursively, anything else — arrays included —
 * replaces); a non-object patch replaces the whole target.
 */
export function applyMergePatch(target: unknown, patch: unknown): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch as JsonValue);
  // A non-object target is discarded, so a patch can turn a scalar or array member into an object.
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[name];
    } else {
      setMember(result, name, applyMergePatch(Object.hasOwn(result, name) ? result[name] : undefined, value));
    }
  }
  // Members the patch did not touch are still the caller's objects; copy them so the result is
  // independent of the input.
  for (const name of Object.keys(result)) {
    if (!Object.hasOwn(patch, name)) setMember(result, name, cloneJson(result[name]!));
  }
  return result;
}
