import { promotionName } from "../../../domain/promotion-name.js";
import type { Freight, FreightCollection, Stage } from "../../../domain/types.js";
import { evaluateTemplate, toText } from "../../../domain/expressions/index.js";
import type { AnalysisArgument, AnalysisRun, AnalysisSpec, AnalysisTemplate } from "../analysis/analysis-types.js";
import { promotionFunctions } from "../promotion-runner/promotion-functions.js";
import type { StageVerification } from "./verification-types.js";

/**
 * Merges templates into one AnalysisRun spec as Argo Rollouts does: metrics, args, dryRun and
 * measurementRetention of all templates together; two metrics with one name, or one argument with
 * two different values, are an error.
 */
export function mergeTemplates(templates: readonly AnalysisTemplate[]): AnalysisSpec {
  const metrics: NonNullable<AnalysisSpec["metrics"]> = [];
  const args = new Map<string, AnalysisArgument>();
  const dryRun: NonNullable<AnalysisSpec["dryRun"]> = [];
  const measurementRetention: NonNullable<AnalysisSpec["measurementRetention"]> = [];
  for (const template of templates) {
    for (const metric of template.spec?.metrics ?? []) {
      if (metrics.some((m) => m.name === metric.name)) throw new Error(`two templates define metric "${metric.name}"`);
      metrics.push(metric);
    }
    for (const arg of template.spec?.args ?? []) {
      const known = args.get(arg.name);
      if (known?.value !== undefined && arg.value !== undefined && known.value !== arg.value)
        throw new Error(`two templates give argument "${arg.name}" different values`);
      if (!known || known.value === undefined) args.set(arg.name, arg);
    }
    dryRun.push(...(template.spec?.dryRun ?? []));
    measurementRetention.push(...(template.spec?.measurementRetention ?? []));
  }
  return {
    ...(args.size ? { args: [...args.values()] } : {}),
    metrics,
    ...(dryRun.length ? { dryRun } : {}),
    ...(measurementRetention.length ? { measurementRetention } : {}),
  };
}

/**
 * The AnalysisRun that verifies a Stage's current FreightCollection, shaped as Kargo creates it:
 * named `<stage>.<ULID>.<first 7 of the collection ID>` in the Stage's namespace, labelled with
 * `kargo.akuity.io/stage` and `kargo.akuity.io/freight-collection`, annotated with the Promotion
 * that put the Freight there, owned by the Freight, plus `analysisRunMetadata`. The Stage's
 * `verification.args` (expressions allowed: `ctx.project`, `ctx.stage`, `commitFrom`,
 * `imageFrom`, `chartFrom` over the Freight) override the templates' values and must be
 * declared by a template.
 */
export function buildAnalysisRun(stage: Stage, collection: FreightCollection, templates: readonly AnalysisTemplate[], freight: Freight): AnalysisRun {
  const verification = (stage.spec?.["verification"] ?? {}) as StageVerification;
  const namespace = stage.metadata.namespace ?? "";
  const stageName = stage.metadata.name ?? "";
  const spec = mergeTemplates(templates);
  const env = { ctx: { project: namespace, stage: stageName }, ...promotionFunctions(freight) };
  for (const arg of verification.args ?? []) {
    const declared = spec.args?.find((a) => a.name === arg.name);
    if (!declared) throw new Error(`argument "${arg.name}" of the Stage's verification is not declared by its AnalysisTemplates`);
    const value = evaluateTemplate(arg.value, env);
    declared.value = typeof value === "string" ? value : toText(value);
    delete declared.valueFrom;
  }
  const lastPromotion = (stage.status?.["lastPromotion"] as { name?: string } | undefined)?.name;
  const metadata = verification.analysisRunMetadata ?? {};
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AnalysisRun",
    metadata: {
      name: promotionName(stageName, collection.id ?? ""),
      namespace,
      labels: { ...metadata.labels, "kargo.akuity.io/stage": stageName, "kargo.akuity.io/freight-collection": collection.id ?? "" },
      annotations: { ...metadata.annotations, ...(lastPromotion ? { "kargo.akuity.io/promotion": lastPromotion } : {}) },
      ownerReferences: [
        {
          apiVersion: "kargo.akuity.io/v1alpha1",
          kind: "Freight",
          name: freight.metadata.name ?? "",
          uid: freight.metadata.uid ?? "",
          blockOwnerDeletion: false,
        },
      ],
    },
    spec,
  };
}
