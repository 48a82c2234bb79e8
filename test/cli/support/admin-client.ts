import { createKargoClient, staticToken, type KargoClient } from "../../../src/client/index.js";
import type { KargoStack } from "../../support/use-kargo-stack.js";
import { pipelineManifest } from "./pipeline-manifest.js";

/** A client-kit client of the stack as admin, for a test's own setup and checks. */
export function adminClient(stack: KargoStack): KargoClient {
  return createKargoClient(stack.baseUrl, { auth: staticToken(stack.adminToken) });
}

/** Applies {@link pipelineManifest} for `project` and fails on any per-object error. */
export async function applyPipeline(kargo: KargoClient, project: string): Promise<void> {
  const { results } = await kargo.resources.createOrUpdateResource({ manifest: new TextEncoder().encode(pipelineManifest(project)) });
  const failed = results.filter((r) => r.result.case === "error");
  if (failed.length > 0) throw new Error(`pipeline manifest: ${failed.map((r) => `${r.kind}/${r.name}: ${JSON.stringify(r.result.value)}`).join("; ")}`);
}

/** Creates Freight of the pipeline's Warehouse by hand (image tag `tag`), with `alias`; returns its name. */
export async function createFreight(kargo: KargoClient, project: string, tag: string, alias: string): Promise<string> {
  const { freight } = await kargo.freight.createFreight({
    project,
    origin: { kind: "Warehouse", name: "images" },
    images: [{ repoUrl: "registry.example.org/app", tag }],
    alias,
  });
  return freight!.metadata!.name;
}
