import { Code, ConnectError } from "@connectrpc/connect";
import { stringify } from "yaml";
import { RawFormat } from "../../gen/kargo/api/v1/common_pb.js";
import { apiVersionOf, type ResourceType } from "./kargo-resources.js";
import type { KubeObject } from "./kube-object.js";

const encoder = new TextEncoder();

/**
 * The `raw` bytes of a Get response (RAW_FORMAT_JSON or RAW_FORMAT_YAML): the object as stored,
 * with apiVersion and kind set (watch and list items may lack them), apiVersion/kind/metadata first.
 * Callers redact secrets before calling. RAW_FORMAT_UNSPECIFIED is not raw: INVALID_ARGUMENT.
 */
export function rawObject(type: ResourceType, object: KubeObject, format: RawFormat): Uint8Array {
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = object;
  const ordered = { apiVersion: apiVersionOf(type), kind: type.kind, metadata, ...rest };
  switch (format) {
    case RawFormat.JSON:
      return encoder.encode(JSON.stringify(ordered));
    case RawFormat.YAML:
      return encoder.encode(stringify(ordered));
    default:
      throw new ConnectError(`format ${RawFormat[format] ?? format} is not a raw format`, Code.InvalidArgument);
  }
}
