import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { useControlPlaneDataDir, spawnControlPlane, type ChildControlPlane } from "../controllers/support/spawn-control-plane.js";

// The embedded API answers a write only once it is durable (it awaits store.durable() before
// every answer; the store uses group commit, so the write itself returns before its COMMIT).
// group-commit.test.ts proves durable() resolves only after the COMMIT; this proves the API waits
// for it. The control plane runs in a child process whose event loop is busy for a while every
// turn before the group's COMMIT, so an answer sent before the COMMIT would reach this process
// long before the write is on disk. The child is SIGKILLed the moment the first 201 arrives and
// restarted on the same directory: every object answered with 201 must be there.
const SCRIPT = fileURLToPath(new URL("./busy-control-plane-process.ts", import.meta.url));
const WRITERS = 4;
const ROUNDS = 2;

/** Creates a ConfigMap; calls `onCreated` as soon as a 201's status line is in (before the body). */
function createConfigMap(plane: ChildControlPlane, name: string, onCreated: () => void): Promise<number> {
  const body = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { round: name } });
  return new Promise((resolve) => {
    const req = request(
      new URL("/api/v1/namespaces/default/configmaps", plane.httpUrl),
      { method: "POST", agent: false, headers: { Authorization: `Bearer ${plane.token}`, "Content-Type": "application/json" } },
      (response) => {
        if (response.statusCode === 201) onCreated();
        resolve(response.statusCode ?? 0);
        response.resume();
        response.on("error", () => undefined);
      },
    );
    // The kill resets connections whose answer had not arrived: those writes were never acknowledged.
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

function getConfigMap(plane: ChildControlPlane, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(`/api/v1/namespaces/default/configmaps/${name}`, plane.httpUrl), {
      agent: false,
      headers: { Authorization: `Bearer ${plane.token}` },
    });
    req.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the embedded API's answer to a write", () => {
  const dataDir = useControlPlaneDataDir("kargo-durable-answer-");

  it("comes only after the write is on disk: every 201 survives a kill -9 right after it", async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const plane = await spawnControlPlane(dataDir(), SCRIPT);
      // Every name acknowledged in earlier rounds is still there after this restart.
      for (const name of acknowledged) expect([name, await getConfigMap(plane, name)]).toEqual([name, 200]);
      let killed: Promise<void> | undefined;
      const names = Array.from({ length: WRITERS }, (_, writer) => `round-${round}-writer-${writer}`);
      const statuses = await Promise.all(
        names.map((name) =>
          createConfigMap(plane, name, () => {
            // The kill is sent synchronously, before anything else runs here.
            killed ??= plane.kill();
          }),
        ),
      );
      await (killed ?? plane.kill());
      const created = names.filter((_, index) => statuses[index] === 201);
      expect(created.length).toBeGreaterThan(0);
      acknowledged.push(...created);
    }
    const plane = await spawnControlPlane(dataDir(), SCRIPT);
    try {
      for (const name of acknowledged) expect([name, await getConfigMap(plane, name)]).toEqual([name, 200]);
    } finally {
      await plane.kill();
    }
  });
});
