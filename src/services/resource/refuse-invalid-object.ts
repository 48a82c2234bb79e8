import { ConnectError } from "@connectrpc/connect";
import { assertValidKargoObject } from "../../kube/index.js";
import { isObjectProblem, type ManifestObject, type ObjectProblem } from "./manifest-object.js";

/**
 * A Kargo object of the manifest that Kargo would refuse becomes this object's problem
 * (INVALID_ARGUMENT naming the document and each field, e.g. a Go duration past Go's range),
 * checked for every object before the first is written: whatever the Kubernetes API would do
 * with it, no invalid object is written, and its problem is reported in its result like any other
 * (the other objects are still applied — one result per object, as Kargo's ResourceService does).
 */
export function refuseInvalidObject(item: ManifestObject | ObjectProblem, operation: "create" | "update" | "createOrUpdate"): ManifestObject | ObjectProblem {
  if (isObjectProblem(item)) return item;
  try {
    assertValidKargoObject(item.type, item.object, {
      name: item.name || item.object.metadata.generateName,
      namespace: item.namespace,
      messagePrefix: `${item.label}: `,
      // Create-or-update may create: what the defaulting webhook fills is judged on the replace, if it comes to that.
      create: operation !== "update",
    });
    return item;
  } catch (error) {
    return { label: item.label, identity: item.identity, error: ConnectError.from(error) };
  }
}
