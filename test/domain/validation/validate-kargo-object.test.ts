import type { FieldErrorReason } from "../../../src/domain/validation/field-error.js";
import { validateKargoObject } from "../../../src/domain/validation/validate-kargo-object.js";
import * as fx from "./fixtures.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
/** A deep copy of `fixture` changed by `change`. */
const changed = (fixture: object, change: (o: Any) => void): Any => {
  const copy = structuredClone(fixture);
  change(copy);
  return copy;
};
const longName = "a".repeat(254);

describe("validateKargoObject", () => {
  describe("with valid objects", () => {
    it.each(fx.validObjects)("accepts the %s fixture", (resource, object) => {
      expect(validateKargoObject(resource, object)).toEqual([]);
    });

    it.each<[string, string, object]>([
      [
        "a Warehouse without interval or policy (defaulted)",
        "warehouses",
        changed(fx.warehouse, (o) => {
          delete o.spec.interval;
          delete o.spec.freightCreationPolicy;
        }),
      ],
      [
        "a generic Warehouse subscription",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions = [{ customRegistry: { name: "x", config: { a: 1 } } }];
        }),
      ],
      [
        "unknown fields anywhere",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.futureField = { x: 1 };
          o.spec.requestedFreight[0].sources.newOption = true;
          o.extra = 1;
        }),
      ],
      [
        "null for optional fields",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.shard = null;
          o.spec.verification = null;
        }),
      ],
      [
        "a Stage with direct Freight only",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight[0].sources = { direct: true };
        }),
      ],
      [
        "a Stage without a promotion template",
        "stages",
        changed(fx.stage, (o) => {
          delete o.spec.promotionTemplate;
        }),
      ],
      [
        "a Promotion by origin instead of Freight name",
        "promotions",
        changed(fx.promotion, (o) => {
          delete o.spec.freight;
          o.spec.origin = { kind: "Warehouse", name: "kargo-demo" };
        }),
      ],
      [
        "every Promotion phase",
        "promotions",
        changed(fx.promotion, (o) => {
          o.status.phase = "Errored";
        }),
      ],
      [
        "a Project with a legacy spec",
        "projects",
        changed(fx.project, (o) => {
          o.spec = { promotionPolicies: [{ stage: "x" }] };
        }),
      ],
      [
        "the longest interval Go's time.Duration holds",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.interval = "2562047h47m16.854775807s";
        }),
      ],
      [
        "a step timeout in Go's full duration grammar",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.steps[1].retry.timeout = "1m30.5s250ms";
        }),
      ],
      ["an empty ProjectConfig", "projectconfigs", { apiVersion: "kargo.akuity.io/v1alpha1", kind: "ProjectConfig", metadata: {} }],
    ])("accepts %s", (_, resource, object) => {
      expect(validateKargoObject(resource, object)).toEqual([]);
    });

    it("has no checks for resources that are not Kargo's", () => {
      expect(validateKargoObject("secrets", { data: 42 })).toEqual([]);
    });
  });

  describe("with invalid objects", () => {
    it.each<[string, string, object, string, FieldErrorReason]>([
      // Warehouse
      [
        "spec missing",
        "warehouses",
        changed(fx.warehouse, (o) => {
          delete o.spec;
        }),
        "spec",
        "FieldValueRequired",
      ],
      [
        "subscriptions missing",
        "warehouses",
        changed(fx.warehouse, (o) => {
          delete o.spec.subscriptions;
        }),
        "spec.subscriptions",
        "FieldValueRequired",
      ],
      [
        "no subscriptions",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions = [];
        }),
        "spec.subscriptions",
        "FieldValueInvalid",
      ],
      [
        "a subscription with git and image",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions[0].git = { repoURL: "https://x" };
        }),
        "spec.subscriptions[0]",
        "FieldValueInvalid",
      ],
      [
        "an empty subscription",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions[1] = {};
        }),
        "spec.subscriptions[1]",
        "FieldValueInvalid",
      ],
      [
        "a subscription that is not an object",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions[0] = "git";
        }),
        "spec.subscriptions[0]",
        "FieldValueTypeInvalid",
      ],
      [
        "git without repoURL",
        "warehouses",
        changed(fx.warehouse, (o) => {
          delete o.spec.subscriptions[1].git.repoURL;
        }),
        "spec.subscriptions[1].git.repoURL",
        "FieldValueRequired",
      ],
      [
        "git repoURL of the wrong type",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions[1].git.repoURL = 42;
        }),
        "spec.subscriptions[1].git.repoURL",
        "FieldValueTypeInvalid",
      ],
      [
        "an unknown commit selection strategy",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions[1].git.commitSelectionStrategy = "Newest";
        }),
        "spec.subscriptions[1].git.commitSelectionStrategy",
        "FieldValueNotSupported",
      ],
      [
        "an unknown image selection strategy",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions[0].image.imageSelectionStrategy = "Latest";
        }),
        "spec.subscriptions[0].image.imageSelectionStrategy",
        "FieldValueNotSupported",
      ],
      [
        "chart without repoURL",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions[2].chart = { name: "demo" };
        }),
        "spec.subscriptions[2].chart.repoURL",
        "FieldValueRequired",
      ],
      [
        "a generic subscription that is not an object",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions[0] = { custom: "x" };
        }),
        "spec.subscriptions[0].custom",
        "FieldValueTypeInvalid",
      ],
      [
        "an interval that is not a duration",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.interval = "5 minutes";
        }),
        "spec.interval",
        "FieldValueInvalid",
      ],
      [
        "an interval past Go's time.Duration",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.interval = "99999999999h";
        }),
        "spec.interval",
        "FieldValueInvalid",
      ],
      [
        "an unknown freight creation policy",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.freightCreationPolicy = "Sometimes";
        }),
        "spec.freightCreationPolicy",
        "FieldValueNotSupported",
      ],
      // Stage
      [
        "spec that is not an object",
        "stages",
        changed(fx.stage, (o) => {
          o.spec = [];
        }),
        "spec",
        "FieldValueTypeInvalid",
      ],
      [
        "requestedFreight missing",
        "stages",
        changed(fx.stage, (o) => {
          delete o.spec.requestedFreight;
        }),
        "spec.requestedFreight",
        "FieldValueRequired",
      ],
      [
        "requestedFreight empty",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight = [];
        }),
        "spec.requestedFreight",
        "FieldValueInvalid",
      ],
      [
        "requested Freight without origin",
        "stages",
        changed(fx.stage, (o) => {
          delete o.spec.requestedFreight[0].origin;
        }),
        "spec.requestedFreight[0].origin",
        "FieldValueRequired",
      ],
      [
        "an origin of another kind",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight[0].origin.kind = "Stage";
        }),
        "spec.requestedFreight[0].origin.kind",
        "FieldValueNotSupported",
      ],
      [
        "an origin without name",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight[0].origin.name = null;
        }),
        "spec.requestedFreight[0].origin.name",
        "FieldValueRequired",
      ],
      [
        "requested Freight without sources",
        "stages",
        changed(fx.stage, (o) => {
          delete o.spec.requestedFreight[0].sources;
        }),
        "spec.requestedFreight[0].sources",
        "FieldValueRequired",
      ],
      [
        "sources naming no source",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight[0].sources = { direct: false, stages: [] };
        }),
        "spec.requestedFreight[0].sources",
        "FieldValueInvalid",
      ],
      [
        "an unknown availability strategy",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight[0].sources.availabilityStrategy = "Any";
        }),
        "spec.requestedFreight[0].sources.availabilityStrategy",
        "FieldValueNotSupported",
      ],
      [
        "a soak time in days",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight[0].sources.requiredSoakTime = "1d";
        }),
        "spec.requestedFreight[0].sources.requiredSoakTime",
        "FieldValueInvalid",
      ],
      [
        "a soak time past Go's time.Duration",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight[0].sources.requiredSoakTime = "2562048h";
        }),
        "spec.requestedFreight[0].sources.requiredSoakTime",
        "FieldValueInvalid",
      ],
      [
        "a template step timeout that is not a duration",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps[1].retry.timeout = "ten minutes";
        }),
        "spec.promotionTemplate.spec.steps[1].retry.timeout",
        "FieldValueInvalid",
      ],
      [
        "a template step timeout past Go's time.Duration",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps[1].retry.timeout = "9223372036854775808ns";
        }),
        "spec.promotionTemplate.spec.steps[1].retry.timeout",
        "FieldValueInvalid",
      ],
      [
        "an unknown selection policy",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.requestedFreight[0].sources.autoPromotionOptions.selectionPolicy = "Oldest";
        }),
        "spec.requestedFreight[0].sources.autoPromotionOptions.selectionPolicy",
        "FieldValueNotSupported",
      ],
      [
        "a template step with uses and task",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps[0].uses = "git-clone";
        }),
        "spec.promotionTemplate.spec.steps[0]",
        "FieldValueInvalid",
      ],
      [
        "a template step with neither uses nor task",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps[1] = { as: "x" };
        }),
        "spec.promotionTemplate.spec.steps[1]",
        "FieldValueInvalid",
      ],
      [
        "a task step with retry",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps[0].retry = { errorThreshold: 1 };
        }),
        "spec.promotionTemplate.spec.steps[0].retry",
        "FieldValueForbidden",
      ],
      [
        "a task step with continueOnError",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps[0].continueOnError = true;
        }),
        "spec.promotionTemplate.spec.steps[0].continueOnError",
        "FieldValueForbidden",
      ],
      [
        "a task name that is not a DNS name",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps[0].task.name = "Demo_Process";
        }),
        "spec.promotionTemplate.spec.steps[0].task.name",
        "FieldValueInvalid",
      ],
      [
        "an unknown task kind",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps[0].task.kind = "Task";
        }),
        "spec.promotionTemplate.spec.steps[0].task.kind",
        "FieldValueNotSupported",
      ],
      [
        "a template without spec",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate = {};
        }),
        "spec.promotionTemplate.spec",
        "FieldValueRequired",
      ],
      [
        "a template with no steps",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.promotionTemplate.spec.steps = [];
        }),
        "spec.promotionTemplate.spec.steps",
        "FieldValueInvalid",
      ],
      [
        "a variable name that is not an identifier",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.vars[0].name = "1st";
        }),
        "spec.vars[0].name",
        "FieldValueInvalid",
      ],
      [
        "a variable without name",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.vars[0] = { value: "x" };
        }),
        "spec.vars[0].name",
        "FieldValueRequired",
      ],
      [
        "a null list item",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.vars[0] = null;
        }),
        "spec.vars[0]",
        "FieldValueTypeInvalid",
      ],
      [
        "an unknown analysis template kind",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.verification.analysisTemplates[0].kind = "Template";
        }),
        "spec.verification.analysisTemplates[0].kind",
        "FieldValueNotSupported",
      ],
      [
        "a verification arg without value",
        "stages",
        changed(fx.stage, (o) => {
          delete o.spec.verification.args[0].value;
        }),
        "spec.verification.args[0].value",
        "FieldValueRequired",
      ],
      [
        "a non-string analysis label",
        "stages",
        changed(fx.stage, (o) => {
          o.spec.verification.analysisRunMetadata.labels.app = 1;
        }),
        "spec.verification.analysisRunMetadata.labels[app]",
        "FieldValueTypeInvalid",
      ],
      // Freight
      [
        "Freight without origin",
        "freights",
        changed(fx.freight, (o) => {
          delete o.origin;
        }),
        "origin",
        "FieldValueRequired",
      ],
      [
        "a Freight origin of another kind",
        "freights",
        changed(fx.freight, (o) => {
          o.origin.kind = "Stage";
        }),
        "origin.kind",
        "FieldValueNotSupported",
      ],
      [
        "a discoveredAt that is not a date-time",
        "freights",
        changed(fx.freight, (o) => {
          o.discoveredAt = "yesterday";
        }),
        "discoveredAt",
        "FieldValueInvalid",
      ],
      [
        "an image tag of the wrong type",
        "freights",
        changed(fx.freight, (o) => {
          o.images[0].tag = 1.29;
        }),
        "images[0].tag",
        "FieldValueTypeInvalid",
      ],
      [
        "an artifact without version",
        "freights",
        changed(fx.freight, (o) => {
          delete o.artifacts[0].version;
        }),
        "artifacts[0].version",
        "FieldValueRequired",
      ],
      [
        "images that are not a list",
        "freights",
        changed(fx.freight, (o) => {
          o.images = { repoURL: "x" };
        }),
        "images",
        "FieldValueTypeInvalid",
      ],
      // Promotion
      [
        "Promotion without stage",
        "promotions",
        changed(fx.promotion, (o) => {
          delete o.spec.stage;
        }),
        "spec.stage",
        "FieldValueRequired",
      ],
      [
        "Promotion with freight and origin",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.origin = { kind: "Warehouse", name: "w" };
        }),
        "spec",
        "FieldValueInvalid",
      ],
      [
        "Promotion with neither freight nor origin",
        "promotions",
        changed(fx.promotion, (o) => {
          delete o.spec.freight;
        }),
        "spec",
        "FieldValueInvalid",
      ],
      [
        "a Promotion step referencing a task",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.steps[0] = { task: { name: "t" } };
        }),
        "spec.steps[0]",
        "FieldValueInvalid",
      ],
      [
        "a Promotion without steps",
        "promotions",
        changed(fx.promotion, (o) => {
          delete o.spec.steps;
        }),
        "spec.steps",
        "FieldValueRequired",
      ],
      [
        "a stage name longer than 253",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.stage = longName;
        }),
        "spec.stage",
        "FieldValueTooLong",
      ],
      [
        "an empty stage name",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.stage = "";
        }),
        "spec.stage",
        "FieldValueInvalid",
      ],
      [
        "an unknown phase",
        "promotions",
        changed(fx.promotion, (o) => {
          o.status.phase = "Done";
        }),
        "status.phase",
        "FieldValueNotSupported",
      ],
      [
        "an errorThreshold that is a string",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.steps[1].retry.errorThreshold = "3";
        }),
        "spec.steps[1].retry.errorThreshold",
        "FieldValueTypeInvalid",
      ],
      [
        "an errorThreshold past int32",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.steps[1].retry.errorThreshold = 2 ** 31;
        }),
        "spec.steps[1].retry.errorThreshold",
        "FieldValueInvalid",
      ],
      [
        "a step timeout past Go's time.Duration",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.steps[1].retry.timeout = "99999999999h";
        }),
        "spec.steps[1].retry.timeout",
        "FieldValueInvalid",
      ],
      [
        "a continueOnError that is not a boolean",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.steps[1].continueOnError = "yes";
        }),
        "spec.steps[1].continueOnError",
        "FieldValueTypeInvalid",
      ],
      // PromotionTask and ClusterPromotionTask
      [
        "a PromotionTask without steps",
        "promotiontasks",
        changed(fx.promotionTask, (o) => {
          delete o.spec.steps;
        }),
        "spec.steps",
        "FieldValueRequired",
      ],
      [
        "a PromotionTask step with empty uses",
        "promotiontasks",
        changed(fx.promotionTask, (o) => {
          o.spec.steps[1].uses = "";
        }),
        "spec.steps[1].uses",
        "FieldValueInvalid",
      ],
      [
        "a PromotionTask step referencing a task",
        "promotiontasks",
        changed(fx.promotionTask, (o) => {
          o.spec.steps[0].task = { name: "other" };
        }),
        "spec.steps[0]",
        "FieldValueInvalid",
      ],
      [
        "a ClusterPromotionTask step referencing a task",
        "clusterpromotiontasks",
        changed(fx.clusterPromotionTask, (o) => {
          o.spec.steps[0] = { task: { name: "other", kind: "ClusterPromotionTask" } };
        }),
        "spec.steps[0]",
        "FieldValueInvalid",
      ],
      [
        "a PromotionTask step timeout past Go's time.Duration",
        "promotiontasks",
        changed(fx.promotionTask, (o) => {
          o.spec.steps[0].retry = { timeout: "3000000h" };
        }),
        "spec.steps[0].retry.timeout",
        "FieldValueInvalid",
      ],
      [
        "a ClusterPromotionTask step timeout that is not a duration",
        "clusterpromotiontasks",
        changed(fx.clusterPromotionTask, (o) => {
          o.spec.steps[0].retry = { timeout: "1d" };
        }),
        "spec.steps[0].retry.timeout",
        "FieldValueInvalid",
      ],
      [
        "a ClusterPromotionTask without spec",
        "clusterpromotiontasks",
        changed(fx.clusterPromotionTask, (o) => {
          delete o.spec;
        }),
        "spec",
        "FieldValueRequired",
      ],
      // ProjectConfig
      [
        "a policy with stage and stageSelector",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.promotionPolicies[0].stageSelector = {};
        }),
        "spec.promotionPolicies[0]",
        "FieldValueInvalid",
      ],
      [
        "a policy with neither stage nor stageSelector",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          delete o.spec.promotionPolicies[0].stage;
        }),
        "spec.promotionPolicies[0]",
        "FieldValueInvalid",
      ],
      [
        "a policy stage that is not a DNS name",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.promotionPolicies[0].stage = "Test";
        }),
        "spec.promotionPolicies[0].stage",
        "FieldValueInvalid",
      ],
      [
        "an onPromotion trigger of verification",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.promotionPolicies[1].autoRollback.onPromotion = ["Error"];
        }),
        "spec.promotionPolicies[1].autoRollback.onPromotion[0]",
        "FieldValueNotSupported",
      ],
      [
        "an onVerification trigger of promotion",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.promotionPolicies[1].autoRollback.onVerification = ["Errored"];
        }),
        "spec.promotionPolicies[1].autoRollback.onVerification[0]",
        "FieldValueNotSupported",
      ],
      [
        "a repeated rollback trigger",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.promotionPolicies[1].autoRollback.onPromotion = ["Failed", "Failed"];
        }),
        "spec.promotionPolicies[1].autoRollback.onPromotion[1]",
        "FieldValueDuplicate",
      ],
      [
        "a selector expression without operator",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          delete o.spec.promotionPolicies[1].stageSelector.matchExpressions[0].operator;
        }),
        "spec.promotionPolicies[1].stageSelector.matchExpressions[0].operator",
        "FieldValueRequired",
      ],
      [
        "a webhook receiver without name",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          delete o.spec.webhookReceivers[0].name;
        }),
        "spec.webhookReceivers[0].name",
        "FieldValueRequired",
      ],
      [
        "a provider without secretRef",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.webhookReceivers[0].github = {};
        }),
        "spec.webhookReceivers[0].github.secretRef",
        "FieldValueRequired",
      ],
      [
        "an unknown generic action",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.webhookReceivers[1].generic.actions[0].action = "Promote";
        }),
        "spec.webhookReceivers[1].generic.actions[0].action",
        "FieldValueNotSupported",
      ],
      [
        "a generic target of another kind",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.webhookReceivers[1].generic.actions[0].targetSelectionCriteria[0].kind = "Stage";
        }),
        "spec.webhookReceivers[1].generic.actions[0].targetSelectionCriteria[0].kind",
        "FieldValueNotSupported",
      ],
      [
        "a link with an empty url",
        "projectconfigs",
        changed(fx.projectConfig, (o) => {
          o.spec.stageLinks[0].url = "";
        }),
        "spec.stageLinks[0].url",
        "FieldValueInvalid",
      ],
      // ClusterConfig
      [
        "a git email that is not an email",
        "clusterconfigs",
        changed(fx.clusterConfig, (o) => {
          o.spec.gitClient.email = "kargo";
        }),
        "spec.gitClient.email",
        "FieldValueInvalid",
      ],
      [
        "a git client without name",
        "clusterconfigs",
        changed(fx.clusterConfig, (o) => {
          delete o.spec.gitClient.name;
        }),
        "spec.gitClient.name",
        "FieldValueRequired",
      ],
      [
        "a link without title",
        "clusterconfigs",
        changed(fx.clusterConfig, (o) => {
          delete o.spec.freightLinks[0].title;
        }),
        "spec.freightLinks[0].title",
        "FieldValueRequired",
      ],
      // Any kind
      [
        "a kind that is not a string",
        "projects",
        changed(fx.project, (o) => {
          o.kind = 7;
        }),
        "kind",
        "FieldValueTypeInvalid",
      ],
    ])("reports %s", (_, resource, object, field, reason) => {
      expect(validateKargoObject(resource, object)).toEqual([expect.objectContaining({ field, reason })]);
    });

    it("reports three rollback triggers as too many (and the repeat)", () => {
      const object = changed(fx.projectConfig, (o) => {
        o.spec.promotionPolicies[1].autoRollback.onVerification = ["Failed", "Error", "Failed"];
      });
      expect(validateKargoObject("projectconfigs", object)).toEqual([
        {
          field: "spec.promotionPolicies[1].autoRollback.onVerification",
          reason: "FieldValueTooMany",
          message: "Too many: 3: must have at most 2 items",
        },
        { field: "spec.promotionPolicies[1].autoRollback.onVerification[2]", reason: "FieldValueDuplicate", message: 'Duplicate value: "Failed"' },
      ]);
    });

    it("reports an object that is not an object", () => {
      expect(validateKargoObject("stages", "stage")).toEqual([
        { field: "", reason: "FieldValueTypeInvalid", message: 'Invalid value: "string": must be of type object' },
      ]);
    });

    it("reports every problem, not just the first", () => {
      const object = changed(fx.stage, (o) => {
        o.spec.requestedFreight[0].origin.kind = "Stage";
        o.spec.vars[0].name = "";
      });
      expect(validateKargoObject("stages", object).map((e) => e.field)).toEqual(["spec.vars[0].name", "spec.requestedFreight[0].origin.kind"]);
    });
  });

  describe("messages", () => {
    it.each<[string, string, object, string]>([
      [
        "required",
        "freights",
        changed(fx.freight, (o) => {
          delete o.origin;
        }),
        "Required value",
      ],
      [
        "enum",
        "freights",
        changed(fx.freight, (o) => {
          o.origin.kind = "Stage";
        }),
        'Unsupported value: "Stage": supported values: "Warehouse"',
      ],
      [
        "type",
        "freights",
        changed(fx.freight, (o) => {
          o.alias = 5;
        }),
        'Invalid value: "integer": must be of type string',
      ],
      [
        "too long",
        "promotions",
        changed(fx.promotion, (o) => {
          o.spec.stage = longName;
        }),
        "Too long: may not be more than 253 characters",
      ],
      [
        "min items",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.subscriptions = [];
        }),
        "Invalid value: 0: should have at least 1 items",
      ],
      [
        "CEL rule",
        "promotions",
        changed(fx.promotion, (o) => {
          delete o.spec.freight;
        }),
        'Invalid value: "object": exactly one of freight or origin must be set',
      ],
      [
        "pattern",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.interval = "5 minutes";
        }),
        'Invalid value: "5 minutes": must be a duration such as "90s", "5m0s" or "1h30m"',
      ],
      [
        "duration range",
        "warehouses",
        changed(fx.warehouse, (o) => {
          o.spec.interval = "99999999999h";
        }),
        'Invalid value: "99999999999h": must be a Go duration such as "90s" or "1h30m", at most 2562047h47m16.854775807s',
      ],
    ])("explains a %s problem as Kubernetes words it", (_, resource, object, message) => {
      expect(validateKargoObject(resource, object)[0]?.message).toBe(message);
    });
  });
});
