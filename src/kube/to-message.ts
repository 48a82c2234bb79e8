import { fromJson, type DescMessage, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { KubeObject } from "./kube-object.js";

/**
 * Converts a Kubernetes object to its API message. Resource messages use the CRD's JSON names,
 * so protobuf-es `fromJson` reads the object directly; unknown fields (managedFields, fields of a
 * newer Kargo) are ignored rather than rejected. An object whose known fields have the wrong
 * JSON type (hand-edited, not CRD-valid) is INTERNAL naming the object: it is the stored data,
 * not the request, that is wrong.
 */
export function toMessage<Desc extends DescMessage>(schema: Desc, object: KubeObject): MessageShape<Desc> {
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
