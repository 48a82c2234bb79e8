import { Code, ConnectError } from "@connectrpc/connect";
import { RESOURCES, type KubeClient, type KubeObject } from "../../kube/index.js";
import { describeScope, type ResourceScope } from "../common/index.js";

/** NOT_FOUND naming the ConfigMap and its scope. */
export function configMapNotFound(scope: ResourceScope, name: string): ConnectError {
  return new ConnectError(`config map "${name}" not found ${describeScope(scope)}`, Code.NotFound);
}

/** The ConfigMap of a scope, or NOT_FOUND naming it and its scope. */
export async function getConfigMapObject(kube: KubeClient, scope: ResourceScope, name: string, signal: AbortSignal): Promise<KubeObject> {
  return kube.get(RESOURCES.configmaps, { namespace: scope.namespace, name }, { signal }).catch((error: unknown) => {
    if (error instanceof ConnectError && error.code === Code.NotFound) throw configMapNotFound(scope, name);
    throw error;
  });
}
