import type { IncomingMessage } from "node:http";
import { ApiError, badRequest, tooLarge } from "./api-error.js";
import { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE } from "./protobuf/decode-kubernetes-protobuf.js";

/**
 * Reads a request body, failing with 413 RequestEntityTooLarge as soon as it exceeds `limit`
 * bytes (by Content-Length up front, or while streaming a chunked body) so that an oversize body
 * is never buffered whole.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; malformed JSON is 400 BadRequest, as Kubernetes' decoder answers it. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded as JSON: ${(error as Error).message}`);
  }
}

/** Parses a JSON body that must be an object (a Kubernetes object or a patch document). */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const value = parseJson(body);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badRequest("the body of the request must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/**
 * Decodes an object body by its Content-Type: JSON (the default, also for a missing type) or
 * Kubernetes protobuf, which kubectl's typed clients send for built-in kinds (create namespace,
 * auth can-i, create token …). Other media types are 415.
 */
export function parseBodyObject(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType === PROTOBUF_CONTENT_TYPE) return decodeKubernetesProtobuf(body);
  if (mediaType === "" || mediaType === "application/json" || mediaType === "*/*") return parseJsonObject(body);
  throw new ApiError(415, "UnsupportedMediaType", `unsupported media type ${JSON.stringify(contentType)}: send application/json`);
}
