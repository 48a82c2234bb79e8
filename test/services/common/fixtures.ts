import { Code, ConnectError } from "@connectrpc/connect";
import { createKubeClient, RESOURCES, type KubeClient, type KubeObject } from "../../../src/kube/index.js";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WarehouseService } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import type { KargoStack } from "../../support/use-kargo-stack.js";

/**
 * Test data written straight to the stack's Kubernetes API with the server's identity, the way
 * another client (kubectl, Kargo's controllers) would: the services under test then see it
 * through their informers. Each write returns once the service's informer cache shows it (polled
 * through the service's own Get), so the next RPC of the test sees it. Use inside tests only.
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

/** Polls `read` until it returns an object at `written`'s resourceVersion or later (the test timeout bounds it). */
async function untilCached(written: KubeObject, read: () => Promise<KubeObject | undefined>): Promise<KubeObject> {
  const want = BigInt(written.metadata.resourceVersion ?? "0");
  for (;;) {
    const seen = await read().catch(() => undefined);
    if (seen && BigInt(seen.metadata.resourceVersion ?? "0") >= want) return written;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function rawOf(response: { result: { case: string | undefined; value?: unknown } }): KubeObject | undefined {
  return response.result.case === "raw" ? (JSON.parse(new TextDecoder().decode(response.result.value as Uint8Array)) as KubeObject) : undefined;
}

/** Fixtures over a running stack (its own kubeconfig; waits for the services' caches). */
export function fixtures(stack: KargoStack): Fixtures {
  const kube = createKubeClient(stack.kubeConfig);
  const projects = stack.client(ProjectService);
  const warehouses = stack.client(WarehouseService);
  const stages = stack.client(StageService);
  const stageCached = (project: string, name: string) => (written: KubeObject) =>
    untilCached(written, async () => rawOf(await stages.getStage({ project, name, format: RawFormat.JSON })));
  const ignoreExists = (error: unknown) => {
    if (!(error instanceof ConnectError && error.code === Code.AlreadyExists)) throw error;
  };
  return {
    kube,
    async project(name) {
      await kube.create(RESOURCES.namespaces, { metadata: { name, labels: { "kargo.akuity.io/project": "true" } } }).catch(ignoreExists);
      const project = await kube.create(RESOURCES.projects, { metadata: { name } }).catch(ignoreExists);
      if (project) await untilCached(project, async () => rawOf(await projects.getProject({ name, format: RawFormat.JSON })));
    },
    async namespace(name) {
      await kube.create(RESOURCES.namespaces, { metadata: { name } });
    },
    warehouse: async (project, name, spec = imageWarehouseSpec()) => {
      const written = await kube.create(RESOURCES.warehouses, { metadata: { name, namespace: project }, spec });
      return untilCached(written, async () => rawOf(await warehouses.getWarehouse({ project, name, format: RawFormat.JSON })));
    },
    stage: async (project, name, spec = directStageSpec()) =>
      stageCached(project, name)(await kube.create(RESOURCES.stages, { metadata: { name, namespace: project }, spec })),
    stageStatus: async (project, name, status) =>
      stageCached(project, name)(await kube.patchStatus(RESOURCES.stages, { namespace: project, name }, { status })),
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
