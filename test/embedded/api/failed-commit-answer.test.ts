import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { useControlPlaneDataDir, spawnControlPlane, type ChildControlPlane } from "../controllers/support/spawn-control-plane.js";

// The embedded API's answer to a write whose group COMMIT fails for real: the control plane runs
// in a child process whose file-size limit a large ConfigMap exceeds (the store's own test,
// test/embedded/store/commit-failure.test.ts, covers the store's side). The answer is an error
// that says nothing of the cause, the write is not there, no watch event announces it, and the
// next write is answered 201.
const SCRIPT = fileURLToPath(new URL("./limited-control-plane-process.ts", import.meta.url));

interface Answer {
  status: number;
  body: string;
}

function call(plane: ChildControlPlane, method: string, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, plane.httpUrl),
      { method, agent: false, headers: { Authorization: `Bearer ${plane.token}`, "Content-Type": "application/json" } },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Streams a watch; `names` collects "<type> <name>" of each event as it arrives. */
function watchConfigMaps(plane: ChildControlPlane, resourceVersion: string): { names: string[]; arrived: (name: string) => Promise<void>; close: () => void } {
  const names: string[] = [];
  const wakers = new Set<() => void>();
  const req = request(new URL(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${resourceVersion}`, plane.httpUrl), {
    headers: { Authorization: `Bearer ${plane.token}` },
  });
  req.on("response", (response) => {
    // close() destroys the request; the response (and readline with it) then reports "aborted".
    response.on("error", () => undefined);
    const lines = createInterface(response);
    lines.on("error", () => undefined);
    lines.on("line", (line) => {
      if (line.trim() === "") return;
      const event = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
      names.push(`${event.type} ${event.object.metadata.name}`);
      for (const wake of wakers) wake();
    });
  });
  req.on("error", () => undefined);
  req.end();
  return {
    names,
    arrived: (name) =>
      new Promise((resolve) => {
        const check = () => (names.some((entry) => entry.endsWith(` ${name}`)) ? resolve() : undefined);
        wakers.add(check);
        check();
      }),
    close: () => req.destroy(),
  };
}

const configMap = (name: string, value = "v") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { value } });

describe("the embedded API's answer to a write whose commit fails", () => {
  const dataDir = useControlPlaneDataDir("kargo-failed-commit-");

  it("is a 500 that leaks nothing; the write is not stored or announced, and the next one succeeds", async () => {
    const plane = await spawnControlPlane(dataDir(), SCRIPT);
    try {
      const limit = Number(readFileSync(join(dataDir(), "file-size-limit"), "utf8"));
      const listed = await call(plane, "GET", "/api/v1/namespaces/default/configmaps");
      const versionBefore = (JSON.parse(listed.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
      const watch = watchConfigMaps(plane, versionBefore);
      try {
        const failed = await call(plane, "POST", "/api/v1/namespaces/default/configmaps", configMap("too-large", "x".repeat(2 * limit)));
        expect(failed.status).toBe(500);
        expect(JSON.parse(failed.body)).toEqual({
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: "an error on the server has prevented the request from succeeding",
          reason: "InternalError",
          code: 500,
        });
        expect(failed.body).not.toMatch(/sqlite|I\/O|disk|EFBIG|store|\//i);

        expect((await call(plane, "GET", "/api/v1/namespaces/default/configmaps/too-large")).status).toBe(404);
        const after = JSON.parse((await call(plane, "GET", "/api/v1/namespaces/default/configmaps")).body) as { metadata: { resourceVersion: string } };
        expect(after.metadata.resourceVersion).toBe(versionBefore);

        const created = await call(plane, "POST", "/api/v1/namespaces/default/configmaps", configMap("small"));
        expect(created.status).toBe(201);
        await watch.arrived("small");
        // The stream announced the later write and nothing of the failed one.
        expect(watch.names).toEqual(["ADDED small"]);
      } finally {
        watch.close();
      }
    } finally {
      await plane.kill();
    }
  });
});
