import { arr, bool, int, map, obj, str, any, type ObjectSchema, type Schema } from "../schema.js";
import { exactlyOneOf, forbiddenWith, requiresWithout } from "./rules.js";
import { PROMOTION_WINDOW_LIMITS } from "../../compile-promotion-window.js";

// The shapes several Kargo kinds share. Limits and enums are those of the Kargo v1.11 CRDs.

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const DNS_SUBDOMAIN_HINT = "must be a lowercase RFC 1123 subdomain (lower case alphanumerics, '-' or '.', starting and ending alphanumeric)";

/** A reference to another object by name: a DNS-1123 subdomain of 1–253 characters. */
export const objectName = (): Schema => str({ minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN, patternHint: DNS_SUBDOMAIN_HINT });

/** A name with the DNS-1123 subdomain syntax but, as in the CRD, no length limit of its own. */
export const dnsSubdomainSyntax = (): Schema => str({ pattern: DNS_SUBDOMAIN, patternHint: DNS_SUBDOMAIN_HINT });

/**
 * A Go-style duration of whole or fractional hours, minutes and seconds, such as "5m0s" or "1.5h":
 * the CRD's pattern, and (what the CRD cannot say) small enough for Go's time.Duration, since
 * Kargo's controllers could not read a larger one.
 */
export const duration = (defaultValue?: string): Schema =>
  str({
    pattern: /^([0-9]+(\.[0-9]+)?(s|m|h))+$/,
    patternHint: 'must be a duration such as "90s", "5m0s" or "1h30m"',
    format: "go-duration",
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  });

/** A `{name, value}` variable usable in expressions; the name is an identifier. */
export const expressionVariable = (): Schema =>
  obj(
    {
      name: str({ minLength: 1, pattern: /^[a-zA-Z_]\w*$/, patternHint: "must be an identifier: a letter or '_', then letters, digits or '_'" }),
      value: str(),
    },
    { required: ["name"] },
  );

/** Where Freight comes from; v1.11 knows only Warehouses. */
export const freightOrigin = (): Schema => obj({ kind: str({ enum: ["Warehouse"] }), name: str() }, { required: ["kind", "name"] });

const stepMembers = {
  uses: str({ minLength: 1 }),
  task: obj({ kind: str({ enum: ["PromotionTask", "ClusterPromotionTask"] }), name: objectName() }, { required: ["name"] }),
  as: str(),
  if: str(),
  continueOnError: bool(),
  // The CRD has no pattern here; Kubernetes decodes the field as a metav1.Duration, i.e. with Go's time.ParseDuration.
  retry: obj({ errorThreshold: int({ format: "int32" }), timeout: str({ format: "go-duration" }) }),
  vars: arr(expressionVariable()),
  config: any(),
};

/** A step of a Stage's promotion template: it either `uses` a step runner or references a `task`. */
export const templateStep = (): ObjectSchema =>
  obj(stepMembers, {
    rules: [
      exactlyOneOf(["uses", "task"], "PromotionTemplate step must have exactly one of uses or task set"),
      forbiddenWith("task", "continueOnError", "PromotionTemplate step referencing a task cannot set continueOnError"),
      forbiddenWith("task", "retry", "PromotionTemplate step referencing a task cannot set retry"),
    ],
  });

/** A step that must `use` a step runner (Promotion steps are already expanded; tasks cannot nest). */
export const runnerStep = (message: string): ObjectSchema => obj(stepMembers, { rules: [requiresWithout("uses", ["task"], message)] });

/** A metav1.LabelSelector, plus the Kargo selector's `name` (exact, glob or regex). */
export const labelSelector = (): Schema =>
  obj({
    name: str(),
    matchLabels: map(str()),
    matchExpressions: arr(obj({ key: str(), operator: str(), values: arr(str()) }, { required: ["key", "operator"] })),
  });

/**
 * The promotion windows of a ProjectConfig (`projectSelector`: false) or ClusterConfig, with the
 * bounds of PROMOTION_WINDOW_LIMITS (the evaluator parses dtstart, dtend and rrule).
 */
export const promotionWindows = (projectSelector: boolean): Schema =>
  arr(
    obj(
      {
        name: str({ minLength: 1, maxLength: 253 }),
        kind: str({ enum: ["Allow", "Deny"] }),
        description: str({ maxLength: 1024 }),
        disabled: bool(),
        stageSelector: labelSelector(),
        ...(projectSelector ? { projectSelector: labelSelector() } : {}),
        rrule: str({ maxLength: PROMOTION_WINDOW_LIMITS.rruleLength }),
        dtstart: str({ minLength: 1, maxLength: PROMOTION_WINDOW_LIMITS.dateTimeLength }),
        dtend: str({ minLength: 1, maxLength: PROMOTION_WINDOW_LIMITS.dateTimeLength }),
      },
      { required: ["name", "kind", "dtstart", "dtend"] },
    ),
    { maxItems: PROMOTION_WINDOW_LIMITS.windows },
  );

/** A UI link template, in ProjectConfig and ClusterConfig. */
export const link = (): Schema =>
  obj({ title: str({ minLength: 1 }), url: str({ minLength: 1 }), description: str(), if: str() }, { required: ["title", "url"] });

const secretRef = (): Schema => obj({ name: str({ default: "" }) });
const provider = (): Schema => obj({ secretRef: secretRef() }, { required: ["secretRef"] });

/** A webhook receiver: a name and one provider configuration, each naming its Secret. */
export const webhookReceiver = (): Schema =>
  obj(
    {
      name: objectName(),
      artifactory: obj({ secretRef: secretRef(), virtualRepoName: str() }, { required: ["secretRef"] }),
      azure: provider(),
      bitbucket: provider(),
      dockerhub: provider(),
      gitea: provider(),
      github: provider(),
      gitlab: provider(),
      harbor: provider(),
      quay: provider(),
      generic: obj(
        {
          secretRef: secretRef(),
          actions: arr(
            obj(
              {
                action: str({ enum: ["Refresh"] }),
                whenExpression: str(),
                parameters: map(str()),
                targetSelectionCriteria: arr(
                  obj(
                    {
                      kind: str({ enum: ["Warehouse"] }),
                      name: str(),
                      labelSelector: labelSelector(),
                      indexSelector: obj({
                        matchIndices: arr(
                          obj(
                            { key: str({ enum: ["subscribedURLs", "receiverPaths"] }), operator: str(), value: str() },
                            { required: ["key", "operator", "value"] },
                          ),
                          { minItems: 1 },
                        ),
                      }),
                    },
                    { required: ["kind"] },
                  ),
                  { minItems: 1 },
                ),
              },
              { required: ["action"] },
            ),
            { minItems: 1 },
          ),
        },
        { required: ["secretRef"] },
      ),
    },
    { required: ["name"] },
  );
