import { invalid, notSupported, required, type FieldError } from "../field-error.js";
import { dns1123SubdomainProblems } from "../name-rules.js";
import { arr, obj, str, type ObjectSchema, type Rule } from "../schema.js";
import { validateObjectName } from "../validate-object-name.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";

// Kubernetes' ValidateRoleBindingSubject: ServiceAccounts are in the core group and, in a
// ClusterRoleBinding, must name their namespace; Users and Groups are in the RBAC group.
const subjectShape =
  (namespaced: boolean): Rule =>
  (subject, path) => {
    const errors: FieldError[] = [];
    const name = subject["name"];
    const apiGroup = subject["apiGroup"] ?? "";
    if (name === "") errors.push(required(`${path}.name`));
    switch (subject["kind"]) {
      case "ServiceAccount":
        if (typeof name === "string" && name !== "") {
          for (const p of dns1123SubdomainProblems(name)) errors.push(invalid(`${path}.name`, name, p));
        }
        if (apiGroup !== "") errors.push(notSupported(`${path}.apiGroup`, apiGroup, [""]));
        if (!namespaced && !subject["namespace"]) errors.push(required(`${path}.namespace`));
        break;
      case "User":
      case "Group":
        if (apiGroup !== RBAC_GROUP) errors.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
        break;
    }
    return errors;
  };

// An empty name counts as missing, as in Kubernetes; a present one must be a valid path segment.
const roleRefName: Rule = (roleRef, path) => {
  const name = roleRef["name"];
  return typeof name === "string" ? validateObjectName(name, "ClusterRole", `${path}.name`) : [];
};

/** A RoleBinding (`namespaced`: may reference a Role or a ClusterRole) or a ClusterRoleBinding. */
export const roleBindingSchema = (namespaced: boolean): ObjectSchema =>
  obj(
    {
      roleRef: obj(
        {
          apiGroup: str({ enum: [RBAC_GROUP] }),
          kind: str({ enum: namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"] }),
          name: str(),
        },
        { required: ["apiGroup", "kind", "name"], rules: [roleRefName] },
      ),
      subjects: arr(
        obj(
          { kind: str({ enum: ["ServiceAccount", "User", "Group"] }), name: str(), namespace: str(), apiGroup: str() },
          { required: ["kind", "name"], rules: [subjectShape(namespaced)] },
        ),
      ),
    },
    { required: ["roleRef"] },
  );
