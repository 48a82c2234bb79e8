import type { Condition } from "../../../gen/kargo/api/v1/metadata_pb.js";

/** The status ("True"/"False"/"Unknown") of condition `type`, or "" when absent. */
export function conditionStatus(conditions: readonly Condition[] | undefined, type: string): string {
  return conditions?.find((c) => c.type === type)?.status ?? "";
}
