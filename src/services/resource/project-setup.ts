import { Code, ConnectError } from "@connectrpc/connect";
import { setTimeout as sleep } from "node:timers/promises";
import { RESOURCES } from "../../kube/index.js";
import type { ApplyCall } from "./apply-call.js";
import { accessFor } from "./authorize-object.js";
import type { ManifestObject } from "./manifest-object.js";

const POLL_MS = 50;

/**
 * Waits until the namespace of a Project created earlier in this call exists. Admission creates it
 * (Kargo's project webhook on a real cluster, the embedded admission here) — synchronously today,
 * but nothing in the contract promises that, and the manifest's next objects go into it at once.
 * Bounded by the project's set-up deadline; past it the create goes ahead and fails on its own
 * (NOT_FOUND `project "x" not found`). Namespaces that are not new projects are not waited for.
 */
export function projectNamespaceReady(call: ApplyCall, namespace: string | undefined): Promise<void> {
  if (namespace === undefined) return Promise.resolve();
  const deadline = call.projectsCreated.get(namespace);
  if (deadline === undefined) return Promise.resolve();
  let ready = call.namespacesReady.get(namespace);
  if (ready === undefined) {
    ready = (async () => {
      for (;;) {
        try {
          await call.deps.kube.get(RESOURCES.namespaces, { name: namespace }, { signal: call.signal });
          return;
        } catch (error) {
          if (!(error instanceof ConnectError) || error.code !== Code.NotFound) throw error;
        }
        if (Date.now() >= deadline) return;
        await sleep(POLL_MS, undefined, { signal: call.signal });
      }
    })();
    call.namespacesReady.set(namespace, ready);
  }
  return ready;
}

/**
 * One access review of `verb` on the object; for an object inside a Project created earlier in
 * this call, a denial is re-asked until the project's set-up deadline. Why: the creator of a
 * Project becomes its admin asynchronously (the project's default roles, then the claims index
 * picks up the mapping), and the manifest's next objects are in that project. Kargo instead
 * wrote such objects with its own credentials, unchecked — which would let a manifest put
 * anything into a new project (a RoleBinding to any ClusterRole); here every object is still
 * reviewed as the caller, who just may have to wait a moment for their new rights.
 */
export async function mayDoInNewProject(call: ApplyCall, object: ManifestObject, verb: string): Promise<boolean> {
  const attributes = accessFor(object, verb);
  const deadline = object.namespace !== undefined ? call.projectsCreated.get(object.namespace) : undefined;
  for (;;) {
    if (await call.check(attributes)) return true;
    if (deadline === undefined || call.identity?.kind === "admin" || Date.now() >= deadline) return false;
    await sleep(POLL_MS * 4, undefined, { signal: call.signal });
  }
}
