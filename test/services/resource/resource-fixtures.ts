import type { ResourceResult } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { stringify } from "yaml";

/** A YAML stream of the given objects, as a client would send it. */
export function manifest(...objects: object[]): Uint8Array {
  return new TextEncoder().encode(objects.map((o) => stringify(o)).join("---\n"));
}

/**
 * One line per result, `<Kind> <namespace>/<name>: <outcome or error code>`, so a test compares
 * a whole response (order included) at a glance.
 */
export function outcomes(results: readonly ResourceResult[]): string[] {
  return results.map((r) => `${r.kind} ${r.namespace}/${r.name}: ${r.result.case === "error" ? r.result.value.code : r.result.case}`);
}

/** The error of the result for object `name`; fails the test when that object succeeded. */
export function errorFor(results: readonly ResourceResult[], name: string): { code: string; message: string } {
  const result = results.find((r) => r.name === name);
  if (result?.result.case !== "error") throw new Error(`no error result for "${name}": ${JSON.stringify(result?.result.case)}`);
  return result.result.value;
}

/**
 * A project as a manifest makes one: its namespace first (labelled as a project, which Kargo
 * accepts for a pre-created namespace), then the Project.
 */
export function projectObjects(name: string): object[] {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kargo.akuity.io/project": "true" } } },
    { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Project", metadata: { name } },
  ];
}

/** A Warehouse subscribed to one image. */
export function warehouse(namespace: string, name: string): object {
  return {
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Warehouse",
    metadata: { name, namespace },
    spec: { subscriptions: [{ image: { repoURL: "registry.example.org/demo/app", constraint: "^1.0.0" } }] },
  };
}

/** A Stage taking Freight directly from `warehouseName`, with one promotion step. */
export function stage(namespace: string, name: string, warehouseName = "images"): object {
  return {
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Stage",
    metadata: { name, namespace },
    spec: {
      requestedFreight: [{ origin: { kind: "Warehouse", name: warehouseName }, sources: { direct: true } }],
      promotionTemplate: { spec: { steps: [{ uses: "git-clone", config: { repoURL: "https://git.example.org/demo.git" } }] } },
    },
  };
}

/** A ConfigMap: a kind Kargo does not define, written like any other. */
export function configMap(namespace: string, name: string, data: Record<string, string> = { greeting: "hello" }): object {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data };
}

/** One ConfigMap whose `data` is a single YAML map of about `bytes` bytes. */
export function bigMap(bytes: number, name = "big"): Uint8Array {
  const lines = ["apiVersion: v1", "kind: ConfigMap", `metadata: {name: ${name}, namespace: default}`, "data:"];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `  key-${i}: value-${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}
