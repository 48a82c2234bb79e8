import { describeKey, type ObjectKey } from "./object-key.js";
import { StoreError } from "./store-error.js";

/** The NotFound error for a key, worded as Kubernetes words it: `stages.kargo.akuity.io "prod" not found`. */
export function notFoundError(key: ObjectKey): StoreError {
  return new StoreError("NotFound", `${describeKey(key)} not found`, {
    group: key.group,
    resource: key.resource,
    name: key.name,
    ...(key.namespace === "" ? {} : { namespace: key.namespace }),
  });
}
