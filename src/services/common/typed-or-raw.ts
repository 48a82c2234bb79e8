import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { rawObject, toMessage, type KubeObject, type ResourceType } from "../../kube/index.js";

/**
 * The `result` oneof of a Get response: the typed message under
 * `field` for RAW_FORMAT_UNSPECIFIED, else the stored object as JSON/YAML bytes under `raw`.
 *
 * ```ts
 * return create(GetStageResponseSchema, { result: typedOrRaw(RESOURCES.stages, stage, req.format, StageSchema, "stage") });
 * ```
 * Redact secrets before calling.
 */
export function typedOrRaw<Desc extends DescMessage, Field extends string>(
  type: ResourceType,
  object: KubeObject,
  format: RawFormat,
  schema: Desc,
  field: Field,
): { case: Field; value: MessageShape<Desc> } | { case: "raw"; value: Uint8Array } {
  if (format === RawFormat.UNSPECIFIED) return { case: field, value: toMessage(schema, object) };
  return { case: "raw", value: rawObject(type, object, format) };
}
