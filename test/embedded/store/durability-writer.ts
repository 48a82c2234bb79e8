// Child process for durability.test.ts: writes as fast as it can to the store file named in
// argv[2] and prints one line per acknowledged write — "<op> <name> <resourceVersion>" — until
// the parent kills it with SIGKILL. stdout to a pipe is synchronous on Linux, so a printed line
// is a write that had returned before the next one began. With argv[3] "group" the store uses
// group commit and 8 writers acknowledge each write only after `await store.durable()`, as the
// embedded API does before it answers.
// Run by Node itself (type stripping, no tsx) on the compiled sources (dist/, built by the spawner):
// about half the start-up CPU of src/ through tsx. Hence the import by URL.
import type { ResourceTypeInfo } from "../../../src/embedded/store/types.js";

const { openStore } = (await import(
  new URL("../../../dist/src/embedded/store/open-store.js", import.meta.url).href
)) as typeof import("../../../src/embedded/store/open-store.js");

const types: ResourceTypeInfo[] = [
  { group: "kargo.akuity.io", resource: "stages", namespaced: true, hasStatus: true },
  { group: "", resource: "configmaps", namespaced: true, hasStatus: false },
];
const group = process.argv[3] === "group";
const store = openStore({ path: process.argv[2]!, historyLimit: 100_000, groupCommit: group });
const workers = group ? 8 : 4;

function print(op: string, name: string, resourceVersion: string | undefined): void {
  process.stdout.write(`${op} ${name} ${resourceVersion}\n`);
}

// Several interleaved writers on the event loop, each across both types and two namespaces,
// so the file sees a realistic mix of creates, updates and deletes.
async function worker(id: number, step: number): Promise<void> {
  const type = types[step % types.length]!;
  const namespace = `ns-${id % 2}`;
  const name = `w${id}-${step}`;
  const kind = type.resource === "stages" ? "Stage" : "ConfigMap";
  const created = store.create(type, { apiVersion: "v1", kind, metadata: { namespace, name }, spec: { step } });
  await store.durable();
  print("create", `${type.resource}/${namespace}/${name}`, created.metadata.resourceVersion);
  if (step % 2 === 1) {
    const updated = store.update(type, { ...created, spec: { step, updated: true } });
    await store.durable();
    print("update", `${type.resource}/${namespace}/${name}`, updated.metadata.resourceVersion);
  }
  if (step % 5 === 4) {
    const deleted = store.delete(type, namespace, name);
    await store.durable();
    print("delete", `${type.resource}/${namespace}/${name}`, deleted.metadata.resourceVersion);
  }
  setImmediate(() => void worker(id, step + 1));
}

for (let id = 0; id < workers; id++) {
  setImmediate(() => void worker(id, 0));
}
