import { applyMergePatch } from "../../util/apply-merge-patch.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../util/json-value.js";
import { setMember } from "../../util/set-member.js";

/**
 * Applies a `application/strategic-merge-patch+json` body the way this project does: as a JSON
 * merge patch (RFC 7386), so lists are replaced whole.
 *
 * Why not real strategic merge: Kubernetes merges lists by per-field merge keys that come from the
 * Go structs' `patchMergeKey`/`patchStrategy` tags, which we do not have (and custom resources, like
 * all of Kargo's kinds, have none: Kubernetes rejects strategic merge for them with 415, and kubectl
 * apply uses merge patch for them instead). For the built-in kinds we serve (Secrets, ConfigMaps,
 * ServiceAccounts, RBAC objects) the lists that kubectl patches are replaced whole, which is what
 * merge patch does.
 *
 * The strategic merge directives kubectl can send are honoured on objects so they never end up stored
 * as fields: `$patch: replace` (replace the object instead of merging), `$patch: delete` (delete it),
 * `$retainKeys` (drop members not listed), `$deleteFromPrimitiveList/<field>` (remove those values from
 * a list of scalars) and `$setElementOrder/<field>` (ignored: lists are replaced in patch order).
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown): JsonValue {
  const result = strategic(target, patch);
  return result === DELETE ? null : result;
}

const DELETE = Symbol("delete");

function strategic(target: unknown, patch: unknown): JsonValue | typeof DELETE {
  if (!isJsonObject(patch)) return applyMergePatch(target, patch);
  const directive = patch["$patch"];
  if (directive === "delete") return DELETE;
  const plain: JsonObject = {};
  for (const [name, value] of Object.entries(patch)) {
    if (!name.startsWith("$")) setMember(plain, name, value);
  }
  if (directive === "replace") return applyMergePatch({}, plain);

  const result: JsonObject = isJsonObject(target) ? (applyMergePatch(target, {}) as JsonObject) : {};
  for (const [name, value] of Object.entries(plain)) {
    if (value === null) {
      delete result[name];
      continue;
    }
    const merged = strategic(Object.hasOwn(result, name) ? result[name] : undefined, value);
    if (merged === DELETE) delete result[name];
    else setMember(result, name, merged);
  }
  for (const [name, value] of Object.entries(patch)) {
    const field = name.startsWith("$deleteFromPrimitiveList/") ? name.slice("$deleteFromPrimitiveList/".length) : undefined;
    const list = field === undefined ? undefined : result[field];
    if (field !== undefined && Array.isArray(list) && Array.isArray(value)) {
      setMember(
        result,
        field,
        list.filter((item) => !value.includes(item)),
      );
    }
  }
  const retain = patch["$retainKeys"];
  if (Array.isArray(retain)) {
    for (const name of Object.keys(result)) if (!retain.includes(name)) delete result[name];
  }
  return result;
}
