import { GO_DURATION_MAX, parseGoDuration } from "../../domain/parse-go-duration.js";
import { invalidField } from "../../errors/invalid-fields.js";
import type { RepoSubscription, WarehouseSpec } from "../../../gen/kargo/api/v1/warehouse_pb.js";

const DURATION = /^([0-9]+(\.[0-9]+)?(s|m|h))+$/;
const POLICIES = ["", "Automatic", "Manual"];
const COMMIT_STRATEGIES = ["", "NewestFromBranch", "SemVer", "Lexical", "NewestTag"];
const IMAGE_STRATEGIES = ["", "SemVer", "Lexical", "Digest", "NewestBuild"];

function invalid(field: string, problem: string): never {
  throw invalidField(field, problem);
}

/**
 * The checks Kargo's Warehouse webhook and CRD make that a typed request can fail, each an
 * INVALID_ARGUMENT naming the field: at least one subscription; each sets exactly one of git,
 * image or chart, with a repoURL; a chart from a classic (HTTP) repository names its chart and an
 * OCI one does not; discoveryLimit 0 (default 20) or 1–100; known strategy and policy values;
 * a Go duration as interval, no longer than Go's time.Duration holds (Kargo's controllers read it).
 */
export function validateWarehouseSpec(spec: WarehouseSpec): void {
  if (spec.interval !== "" && !DURATION.test(spec.interval)) invalid(`spec.interval`, `"${spec.interval}" is not a duration such as "5m0s"`);
  if (spec.interval !== "" && parseGoDuration(spec.interval) === undefined) {
    invalid(`spec.interval`, `"${spec.interval}" is longer than Go's time.Duration holds (at most ${GO_DURATION_MAX})`);
  }
  if (!POLICIES.includes(spec.freightCreationPolicy)) invalid(`spec.freightCreationPolicy`, `"${spec.freightCreationPolicy}" must be Automatic or Manual`);
  if (spec.subscriptions.length === 0) invalid("spec.subscriptions", "should not be empty");
  spec.subscriptions.forEach((subscription, i) => validateSubscription(subscription, `spec.subscriptions[${i}]`));
}

function validateSubscription(subscription: RepoSubscription, path: string): void {
  const { git, image, chart } = subscription;
  const set = [git, image, chart].filter((s) => s !== undefined).length;
  if (set !== 1) invalid(`${path}`, `must set exactly one of git, image or chart (it sets ${set})`);
  if (git) {
    requireRepoUrl(git.repoUrl, `${path}.git`);
    oneOf(git.commitSelectionStrategy, COMMIT_STRATEGIES, `${path}.git.commitSelectionStrategy`);
    discoveryLimit(git.discoveryLimit, `${path}.git`);
  }
  if (image) {
    requireRepoUrl(image.repoUrl, `${path}.image`);
    oneOf(image.imageSelectionStrategy, IMAGE_STRATEGIES, `${path}.image.imageSelectionStrategy`);
    discoveryLimit(image.discoveryLimit, `${path}.image`);
  }
  if (chart) {
    requireRepoUrl(chart.repoUrl, `${path}.chart`);
    const oci = chart.repoUrl.startsWith("oci://");
    if (oci && chart.name !== "") invalid(`${path}.chart.name`, `must be empty for an OCI repository (the chart is the repoURL)`);
    if (!oci && chart.name === "") invalid(`${path}.chart.name`, `should not be empty for an HTTP(S) chart repository`);
    discoveryLimit(chart.discoveryLimit, `${path}.chart`);
  }
}

function requireRepoUrl(repoUrl: string, path: string): void {
  if (repoUrl.trim() === "") invalid(`${path}.repoURL`, `should not be empty`);
}

function oneOf(value: string, allowed: string[], path: string): void {
  if (!allowed.includes(value)) invalid(`${path}`, `"${value}" must be one of ${allowed.filter((a) => a !== "").join(", ")}`);
}

function discoveryLimit(limit: number, path: string): void {
  if (limit !== 0 && (limit < 1 || limit > 100)) invalid(`${path}.discoveryLimit`, `${limit} must be between 1 and 100 (0 for the default, 20)`);
}
