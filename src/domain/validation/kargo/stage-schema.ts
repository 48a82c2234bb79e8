import { invalid } from "../field-error.js";
import { arr, bool, map, obj, str, type ObjectSchema, type Rule } from "../schema.js";
import { duration, expressionVariable, freightOrigin, templateStep } from "./common.js";

// Freight with no source could never reach the Stage; Kargo's webhook rejects it, and so do we.
const someSource: Rule = (sources, path) => {
  const stages = sources["stages"];
  return sources["direct"] === true || (Array.isArray(stages) && stages.length > 0)
    ? []
    : [invalid(path, sources, "must set direct: true or list at least one upstream stage")];
};

/** Stage: which Freight it requests from where, how it promotes, and how it verifies. */
export const stageSchema: ObjectSchema = obj(
  {
    apiVersion: str(),
    kind: str(),
    spec: obj(
      {
        shard: str(),
        vars: arr(expressionVariable()),
        requestedFreight: arr(
          obj(
            {
              origin: freightOrigin(),
              sources: obj(
                {
                  direct: bool(),
                  stages: arr(str()),
                  requiredSoakTime: duration(),
                  availabilityStrategy: str({ enum: ["All", "OneOf", ""] }),
                  autoPromotionOptions: obj({ selectionPolicy: str({ enum: ["NewestFreight", "MatchUpstream"] }) }),
                },
                { rules: [someSource] },
              ),
            },
            { required: ["origin", "sources"] },
          ),
          { minItems: 1 },
        ),
        promotionTemplate: obj({ spec: obj({ vars: arr(expressionVariable()), steps: arr(templateStep(), { minItems: 1 }) }) }, { required: ["spec"] }),
        verification: obj({
          analysisTemplates: arr(obj({ name: str(), kind: str({ enum: ["AnalysisTemplate", "ClusterAnalysisTemplate"] }) }, { required: ["name"] })),
          analysisRunMetadata: obj({ labels: map(str()), annotations: map(str()) }),
          args: arr(obj({ name: str(), value: str() }, { required: ["name", "value"] })),
        }),
      },
      { required: ["requestedFreight"] },
    ),
  },
  { required: ["spec"] },
);
