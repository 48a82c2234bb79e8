import { normalizeChartRepoUrl, normalizeGitUrl } from "../../domain/index.js";
import { invalid, type StatusCause } from "../api/api-error.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject } from "../store/types.js";

/**
 * Kargo's Warehouse validating webhook beyond the CRD schema: no two subscriptions to the same
 * artifact source (same Git repository, image repository, or chart repository and name, compared
 * in canonical form), since they would discover the same artifacts twice into one Freight.
 */
export function validateWarehouse(type: ResourceType, object: KubeObject): void {
  const spec = (object["spec"] ?? {}) as { subscriptions?: Array<Record<string, Record<string, unknown> | undefined>> };
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  (spec.subscriptions ?? []).forEach((subscription, i) => {
    const key = subscriptionKey(subscription);
    if (key === undefined) return;
    if (seen.has(key)) causes.push({ field: `spec.subscriptions[${i}]`, reason: "FieldValueDuplicate", message: `Duplicate value: "${key}"` });
    seen.add(key);
  });
  if (causes.length > 0) throw invalid(type, object.metadata.name ?? "", causes);
}

function subscriptionKey(subscription: Record<string, Record<string, unknown> | undefined>): string | undefined {
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  if (subscription["git"]) return `git:${normalizeGitUrl(text(subscription["git"]["repoURL"]))}`;
  if (subscription["image"]) return `image:${text(subscription["image"]["repoURL"]).trim().toLowerCase()}`;
  if (subscription["chart"]) return `chart:${normalizeChartRepoUrl(text(subscription["chart"]["repoURL"]))}/${text(subscription["chart"]["name"])}`;
  return undefined;
}
