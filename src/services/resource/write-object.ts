import { Code } from "@connectrpc/connect";
import { actorFor } from "../../auth/actor-for.js";
import type { Identity } from "../../auth/identity.js";
import { CREATE_ACTOR_ANNOTATION, CREATED_BY_CLAIMS_ANNOTATION } from "../../domain/well-known-keys.js";
import { RESOURCES, type KubeObject } from "../../kube/index.js";
import type { Freight, Stage } from "../../domain/types.js";
import { assertPromotionWindowOpen } from "../promotion/assert-promotion-window-open.js";
import { freightCreatedEvent } from "../../domain/freight-created-event.js";
import { kargoEvent } from "../../domain/kargo-event.js";
import { recordEvent } from "../freight/record-event.js";
import type { ApplyCall } from "./apply-call.js";
import type { ManifestObject } from "./manifest-object.js";
import { projectNamespaceReady } from "./project-setup.js";
import { refuseTokenSecretChange } from "./refuse-token-secret-change.js";
import { creatorClaims } from "../../auth/creator-claims.js";
import { KARGO_GROUP } from "../../domain/kind-catalogue.js";
import { hasCode, retryOnConflict } from "../common/index.js";

const DEFAULT_PROJECT_SETUP_MS = 10_000;

/**
 * Creates the object as given, after waiting for its namespace when that is a Project created
 * earlier in this call. Projects and Promotions get `kargo.akuity.io/create-actor` = the caller
 * (overwriting any value in the manifest, as Kargo does: it is a record, not an input); a Project
 * of an OIDC user also `kargo.akuity.io/created-by-claims`, as CreateProject sets it, so the
 * creator becomes the project's admin. A Promotion is refused while its Stage's promotion windows
 * are closed (FAILED_PRECONDITION, as PromoteToStage). Freight gets the FreightCreated Event CreateFreight records
 * (Kargo's CreateResource emits it too).
 */
export async function createObject(call: ApplyCall, object: ManifestObject): Promise<KubeObject> {
  await projectNamespaceReady(call, object.namespace);
  const body = withCreateActor(object, call.identity);
  if (isPromotion(object)) await assertManifestPromotionWindowOpen(call, object);
  const created = await call.deps.kube.create(object.type, body, { signal: call.signal });
  if (object.type.group === KARGO_GROUP && object.type.kind === RESOURCES.freights.kind) {
    await recordEvent(call.deps, kargoEvent(freightCreatedEvent(created as unknown as Freight, actorFor(call.identity))));
  }
  if (isProject(object)) {
    call.projectsCreated.set(created.metadata.name ?? object.name, Date.now() + (call.deps.projectSetupTimeoutMs ?? DEFAULT_PROJECT_SETUP_MS));
  }
  return created;
}

/**
 * Replaces the stored object with the manifest's (HTTP PUT — `kubectl replace` semantics: fields
 * absent from the manifest are removed; the status of kinds with a status subresource is kept by
 * the API). Without metadata.resourceVersion in the manifest the stored one is used (custom
 * resources refuse unconditional updates), re-read and retried when something else wrote the
 * object in between; with one, a stale version is ABORTED. A ServiceAccount token Secret is never
 * replaced (FAILED_PRECONDITION, refuse-token-secret-change.ts). The create-actor
 * annotation of a Project or Promotion is kept as stored: a replace must neither erase nor forge
 * who created it. NOT_FOUND when the object does not exist.
 */
export async function replaceObject(call: ApplyCall, object: ManifestObject): Promise<KubeObject> {
  refuseTokenSecretChange(object);
  const pinned = object.object.metadata?.resourceVersion;
  // Without a version of the user's own, "replace what is stored now" is the intent: a controller
  // writing status in between (which moves resourceVersion) is no conflict of theirs, so read again
  // and retry a few times rather than answer ABORTED.
  return pinned ? replaceOnce(call, object) : retryOnConflict(() => replaceOnce(call, object));
}

async function replaceOnce(call: ApplyCall, object: ManifestObject): Promise<KubeObject> {
  const ref = { name: object.name, ...(object.namespace !== undefined ? { namespace: object.namespace } : {}) };
  const stored = await call.deps.kube.get(object.type, ref, { signal: call.signal });
  refuseTokenSecretChange(object, stored);
  const metadata = { ...object.object.metadata };
  metadata.resourceVersion = metadata.resourceVersion || stored.metadata.resourceVersion;
  if (isProject(object) || isPromotion(object)) {
    const annotations = { ...(metadata.annotations ?? {}) };
    const storedActor = stored.metadata.annotations?.[CREATE_ACTOR_ANNOTATION];
    if (storedActor !== undefined) annotations[CREATE_ACTOR_ANNOTATION] = storedActor;
    else delete annotations[CREATE_ACTOR_ANNOTATION];
    metadata.annotations = annotations;
  }
  // Validated up front for the manifest (refuse-invalid-object.ts) and again by the client on this body.
  return call.deps.kube.replace(object.type, { ...object.object, metadata }, { signal: call.signal });
}

/**
 * Deletes the object; NOT_FOUND when it does not exist — except the Namespace of a Project this
 * call deleted: the Project's deletion removes its namespace (Kargo's, and the embedded control
 * plane's, behaviour), so the manifest's intent is met and the Namespace counts as deleted.
 */
export async function deleteObject(call: ApplyCall, object: ManifestObject): Promise<void> {
  const ref = { name: object.name, ...(object.namespace !== undefined ? { namespace: object.namespace } : {}) };
  try {
    await call.deps.kube.delete(object.type, ref, { signal: call.signal });
  } catch (error) {
    const namespaceOfDeletedProject = object.type.group === "" && object.type.kind === "Namespace" && call.projectsDeleted.has(object.name);
    if (!namespaceOfDeletedProject || !hasCode(error, Code.NotFound)) throw error;
  }
  if (isProject(object)) call.projectsDeleted.add(object.name);
}

function withCreateActor(object: ManifestObject, identity: Identity | undefined): KubeObject {
  if (!isProject(object) && !isPromotion(object)) return object.object;
  const annotations: Record<string, string> = { ...(object.object.metadata.annotations ?? {}), [CREATE_ACTOR_ANNOTATION]: actorFor(identity) };
  // Only we set this one, and only for the caller's own claims.
  delete annotations[CREATED_BY_CLAIMS_ANNOTATION];
  const claims = isProject(object) ? creatorClaims(identity) : undefined;
  if (claims !== undefined) annotations[CREATED_BY_CLAIMS_ANNOTATION] = JSON.stringify(claims);
  return { ...object.object, metadata: { ...object.object.metadata, annotations } };
}

function isProject(object: ManifestObject): boolean {
  return object.type.group === KARGO_GROUP && object.type.kind === RESOURCES.projects.kind;
}

/** A Promotion in a manifest meets the same promotion windows as PromoteToStage. */
async function assertManifestPromotionWindowOpen(call: ApplyCall, object: ManifestObject): Promise<void> {
  const stageName = (object.object["spec"] as { stage?: unknown } | undefined)?.stage;
  if (typeof stageName !== "string" || object.namespace === undefined) return; // validation reports it
  const stages = call.deps.caches.cache(RESOURCES.stages);
  await stages.synced;
  const stage = stages.get(object.namespace, stageName) as Stage | undefined;
  if (stage) await assertPromotionWindowOpen(call.deps, stage);
}

function isPromotion(object: ManifestObject): boolean {
  return object.type.group === KARGO_GROUP && object.type.kind === RESOURCES.promotions.kind;
}
