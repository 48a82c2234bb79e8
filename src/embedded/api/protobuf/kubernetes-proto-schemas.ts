/**
 * Protobuf field numbers of the built-in Kubernetes types this control plane accepts as protobuf
 * request bodies (from k8s.io/api and k8s.io/apimachinery generated.proto, v1.32), keyed by
 * "<apiVersion>/<kind>". Only fields a client sends on create/update are listed; status is not.
 */
import type { MessageSchema } from "./read-protobuf.js";

const ownerReference: MessageSchema = {
  1: ["kind", "string"],
  3: ["name", "string"],
  4: ["uid", "string"],
  5: ["apiVersion", "string"],
  6: ["controller", "bool"],
  7: ["blockOwnerDeletion", "bool"],
};

const objectMeta: MessageSchema = {
  1: ["name", "string"],
  2: ["generateName", "string"],
  3: ["namespace", "string"],
  5: ["uid", "string"],
  6: ["resourceVersion", "string"],
  7: ["generation", "int"],
  8: ["creationTimestamp", "time"],
  9: ["deletionTimestamp", "time"],
  10: ["deletionGracePeriodSeconds", "int"],
  11: ["labels", { map: "string" }],
  12: ["annotations", { map: "string" }],
  13: ["ownerReferences", ownerReference, "repeated"],
  14: ["finalizers", "string", "repeated"],
};

const objectReference: MessageSchema = {
  1: ["kind", "string"],
  2: ["namespace", "string"],
  3: ["name", "string"],
  4: ["uid", "string"],
  5: ["apiVersion", "string"],
  6: ["resourceVersion", "string"],
  7: ["fieldPath", "string"],
};

const policyRule: MessageSchema = {
  1: ["verbs", "string", "repeated"],
  2: ["apiGroups", "string", "repeated"],
  3: ["resources", "string", "repeated"],
  4: ["resourceNames", "string", "repeated"],
  5: ["nonResourceURLs", "string", "repeated"],
};

const labelSelector: MessageSchema = {
  1: ["matchLabels", { map: "string" }],
  2: ["matchExpressions", { 1: ["key", "string"], 2: ["operator", "string"], 3: ["values", "string", "repeated"] }, "repeated"],
};

const binding: MessageSchema = {
  1: ["metadata", objectMeta],
  2: ["subjects", { 1: ["kind", "string"], 2: ["apiGroup", "string"], 3: ["name", "string"], 4: ["namespace", "string"] }, "repeated"],
  3: ["roleRef", { 1: ["apiGroup", "string"], 2: ["kind", "string"], 3: ["name", "string"] }],
};

const resourceAttributes: MessageSchema = {
  1: ["namespace", "string"],
  2: ["verb", "string"],
  3: ["group", "string"],
  4: ["version", "string"],
  5: ["resource", "string"],
  6: ["subresource", "string"],
  7: ["name", "string"],
};

const nonResourceAttributes: MessageSchema = { 1: ["path", "string"], 2: ["verb", "string"] };

/** Message schemas by "<apiVersion>/<kind>". */
export const PROTO_SCHEMAS: Readonly<Record<string, MessageSchema>> = {
  "v1/Namespace": { 1: ["metadata", objectMeta], 2: ["spec", { 1: ["finalizers", "string", "repeated"] }] },
  "v1/ConfigMap": {
    1: ["metadata", objectMeta],
    2: ["data", { map: "string" }],
    3: ["binaryData", { map: "bytes" }],
    4: ["immutable", "bool"],
  },
  "v1/Secret": {
    1: ["metadata", objectMeta],
    2: ["data", { map: "bytes" }],
    3: ["type", "string"],
    4: ["stringData", { map: "string" }],
    5: ["immutable", "bool"],
  },
  "v1/ServiceAccount": {
    1: ["metadata", objectMeta],
    2: ["secrets", objectReference, "repeated"],
    3: ["imagePullSecrets", { 1: ["name", "string"] }, "repeated"],
    4: ["automountServiceAccountToken", "bool"],
  },
  "rbac.authorization.k8s.io/v1/Role": { 1: ["metadata", objectMeta], 2: ["rules", policyRule, "repeated"] },
  "rbac.authorization.k8s.io/v1/ClusterRole": {
    1: ["metadata", objectMeta],
    2: ["rules", policyRule, "repeated"],
    3: ["aggregationRule", { 1: ["clusterRoleSelectors", labelSelector, "repeated"] }],
  },
  "rbac.authorization.k8s.io/v1/RoleBinding": binding,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": binding,
  "authorization.k8s.io/v1/SelfSubjectAccessReview": {
    1: ["metadata", objectMeta],
    2: ["spec", { 1: ["resourceAttributes", resourceAttributes], 2: ["nonResourceAttributes", nonResourceAttributes] }],
  },
  "authorization.k8s.io/v1/SubjectAccessReview": {
    1: ["metadata", objectMeta],
    2: [
      "spec",
      {
        1: ["resourceAttributes", resourceAttributes],
        2: ["nonResourceAttributes", nonResourceAttributes],
        3: ["user", "string"],
        4: ["groups", "string", "repeated"],
        5: ["extra", { map: { 1: ["items", "string", "repeated"] } }],
        6: ["uid", "string"],
      },
    ],
  },
  "authorization.k8s.io/v1/SelfSubjectRulesReview": { 1: ["metadata", objectMeta], 2: ["spec", { 1: ["namespace", "string"] }] },
  "authentication.k8s.io/v1/SelfSubjectReview": { 1: ["metadata", objectMeta] },
  "authentication.k8s.io/v1/TokenReview": {
    1: ["metadata", objectMeta],
    2: ["spec", { 1: ["token", "string"], 2: ["audiences", "string", "repeated"] }],
  },
  "authentication.k8s.io/v1/TokenRequest": {
    1: ["metadata", objectMeta],
    2: [
      "spec",
      {
        1: ["audiences", "string", "repeated"],
        3: ["boundObjectRef", { 1: ["kind", "string"], 2: ["apiVersion", "string"], 3: ["name", "string"], 4: ["uid", "string"] }],
        4: ["expirationSeconds", "int"],
      },
    ],
  },
  "v1/DeleteOptions": {
    1: ["gracePeriodSeconds", "int"],
    2: ["preconditions", { 1: ["uid", "string"], 2: ["resourceVersion", "string"] }],
    3: ["orphanDependents", "bool"],
    4: ["propagationPolicy", "string"],
    5: ["dryRun", "string", "repeated"],
  },
};
