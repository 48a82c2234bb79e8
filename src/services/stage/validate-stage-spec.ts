import { GO_DURATION_MAX, parseGoDuration } from "../../domain/parse-go-duration.js";
import { invalidField } from "../../errors/invalid-fields.js";
import type { FreightRequest, StageSpec } from "../../../gen/kargo/api/v1/stage_pb.js";

const DURATION = /^([0-9]+(\.[0-9]+)?(s|m|h))+$/;
const STRATEGIES = ["", "All", "OneOf"];
const SELECTION_POLICIES = ["", "NewestFreight", "MatchUpstream"];

function invalid(field: string, problem: string): never {
  throw invalidField(field, problem);
}

/**
 * The checks of Kargo's Stage webhook and CRD that a typed request can fail, each an
 * INVALID_ARGUMENT naming the field: at least one requested Freight; each with an origin
 * (kind Warehouse, a name), requested at most once, and sources — direct, or upstream Stages
 * other than this one; known availability strategy and selection policy; a Go duration as soak
 * time (no longer than Go's time.Duration holds, as for a step's retry timeout); MatchUpstream with exactly one upstream Stage; a promotion template has steps, each using exactly one of `uses` or `task`; a
 * verification names at least one analysis template.
 */
export function validateStageSpec(spec: StageSpec, stageName: string): void {
  if (spec.requestedFreight.length === 0) invalid("spec.requestedFreight", "should not be empty");
  const origins = new Set<string>();
  spec.requestedFreight.forEach((request, i) => {
    const path = `spec.requestedFreight[${i}]`;
    validateFreightRequest(request, path, stageName);
    const key = request.origin?.name ?? "";
    if (origins.has(key)) invalid(`${path}.origin`, `requests Freight from Warehouse "${key}" a second time`);
    origins.add(key);
  });
  const template = spec.promotionTemplate;
  if (template !== undefined) {
    const steps = template.spec?.steps ?? [];
    if (steps.length === 0) invalid("spec.promotionTemplate.spec.steps", "should not be empty");
    steps.forEach((step, i) => {
      const hasTask = step.task !== undefined && step.task.name !== "";
      if ((step.uses !== "") === hasTask) invalid(`spec.promotionTemplate.spec.steps[${i}]`, `must set exactly one of uses or task`);
      const timeout = step.retry?.timeout ?? "";
      // No pattern in the CRD: Kubernetes decodes it as a metav1.Duration, with Go's time.ParseDuration.
      if (timeout !== "" && parseGoDuration(timeout) === undefined) {
        invalid(`spec.promotionTemplate.spec.steps[${i}].retry.timeout`, `"${timeout}" is not a Go duration such as "10m" (at most ${GO_DURATION_MAX})`);
      }
    });
  }
  if (spec.verification !== undefined && spec.verification.analysisTemplates.length === 0) {
    invalid("spec.verification.analysisTemplates", "should not be empty");
  }
}

function validateFreightRequest(request: FreightRequest, path: string, stageName: string): void {
  const origin = request.origin;
  if (origin === undefined || origin.name.trim() === "") invalid(`${path}.origin.name`, `should not be empty`);
  if (origin.kind !== "" && origin.kind !== "Warehouse") invalid(`${path}.origin.kind`, `"${origin.kind}" must be Warehouse`);
  const sources = request.sources;
  if (sources === undefined || (!sources.direct && sources.stages.length === 0)) {
    invalid(`${path}.sources`, `must be direct or name upstream stages`);
  }
  if (sources.stages.includes(stageName)) invalid(`${path}.sources.stages`, `must not name the stage itself ("${stageName}")`);
  if (sources.stages.some((s) => s.trim() === "")) invalid(`${path}.sources.stages`, `must not contain an empty name`);
  if (!STRATEGIES.includes(sources.availabilityStrategy))
    invalid(`${path}.sources.availabilityStrategy`, `"${sources.availabilityStrategy}" must be All or OneOf`);
  if (sources.requiredSoakTime !== "" && !DURATION.test(sources.requiredSoakTime)) {
    invalid(`${path}.sources.requiredSoakTime`, `"${sources.requiredSoakTime}" is not a duration such as "1h"`);
  }
  if (sources.requiredSoakTime !== "" && parseGoDuration(sources.requiredSoakTime) === undefined) {
    invalid(`${path}.sources.requiredSoakTime`, `"${sources.requiredSoakTime}" is longer than Go's time.Duration holds (at most ${GO_DURATION_MAX})`);
  }
  const policy = sources.autoPromotionOptions?.selectionPolicy ?? "";
  if (!SELECTION_POLICIES.includes(policy))
    invalid(`${path}.sources.autoPromotionOptions.selectionPolicy`, `"${policy}" must be NewestFreight or MatchUpstream`);
  // The CRD's documented rule: Freight "currently used immediately upstream" needs one upstream.
  if (policy === "MatchUpstream" && sources.stages.length !== 1) {
    invalid(`${path}.sources.autoPromotionOptions.selectionPolicy`, `MatchUpstream needs exactly one upstream stage (it names ${sources.stages.length})`);
  }
}
