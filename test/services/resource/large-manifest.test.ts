import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { Health } from "../../../gen/grpc/health/v1/health_pb.js";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import { INLINE_MAX_BYTES, type ManifestParser } from "../../../src/services/resource/manifest-parser.js";
import { startKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";
import { bigMap, outcomes } from "./resource-fixtures.js";

/** Resolves once `condition()` holds, checking every few milliseconds (no deadline but the test timeout). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Issue 12 item 3: a single large YAML document (a multi-MiB map) is read in a worker thread, so
 * other callers of the same server are answered meanwhile; a manifest needing more than the
 * worker's heap (MANIFEST_PARSE_MEMORY, 32 MiB here) fails RESOURCE_EXHAUSTED and the server
 * keeps serving; shutting the server down ends the threads.
 */
describe("large manifests on a running server", () => {
  let stack: KargoStack | undefined;
  let parser: ManifestParser | undefined;
  beforeAll(async () => {
    stack = await startKargoStack({ env: { MANIFEST_PARSE_MEMORY: "32MiB", MANIFEST_PARSE_WORKERS: "1" } });
    parser = stack.running.manifestParser;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("answers other calls while it reads a 2 MiB map, then refuses it as too big for the worker's heap, and keeps serving", async () => {
    const health = createClient(Health, createConnectTransport({ baseUrl: stack!.baseUrl, httpVersion: "1.1" }));
    let manifestDone = false;
    const manifestCall = stack!
      .client(ResourceService)
      .createResource({ manifest: bigMap(2 * 1024 * 1024) })
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      )
      .finally(() => (manifestDone = true));
    // The manifest is being read (in the worker): now other callers are served, before it ends.
    await until(() => parser!.reading() === 1 || manifestDone);
    expect(manifestDone).toBe(false);
    expect((await health.check({})).status).toBe(1);
    expect((await stack!.client(SystemService).getVersionInfo({})).versionInfo).toBeDefined();
    expect([manifestDone, parser!.reading()]).toEqual([false, 1]);

    expect(await manifestCall).toMatchObject({ code: Code.ResourceExhausted, rawMessage: expect.stringContaining("MANIFEST_PARSE_MEMORY") });
    expect((await health.check({})).status).toBe(1);
    // The next large manifest gets a fresh worker.
    const { results } = await stack!.client(ResourceService).createResource({ manifest: bigMap(INLINE_MAX_BYTES + 1000, "after") });
    expect(outcomes(results)).toEqual(["ConfigMap default/after: createdResource"]);
  });

  it("ends the manifest threads when the server shuts down", async () => {
    const { results } = await stack!.client(ResourceService).createOrUpdateResource({ manifest: bigMap(INLINE_MAX_BYTES + 1000, "before-shutdown") });
    expect(outcomes(results)).toEqual(["ConfigMap default/before-shutdown: createdResource"]);
    expect(parser!.workers()).toBe(1);
    await stack!.close();
    expect(parser!.workers()).toBe(0);
    stack = undefined;
  });
});
