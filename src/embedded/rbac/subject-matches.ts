import { SERVICE_ACCOUNT_USERNAME_PREFIX } from "./service-account-user.js";
import type { Subject, UserInfo } from "./types.js";

/**
 * True when a binding subject names `user`: a User by username, a Group by membership, a
 * ServiceAccount by its `system:serviceaccount:<ns>:<name>` username. As in Kubernetes, a
 * ServiceAccount subject without a namespace means the binding's own namespace (and matches nothing
 * in a ClusterRoleBinding, which has none). Unknown kinds match nothing.
 */
export function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  switch (subject.kind) {
    case "User":
      return subject.name === user.username;
    case "Group":
      return user.groups.includes(subject.name);
    case "ServiceAccount": {
      const namespace = subject.namespace || bindingNamespace;
      if (!namespace || !subject.name) return false;
      return user.username === `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}
