import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ControllerLogger } from "../controllers/controller-logger.js";
import { createKargoClient, isNotFound } from "../../kube/object-clients.js";
import { DEMO_PROJECT, demoObjects } from "./demo-objects.js";
import { ensureDemoRepository } from "./demo-repository.js";

/** Options of seedDemo. */
export interface SeedDemoOptions {
  /** A client identity of the embedded API allowed to create Projects (the API server's). */
  kubeConfig: KubeConfig;
  /** The data directory; the demo repository lives at `<dataDir>/demo/kargo-demo-gitops.git`. */
  dataDir: string;
  logger: ControllerLogger;
}

/**
 * Seeds the demo project `kargo-demo` (what `npm start -- --demo` does): a local bare GitOps
 * repository with a kustomize layout, the Project, and demoObjects — a Warehouse on the repository,
 * Stages test → uat → prod promoting through real Git steps, auto-promotion to test. Discovery then
 * makes Freight of the repository's head within a second and the promotion to test runs at once.
 * Idempotent: what exists is left alone (a restart keeps users' changes and history).
 */
export async function seedDemo(options: SeedDemoOptions): Promise<{ repoURL: string }> {
  const repoURL = await ensureDemoRepository(join(options.dataDir, "demo", "kargo-demo-gitops.git"));
  const client = createKargoClient(options.kubeConfig);
  const created: string[] = [];
  // A Project is cluster-scoped: the empty namespace addresses it.
  if (!(await client.get("projects", "", DEMO_PROJECT))) {
    await client.create("projects", "", { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Project", metadata: { name: DEMO_PROJECT } });
    created.push(`project/${DEMO_PROJECT}`);
  }
  for (const { plural, body } of demoObjects(repoURL)) {
    const name = (body.metadata as { name: string }).name;
    if (await client.get(plural, DEMO_PROJECT, name)) continue;
    await createWhenNamespaceReady(() => client.create(plural, DEMO_PROJECT, body));
    created.push(`${plural}/${name}`);
  }
  options.logger.info({ project: DEMO_PROJECT, repoURL, created }, created.length > 0 ? "seeded the demo project" : "demo project already seeded");
  return { repoURL };
}

/** The Project's namespace is made by admission; retry briefly should it not be there yet. */
async function createWhenNamespaceReady(create: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await create();
      return;
    } catch (error) {
      if (!isNotFound(error) || attempt >= 20) throw error;
      await sleep(100);
    }
  }
}
