import { toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { stringify } from "yaml";
import type { OutputFormat } from "./output-format.js";

/** The JSON form of a message: the Kubernetes JSON for resource messages (CRD field names). */
export function messageJson<D extends DescMessage>(schema: D, message: MessageShape<D>): unknown {
  return toJson(schema, message);
}

/** Text of a JSON value in `format` (json: indented; yaml: one document). */
export function formatValue(value: unknown, format: Exclude<OutputFormat, "table">): string {
  return format === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value);
}
