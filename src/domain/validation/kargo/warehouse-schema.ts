import { invalid, type FieldError } from "../field-error.js";
import { validateSchema } from "../validate-schema.js";
import { arr, bool, int, obj, str, type ObjectSchema, type Rule, type Schema } from "../schema.js";
import { duration } from "./common.js";

const strings = (): Schema => arr(str());

// The CRD keeps subscriptions opaque (x-kubernetes-preserve-unknown-fields) so that new subscription
// types need no CRD change; Kargo's webhook checks them. These are the checks that matter for the
// three built-in types.
const builtIn: Readonly<Record<string, Schema>> = {
  git: obj(
    {
      repoURL: str({ minLength: 1 }),
      branch: str(),
      commitSelectionStrategy: str({ enum: ["NewestFromBranch", "SemVer", "Lexical", "NewestTag"] }),
      semverConstraint: str(),
      allowTags: str(),
      allowTagsRegexes: strings(),
      ignoreTags: strings(),
      ignoreTagsRegexes: strings(),
      includePaths: strings(),
      excludePaths: strings(),
      expressionFilter: str(),
      discoveryLimit: int(),
      insecureSkipTLSVerify: bool(),
      strictSemvers: bool(),
    },
    { required: ["repoURL"] },
  ),
  image: obj(
    {
      repoURL: str({ minLength: 1 }),
      imageSelectionStrategy: str({ enum: ["SemVer", "Lexical", "Digest", "NewestBuild"] }),
      constraint: str(),
      allowTags: str(),
      allowTagsRegexes: strings(),
      ignoreTags: strings(),
      ignoreTagsRegexes: strings(),
      platform: str(),
      discoveryLimit: int(),
      strictSemvers: bool(),
      insecureSkipTLSVerify: bool(),
      cacheByTag: bool(),
    },
    { required: ["repoURL"] },
  ),
  chart: obj({ repoURL: str({ minLength: 1 }), name: str(), semverConstraint: str(), discoveryLimit: int() }, { required: ["repoURL"] }),
};

/**
 * A subscription is an object with exactly one member: `git`, `image`, `chart`, or the name of a
 * generic subscription type (an object, left to the controller that knows it).
 */
const subscriptionRule: Rule = (value, path) => {
  const members = Object.keys(value).filter((k) => value[k] !== null && value[k] !== undefined);
  if (members.length !== 1) {
    return [invalid(path, value, "a subscription must have exactly one of git, image or chart (or one generic subscription type)")];
  }
  const member = members[0]!;
  const schema = builtIn[member] ?? obj({});
  return validateSchema(schema, value[member], `${path}.${member}`) as FieldError[];
};

/** Warehouse: what to watch for new artifacts, and how often. */
export const warehouseSchema: ObjectSchema = obj(
  {
    apiVersion: str(),
    kind: str(),
    spec: obj(
      {
        shard: str(),
        interval: duration("5m0s"),
        freightCreationPolicy: str({ enum: ["Automatic", "Manual"], default: "Automatic" }),
        freightCreationCriteria: obj({ expression: str() }),
        subscriptions: arr(obj({}, { rules: [subscriptionRule] }), { minItems: 1 }),
      },
      { required: ["interval", "subscriptions"] },
    ),
  },
  { required: ["spec"] },
);
