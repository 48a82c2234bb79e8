import { fromJson, type DescMessage, type JsonValue, type Message, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { KubeObject } from "./kube-object.js";

/**
 * Messages already converted from frozen objects, per object and schema. Cached objects are
 * deep-frozen and replaced (never changed) on update, so an object's identity names one version:
 * a List, a Get and every stream a watch event goes to share one conversion. Weak, so a version
 * leaves with the object.
 */
const converted = new WeakMap<KubeObject, Map<DescMessage, Message>>();

/**
 * The memoised messages themselves: one per frozen object (= one resourceVersion) and schema, the
 * same for every caller. Only these may have their encoding cached and shared between responses
 * (src/server/encoding/): a message made for one caller (redacted, filtered, cloned) is not here.
 */
const shared = new WeakSet<Message>();

/**
 * True when `message` is one {@link toMessage} memoised for a frozen cache object: read-only,
 * identical for every caller, replaced (never changed) when the object changes.
 */
export function isSharedMessage(message: Message): boolean {
  return shared.has(message);
}

/**
 * Converts a Kubernetes object to its API message. Resource messages use the CRD's JSON names,
 * so protobuf-es `fromJson` reads the object directly; unknown fields (managedFields, fields of a
 * newer Kargo) are ignored rather than rejected. An object whose known fields have the wrong
 * JSON type (hand-edited, not CRD-valid) is INTERNAL naming the object: it is the stored data,
 * not the request, that is wrong.
 *
 * **The message is read-only.** For a frozen object (`Object.isFrozen`: the caches' objects, which
 * are deep-frozen) the message is memoised: every call with the same object and schema returns
 * the same message, shared by every response that holds it (a watch event converts once, not once
 * per stream; a List converts only the objects that changed since the last one). Put it into a
 * response as it is; to change anything, `clone(schema, message)` (protobuf-es) first. An object
 * that is not frozen (a write's result, a copy being redacted) is converted on every call, so a
 * caller passing a fresh object never gets a stale message.
 */
export function toMessage<Desc extends DescMessage>(schema: Desc, object: KubeObject): MessageShape<Desc> {
  if (!Object.isFrozen(object)) return convert(schema, object);
  let bySchema = converted.get(object);
  const known = bySchema?.get(schema);
  if (known !== undefined) return known as MessageShape<Desc>;
  const message = convert(schema, object);
  if (bySchema === undefined) converted.set(object, (bySchema = new Map()));
  bySchema.set(schema, message);
  shared.add(message);
  return message;
}

function convert<Desc extends DescMessage>(schema: Desc, object: KubeObject): MessageShape<Desc> {
  try {
    return fromJson(schema, object as unknown as JsonValue, { ignoreUnknownFields: true });
  } catch (error) {
    const { namespace, name } = object.metadata;
    throw new ConnectError(
      `stored ${object.kind ?? "object"} "${namespace ? `${namespace}/` : ""}${name ?? ""}" cannot be read as ${schema.typeName}`,
      Code.Internal,
      undefined,
      undefined,
      error,
    );
  }
}
