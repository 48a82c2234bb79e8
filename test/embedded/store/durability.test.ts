import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "../../../src/embedded/store/open-store.js";
import type { ResourceTypeInfo } from "../../../src/embedded/store/types.js";
import { compiled } from "../../support/compiled-main.js";
import { eventLog, useTempDir } from "./store-fixtures.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const typesByResource: Record<string, ResourceTypeInfo> = {
  stages: { group: "kargo.akuity.io", resource: "stages", namespaced: true, hasStatus: true },
  configmaps: { group: "", resource: "configmaps", namespaced: true, hasStatus: false },
};

interface Ack {
  op: string;
  resource: string;
  namespace: string;
  name: string;
  resourceVersion: number;
}

/** Runs durability-writer.ts on the file until it printed `count` acknowledgements, then SIGKILLs it. */
function writeThenKill(path: string, count: number, mode: "sync" | "group"): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    // Without tsx, on dist/ (see durability-writer.ts), brought up to date first.
    compiled("src/embedded/store/open-store.js");
    const child = spawn(process.execPath, [join(here, "durability-writer.ts"), path, mode], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffer = "";
    let stderr = "";
    const acks: Ack[] = [];
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        const [op, key, version] = line.split(" ");
        const [resource, namespace, name] = key!.split("/");
        acks.push({ op: op!, resource: resource!, namespace: namespace!, name: name!, resourceVersion: Number(version) });
      }
      if (acks.length >= count && child.exitCode === null && !child.killed) {
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") {
        reject(new Error(`writer exited with ${code ?? signal} before it was killed: ${stderr}`));
        return;
      }
      // Lines still buffered in the pipe were printed before the kill: acknowledged too.
      resolve(acks);
    });
  });
}

describe("durability", () => {
  const dir = useTempDir();

  // "group": group commit (8 writers, each write acknowledged after store.durable()), as the
  // embedded control plane opens the store.
  it.each(["sync", "group"] as const)("keeps every acknowledged write across kill -9, and the counter never goes back (%s)", async (mode) => {
    const path = join(dir(), `store-${mode}.db`);
    const acks = await writeThenKill(path, 600, mode);
    expect(acks.length).toBeGreaterThanOrEqual(600);

    const store = openStore({ path });
    try {
      const last = new Map<string, Ack>();
      for (const ack of acks) {
        last.set(`${ack.resource}/${ack.namespace}/${ack.name}`, ack);
      }
      for (const ack of last.values()) {
        const stored = store.get(typesByResource[ack.resource]!, ack.namespace, ack.name);
        if (ack.op === "delete") {
          expect(stored).toBeUndefined();
          continue;
        }
        // The kill can land after a write committed and before its line was printed: for the
        // writer's names whose step deletes them (step % 5 === 4), that unacknowledged delete may
        // be the write that made the object go. Any other absence is a lost write.
        if (stored === undefined && Number(ack.name.split("-").pop()) % 5 === 4) continue;
        expect(stored).toBeDefined();
        expect(Number(stored!.metadata.resourceVersion)).toBeGreaterThanOrEqual(ack.resourceVersion);
        if (ack.op === "update") {
          expect(stored!.spec).toMatchObject({ updated: true });
        }
      }
      const newest = Math.max(...acks.map((ack) => ack.resourceVersion));
      expect(Number(store.currentResourceVersion())).toBeGreaterThanOrEqual(newest);

      // Versions were handed out strictly increasing, with no reuse across the four writers.
      const versions = acks.map((ack) => ack.resourceVersion);
      expect(new Set(versions).size).toBe(versions.length);

      // The history survived too: a watch resumes from an acknowledged version.
      const resumeFrom = acks[acks.length - 10]!;
      const log = eventLog();
      store.watch(typesByResource[resumeFrom.resource]!, { resourceVersion: String(resumeFrom.resourceVersion) }, log.push);
      expect(log.events.length).toBeGreaterThan(0);
      expect(Number(log.events[0]!.object.metadata.resourceVersion)).toBeGreaterThan(resumeFrom.resourceVersion);

      const before = Number(store.currentResourceVersion());
      const next = store.create(typesByResource.stages!, {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Stage",
        metadata: { namespace: "ns-0", name: "after-crash" },
      });
      expect(Number(next.metadata.resourceVersion)).toBe(before + 1);
    } finally {
      store.close();
    }
  });
});
