// How long other callers wait while the server reads one large YAML manifest (issue 12 item 3):
// `node --import tsx bench/manifest-parse-wait.ts [MiB]`. Starts the whole service in this process
// (embedded mode), sends CreateResource with one ConfigMap whose `data` is a single map of about
// MiB (default 4) mebibytes, and meanwhile sends grpc.health Check calls one after another,
// printing the slowest Check's latency, how many there were, and how long the manifest call took.
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { ResourceService } from "../gen/kargo/api/v1/resource_service_pb.js";
import { startKargoStack } from "../test/support/use-kargo-stack.js";

const mib = Number(process.argv[2] ?? "4");
const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: big, namespace: default}", "data:"];
let size = lines.join("\n").length;
for (let i = 0; size < mib * 1024 * 1024 - 40; i++) {
  const line = `  key-${i}: value-${i}`;
  lines.push(line);
  size += line.length + 1;
}
const manifest = new TextEncoder().encode(lines.join("\n") + "\n");
const stack = await startKargoStack({ env: { MAX_REQUEST_BYTES: `${mib + 1}MiB` } });
try {
  const health = createClient(Health, createConnectTransport({ baseUrl: stack.baseUrl, httpVersion: "1.1" }));
  await health.check({});
  let done = false;
  let worst = 0;
  let checks = 0;
  const slow: string[] = [];
  const started = performance.now();
  const call = stack.client(ResourceService).createResource({ manifest }).then(
    (r) => r.results.map((x) => (x.result.case === "error" ? `${x.result.value.code}: ${x.result.value.message.slice(0, 120)}` : x.result.case)).join(","),
    (e: unknown) => String(e),
  ).finally(() => (done = true));
  while (!done) {
    const t = performance.now();
    await health.check({}).catch((e: unknown) => console.error(`health check failed after ${Math.round(performance.now() - t)} ms: ${String(e)}`));
    const took = performance.now() - t;
    if (took > 250) slow.push(`${Math.round(took)} ms at +${Math.round((t - started) / 1000)} s`);
    worst = Math.max(worst, took);
    checks++;
  }
  const outcome = await call;
  console.log(JSON.stringify({ manifestBytes: manifest.length, keys: lines.length - 4, manifestCallMs: Math.round(performance.now() - started), outcome, checks, worstCheckMs: Math.round(worst), slowChecks: slow }));
} finally {
  await stack.close();
}
