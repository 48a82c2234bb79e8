// Measures the store on this machine (not a test; the test runner ignores it):
//   node_modules/.bin/node --import tsx test/embedded/store/measure-store.ts [directory]
// Durable writes go to a file in `directory` (default: the OS temp dir), so they pay a real fsync.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../../src/embedded/store/open-store.js";
import type { KubeObject, ResourceTypeInfo } from "../../../src/embedded/store/types.js";

const dir = mkdtempSync(join(process.argv[2] ?? tmpdir(), "measure-store-"));
const stages: ResourceTypeInfo = { group: "kargo.akuity.io", resource: "stages", namespaced: true, hasStatus: true };
const namespaces: ResourceTypeInfo = { group: "", resource: "namespaces", namespaced: false, hasStatus: true };
const count = 10_000;

// A Stage of realistic size (~0.8 kB of JSON): requested freight and a three-step promotion template.
function stage(i: number, namespace = `project-${i % 10}`): KubeObject {
  return {
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Stage",
    metadata: {
      namespace,
      name: `stage-${String(i).padStart(5, "0")}`,
      labels: { shard: String(i % 7) },
      annotations: { "kargo.akuity.io/description": "a stage ".repeat(5) },
    },
    spec: {
      requestedFreight: [{ origin: { kind: "Warehouse", name: "main" }, sources: { direct: true, stages: [] } }],
      promotionTemplate: {
        spec: {
          steps: [
            { uses: "git-clone", config: { repoURL: "https://github.com/example/repo.git", checkout: [{ branch: "main", path: "./src" }] } },
            { uses: "kustomize-set-image", config: { path: "./src/base", images: [{ image: "nginx" }] } },
            { uses: "git-commit", config: { path: "./out", message: "promote" } },
          ],
        },
      },
    },
  };
}

function time(label: string, runs: number, fn: () => number | void): void {
  const samples: number[] = [];
  // biome-ignore lint/complexity/noUselessUndefinedInitialization: TypeScript needs it for definite assignment (runs may be 0)
  let detail: number | void = undefined;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    detail = fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(`${label}: median ${median.toFixed(1)} ms of ${runs}${detail === undefined ? "" : ` (${detail})`}`);
}

const store = openStore({ path: join(dir, "store.db") });
try {
  let started = performance.now();
  for (let i = 0; i < count; i++) {
    store.create(stages, stage(i));
  }
  let elapsed = performance.now() - started;
  console.log(`create ${count} (one durable transaction each): ${(count / (elapsed / 1000)).toFixed(0)} writes/s`);
  started = performance.now();
  for (let i = 0; i < 2000; i++) {
    const object = stage(i);
    store.update(stages, { ...object, spec: { ...(object.spec as object), changed: true } });
  }
  elapsed = performance.now() - started;
  console.log(`update 2000: ${(2000 / (elapsed / 1000)).toFixed(0)} writes/s`);

  time(`list ${count} objects`, 7, () => store.list(stages).items.length);
  time(`listJson ${count} objects + response body`, 7, () => `{"items":[${store.listJson(stages).items.join(",")}]}`.length);
  time(`list ${count} + JSON.stringify body (what listJson saves)`, 7, () => JSON.stringify({ items: store.list(stages).items }).length);
  time("list with a filter (1 in 7 match)", 7, () => store.list(stages, { filter: (o) => o.metadata.labels?.["shard"] === "3" }).items.length);
  time("list one namespace (1,000)", 7, () => store.list(stages, { namespace: "project-3" }).items.length);
  time("list in pages of 500", 5, () => {
    let pages = 0;
    let token: string | undefined;
    do {
      const page = store.list(stages, { limit: 500, ...(token ? { continue: token } : {}) });
      token = page.continue;
      pages++;
    } while (token);
    return pages;
  });
  time(`get × ${count}`, 3, () => {
    for (let i = 0; i < count; i++) {
      store.get(stages, `project-${i % 10}`, `stage-${String(i).padStart(5, "0")}`);
    }
  });
  time("watch: initial ADDED for all", 5, () => {
    let events = 0;
    store.watch(stages, {}, () => events++).close();
    return events;
  });
  time("watch: replay 9,000 changes", 5, () => {
    let events = 0;
    store.watch(stages, { resourceVersion: String(Number(store.currentResourceVersion()) - 9000) }, () => events++).close();
    return events;
  });

  store.create(namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: "doomed" } });
  for (let i = 0; i < 3000; i++) {
    store.create(stages, stage(i, "doomed"));
  }
  started = performance.now();
  store.delete(namespaces, undefined, "doomed");
  await store.settled();
  console.log(`namespace deletion of 3,000 objects (background): ${(performance.now() - started).toFixed(0)} ms`);
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
