import { Code, ConnectError } from "@connectrpc/connect";
import { createKubeClient, RESOURCES, type KubeClient, type KubeObject } from "../../../src/kube/index.js";
import type { KargoStack } from "../../support/use-kargo-stack.js";

/**
 * Test data written straight to the stack's Kubernetes API with the server's identity, the way
 * another client (kubectl, Kargo's controllers) would: the services under test then see it
 * through their informers. Use inside tests only.
 */
export interface Fixtures {
  readonly kube: KubeClient;
  /** A project: its labelled Namespace, then the Project object (admission may already have made the namespace). */
  project(name: string): Promise<void>;
  /** A namespace that is not a project (no project label). */
  namespace(name: string): Promise<void>;
  warehouse(project: string, name: string, spec?: Record<string, unknown>): Promise<KubeObject>;
  stage(project: string, name: string, spec?: Record<string, unknown>): Promise<KubeObject>;
  /** Sets status fields through the status subresource (what a controller does). */
  stageStatus(project: string, name: string, status: Record<string, unknown>): Promise<KubeObject>;
}

/** A Warehouse spec with one image subscription. */
export function imageWarehouseSpec(repoURL = "ghcr.io/example/app"): Record<string, unknown> {
  return { interval: "5m0s", subscriptions: [{ image: { repoURL } }] };
}

/** A Stage spec requesting Freight directly from `warehouse`, with one step. */
export function directStageSpec(warehouse = "wh"): Record<string, unknown> {
  return {
    requestedFreight: [{ origin: { kind: "Warehouse", name: warehouse }, sources: { direct: true } }],
    promotionTemplate: { spec: { steps: [{ uses: "fake-step" }] } },
  };
}

/** Fixtures over a running stack (its own kubeconfig; no caches, so writes do not wait). */
export function fixtures(stack: KargoStack): Fixtures {
  const kube = createKubeClient(stack.kubeConfig);
  const ignoreExists = (error: unknown) => {
    if (!(error instanceof ConnectError && error.code === Code.AlreadyExists)) throw error;
  };
  return {
    kube,
    async project(name) {
      await kube.create(RESOURCES.namespaces, { metadata: { name, labels: { "kargo.akuity.io/project": "true" } } }).catch(ignoreExists);
      await kube.create(RESOURCES.projects, { metadata: { name } }).catch(ignoreExists);
    },
    async namespace(name) {
      await kube.create(RESOURCES.namespaces, { metadata: { name } });
    },
    warehouse: (project, name, spec = imageWarehouseSpec()) => kube.create(RESOURCES.warehouses, { metadata: { name, namespace: project }, spec }),
    stage: (project, name, spec = directStageSpec()) => kube.create(RESOURCES.stages, { metadata: { name, namespace: project }, spec }),
    stageStatus: (project, name, status) => kube.patchStatus(RESOURCES.stages, { namespace: project, name }, { status }),
  };
}

/** The Connect code a promise rejects with (fails the test when it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<Code> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error).code;
  }
  throw new Error("expected the call to fail");
}

/** The ConnectError a promise rejects with. */
export async function errorOf(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected the call to fail");
}
