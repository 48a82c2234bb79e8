// How long other callers wait while the server reads one large YAML manifest (issue 12 item 3):
// `node --import tsx bench/manifest-parse-wait.ts [MiB]`. Starts the whole service in this process
// (embedded mode), sends CreateResource with one ConfigMap whose `data` is a single map of about
// MiB (default 4) mebibytes, and meanwhile sends grpc.health Check calls one after another,
// printing the slowest Check's latency, how many there were, and how long the manifest call took.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { pino } from "pino";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { AuthService } from "../gen/kargo/api/v1/auth_service_pb.js";
import { ResourceService } from "../gen/kargo/api/v1/resource_service_pb.js";
import { loadConfig } from "../src/config/load-config.js";
import { startKargoApi } from "../src/start-kargo-api.js";

const mib = Number(process.argv[2] ?? "4");
const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: big, namespace: default}", "data:"];
let size = lines.join("\n").length;
for (let i = 0; size < mib * 1024 * 1024 - 40; i++) {
  const line = `  key-${i}: value-${i}`;
  lines.push(line);
  size += line.length + 1;
}
const manifest = new TextEncoder().encode(`${lines.join("\n")}\n`);
const dataDir = await mkdtemp(join(tmpdir(), "kargo-manifest-wait-"));
const password = "manifest-wait-admin-password";
const loaded = loadConfig({
  argv: [],
  env: {
    PORT: "0",
    BIND_ADDRESS: "127.0.0.1",
    KARGO_DATA_DIR: dataDir,
    ADMIN_ACCOUNT_PASSWORD: password,
    ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "manifest-wait-signing-key-0123456789abcdef",
    MAX_REQUEST_BYTES: `${mib + 1}MiB`,
    LOG_LEVEL: "silent",
  },
});
if (loaded.help) throw new Error("unexpected --help");
const running = await startKargoApi(loaded.config, { logger: pino({ level: "silent" }) });
const baseUrl = running.url.href.replace(/\/$/, "");
try {
  const health = createClient(Health, createConnectTransport({ baseUrl, httpVersion: "1.1" }));
  const { idToken } = await createClient(AuthService, createConnectTransport({ baseUrl, httpVersion: "1.1" })).adminLogin({ password });
  const resources = createClient(
    ResourceService,
    createConnectTransport({
      baseUrl,
      httpVersion: "1.1",
      interceptors: [(next) => (req) => (req.header.set("authorization", `Bearer ${idToken}`), next(req))],
    }),
  );
  await health.check({});
  let done = false;
  let worst = 0;
  let checks = 0;
  const slow: string[] = [];
  const started = performance.now();
  const call = resources
    .createResource({ manifest })
    .then(
      (r) => r.results.map((x) => (x.result.case === "error" ? `${x.result.value.code}: ${x.result.value.message.slice(0, 120)}` : x.result.case)).join(","),
      (e: unknown) => String(e),
    )
    .finally(() => (done = true));
  while (!done) {
    const t = performance.now();
    await health.check({}).catch((e: unknown) => console.error(`health check failed after ${Math.round(performance.now() - t)} ms: ${String(e)}`));
    const took = performance.now() - t;
    if (took > 250) slow.push(`${Math.round(took)} ms at +${Math.round((t - started) / 1000)} s`);
    worst = Math.max(worst, took);
    checks++;
  }
  const outcome = await call;
  console.log(
    JSON.stringify({
      manifestBytes: manifest.length,
      keys: lines.length - 4,
      manifestCallMs: Math.round(performance.now() - started),
      outcome,
      checks,
      worstCheckMs: Math.round(worst),
      slowChecks: slow,
    }),
  );
} finally {
  await running.close();
  await rm(dataDir, { recursive: true, force: true });
}
