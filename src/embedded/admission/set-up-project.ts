import {
  CREATED_BY_CLAIMS_ANNOTATION,
  CREATE_ACTOR_ANNOTATION,
  PROJECT_LABEL,
  creatorAdminClaims,
  defaultProjectRoles,
  projectAdminClusterRole,
  projectAdminRoleBinding,
  type CreatorIdentity,
} from "../../domain/index.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import { createIfMissing } from "./create-if-missing.js";
import { TYPES } from "./kargo-types.js";
import { rfc3339 } from "../../util/rfc3339.js";

const TYPE_OF_KIND = {
  ServiceAccount: TYPES.serviceAccounts,
  Role: TYPES.roles,
  RoleBinding: TYPES.roleBindings,
} as const;

/**
 * What Kargo's Project webhook and management controller do once a Project is created, done at
 * once so the project is usable when the create returns:
 * 1. the Namespace of the same name, labelled `kargo.akuity.io/project: "true"` (an existing
 *    labelled one is adopted; validateProject refused the others);
 * 2. RoleBinding `kargo-project-admin` there for `kargo/kargo-api` (the API server) and
 *    `kargo/kargo-admin`, ClusterRole `kargo-project-admin` created if missing;
 * 3. the default project roles kargo-admin, kargo-viewer, kargo-promoter (defaultProjectRoles),
 *    the creator mapped as admin: claims from `kargo.akuity.io/created-by-claims` (a JSON claim
 *    map the API server may pass) or else from the `kargo.akuity.io/create-actor` annotation;
 * 4. status: condition Ready=True (reason Synced), as Kargo reports a reconciled Project.
 * Objects that already exist are kept. Returns the Project with its status.
 */
export function setUpProject(store: ObjectStore, project: KubeObject, kargoNamespace: string, now: Date): KubeObject {
  const name = project.metadata.name!;
  const namespace = store.get(TYPES.namespaces, undefined, name);
  if (!namespace) {
    store.create(TYPES.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { [PROJECT_LABEL]: "true" } } });
  }
  createIfMissing(store, TYPES.clusterRoles, projectAdminClusterRole() as KubeObject);
  createIfMissing(store, TYPES.roleBindings, projectAdminRoleBinding(name, kargoNamespace) as KubeObject);
  const adminClaims = creatorAdminClaims(creatorOf(project));
  for (const object of defaultProjectRoles(name, adminClaims ? { adminClaims } : {})) {
    createIfMissing(store, TYPE_OF_KIND[object.kind as keyof typeof TYPE_OF_KIND], object as KubeObject);
  }
  const time = rfc3339(now);
  const status = {
    ...((project["status"] as object | undefined) ?? {}),
    conditions: [
      {
        type: "Ready",
        status: "True",
        reason: "Synced",
        message: `Namespace "${name}" and the default project roles are ready`,
        observedGeneration: project.metadata.generation ?? 1,
        lastTransitionTime: time,
      },
    ],
  };
  return store.update(TYPES.projects, { ...project, status }, { subresource: "status" });
}

/** The creator's identity from the Project's annotations; malformed claims JSON is ignored. */
function creatorOf(project: KubeObject): CreatorIdentity {
  const annotations = project.metadata.annotations ?? {};
  const identity: CreatorIdentity = {};
  const actor = annotations[CREATE_ACTOR_ANNOTATION];
  if (actor) identity.actor = actor;
  const claims = annotations[CREATED_BY_CLAIMS_ANNOTATION];
  if (claims) {
    try {
      const parsed: unknown = JSON.parse(claims);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) identity.claims = parsed as Record<string, unknown>;
    } catch {
      // A malformed annotation maps nobody rather than failing an already-stored Project.
    }
  }
  return identity;
}
