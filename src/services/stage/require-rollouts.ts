import { Code, ConnectError } from "@connectrpc/connect";
import { kubeRequest } from "../../kube/index.js";
import type { ServiceDeps } from "../create-services.js";

const ROLLOUTS_GROUP_VERSION_PATH = "/apis/argoproj.io/v1alpha1";
/** How long a "served" answer is trusted: CRDs are rarely removed, and a removal shows as errors anyway. */
const AVAILABLE_TTL_MS = 60_000;

const known = new WeakMap<object, number>();

/**
 * Fails with UNIMPLEMENTED, as Kargo does, when the cluster does not serve Argo Rollouts'
 * argoproj.io/v1alpha1 (its CRDs are not installed): the analysis RPCs have nothing to work on.
 * The embedded control plane always serves it. The answer comes from the group's discovery
 * document; a positive one is remembered for a minute.
 */
export async function requireRollouts(deps: Pick<ServiceDeps, "kubeConfig">, signal?: AbortSignal): Promise<void> {
  const checkedAt = known.get(deps.kubeConfig);
  if (checkedAt !== undefined && Date.now() - checkedAt < AVAILABLE_TTL_MS) return;
  try {
    await kubeRequest(deps.kubeConfig, { method: "GET", path: ROLLOUTS_GROUP_VERSION_PATH, signal });
    known.set(deps.kubeConfig, Date.now());
  } catch (error) {
    if ((error as { code?: number }).code === 404) {
      throw new ConnectError(
        "Argo Rollouts integration is not available: the cluster does not serve argoproj.io/v1alpha1 (install Argo Rollouts' CRDs)",
        Code.Unimplemented,
      );
    }
    throw error;
  }
}
