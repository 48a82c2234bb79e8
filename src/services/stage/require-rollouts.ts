import { Code, ConnectError } from "@connectrpc/connect";
import { findInDiscovery } from "../../kube/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * Fails with UNIMPLEMENTED, as Kargo does, when the cluster does not serve Argo Rollouts'
 * argoproj.io/v1alpha1 (its CRDs are not installed): the analysis RPCs have nothing to work on.
 * The embedded control plane always serves it. The answer is the group version's discovery
 * document, through the shared discovery cache (src/kube/kube-discovery.ts): a "not served" asks
 * it to refresh, so CRDs installed meanwhile are found.
 */
export async function requireRollouts(deps: Pick<ServiceDeps, "discovery">): Promise<void> {
  const served = await findInDiscovery(
    (options) => deps.discovery.resources("argoproj.io", "v1alpha1", options),
    (resources) => (resources.length > 0 ? true : undefined),
  );
  if (served) return;
  throw new ConnectError(
    "Argo Rollouts integration is not available: the cluster does not serve argoproj.io/v1alpha1 (install Argo Rollouts' CRDs)",
    Code.Unimplemented,
  );
}
