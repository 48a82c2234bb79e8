import { generateName } from "./generate-name.js";
import { describeKey, keyOfObject } from "./object-key.js";
import { prepareCreate } from "./prepare-create.js";
import type { StoreContext } from "./store-context.js";
import { StoreError } from "./store-error.js";
import type { KubeObject, ResourceTypeInfo, WriteOptions } from "./types.js";

// A generated name colliding this many times in a row means the prefix space is crowded; the
// Kubernetes API server also gives up after a few tries.
const maxNameAttempts = 8;

/** ObjectStore.create: see prepareCreate for the fields set; AlreadyExists on a taken key. */
export function createObject(context: StoreContext, type: ResourceTypeInfo, input: KubeObject, options: WriteOptions = {}): KubeObject {
  if (options.subresource !== undefined) {
    throw new StoreError("BadRequest", `${type.resource}: create is not allowed on the ${options.subresource} subresource`, {
      group: type.group,
      resource: type.resource,
      kind: input.kind,
    });
  }
  const object = prepareCreate(type, input);
  const generated = !object.metadata.name;
  for (let attempt = 1; ; attempt++) {
    if (generated) {
      object.metadata.name = generateName(object.metadata.generateName ?? "");
    }
    const key = keyOfObject(type, object);
    if (context.objects.get(key) !== undefined) {
      if (generated && attempt < maxNameAttempts) {
        continue;
      }
      throw new StoreError("AlreadyExists", `${describeKey(key)} already exists`, {
        group: type.group,
        resource: type.resource,
        kind: object.kind,
        name: key.name,
        ...(key.namespace === "" ? {} : { namespace: key.namespace }),
      });
    }
    if (options.dryRun) {
      return object;
    }
    context.types.remember(type);
    context.writer.write([{ type: "ADDED", key, object }]);
    return object;
  }
}
