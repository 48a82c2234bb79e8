import { ApiError, badRequest, isApiError } from "../api-error.js";
import { PROTO_SCHEMAS } from "./kubernetes-proto-schemas.js";
import { readMessage } from "./read-protobuf.js";

/** Kubernetes' protobuf media type. */
export const PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

// Every Kubernetes protobuf body starts with this magic, then a runtime.Unknown envelope.
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const UNKNOWN = {
  1: ["typeMeta", { 1: ["apiVersion", "string"], 2: ["kind", "string"] }],
  2: ["raw", "bytes"],
} as const;

/**
 * Decodes a Kubernetes protobuf body (the `k8s\0` magic, a runtime.Unknown envelope naming
 * apiVersion and kind, then the object) into the object's JSON form with apiVersion and kind set.
 * Types without a known schema, and undecodable bodies, are 415/400: clients then know to send JSON.
 */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest("the protobuf body does not start with the Kubernetes protobuf magic");
  }
  try {
    const envelope = readMessage(UNKNOWN, body.subarray(MAGIC.length)) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
    const apiVersion = envelope.typeMeta?.apiVersion ?? "";
    const kind = envelope.typeMeta?.kind ?? "";
    const schema = PROTO_SCHEMAS[`${apiVersion}/${kind}`];
    if (!schema) {
      throw new ApiError(415, "UnsupportedMediaType", `protobuf bodies of ${kind || "this kind"} (${apiVersion}) are not supported; send JSON`);
    }
    const object = readMessage(schema, Buffer.from(envelope.raw ?? "", "base64"));
    return { apiVersion, kind, ...object };
  } catch (error) {
    if (isApiError(error)) throw error;
    throw badRequest(`the protobuf body could not be decoded: ${(error as Error).message}`);
  }
}
