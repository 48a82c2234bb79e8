import { Code, ConnectError } from "@connectrpc/connect";
import { createManifestParser, INLINE_MAX_BYTES, type ManifestParser } from "../../../src/services/resource/manifest-parser.js";
import type { ManifestLimits } from "../../../src/services/resource/manifest-limits.js";
import { bigMap } from "./resource-fixtures.js";

const LIMITS: ManifestLimits = { maxDepth: 100, maxDocuments: 1000, maxObjects: 1000, maxAliases: 100, timeoutMs: 120_000 };

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
const bounds = (timeoutMs = 120_000, signal = new AbortController().signal) => ({ signal, deadline: performance.now() + timeoutMs });

describe("createManifestParser (manifests over INLINE_MAX_BYTES are read in worker threads)", () => {
  let parser: ManifestParser | undefined;
  afterEach(async () => {
    await parser?.close();
    expect(parser?.workers()).toBe(0);
  });

  it("reads a small manifest on the calling thread and a large one in a worker, with the same result", async () => {
    parser = createManifestParser({ workers: 1, memoryMiB: 256 });
    const small = await parser.parse(bigMap(1000), LIMITS, bounds());
    expect(parser.workers()).toBe(0);
    const large = bigMap(INLINE_MAX_BYTES + 1000);
    const documents = await parser.parse(large, LIMITS, bounds());
    expect(parser.workers()).toBe(1);
    expect(small[0]!.value["kind"]).toBe("ConfigMap");
    expect(documents).toHaveLength(1);
    expect(documents[0]!.label).toBe("document 1");
    const keys = new TextDecoder()
      .decode(large)
      .split("\n")
      .filter((line) => line.startsWith("  key-")).length;
    expect(Object.keys(documents[0]!.value["data"] as object)).toHaveLength(keys);
    // Every limit still applies in the worker, with parseManifest's own answer.
    const deep = new TextEncoder().encode(`a: ${"[".repeat(INLINE_MAX_BYTES + 10)}`);
    expect(await failureOf(parser.parse(deep, LIMITS, bounds()))).toMatchObject({
      code: Code.InvalidArgument,
      rawMessage: "manifest document 1 nests deeper than 100 levels",
    });
    const many = new TextEncoder().encode("---\nkind: A\n".repeat(Math.ceil((INLINE_MAX_BYTES + 10) / 12)));
    expect(await failureOf(parser.parse(many, LIMITS, bounds()))).toMatchObject({
      code: Code.InvalidArgument,
      rawMessage: "manifest has more than 1000 documents",
    });
    expect(parser.workers()).toBe(1); // the same thread served all three
  });

  it("refuses a manifest needing more memory than the worker's heap as RESOURCE_EXHAUSTED, then serves the next one", async () => {
    parser = createManifestParser({ workers: 1, memoryMiB: 32 });
    const error = await failureOf(parser.parse(bigMap(2 * 1024 * 1024), LIMITS, bounds()));
    expect(error).toMatchObject({ code: Code.ResourceExhausted, rawMessage: expect.stringContaining("MANIFEST_PARSE_MEMORY") });
    const documents = await parser.parse(bigMap(INLINE_MAX_BYTES + 1000, "after"), LIMITS, bounds());
    expect((documents[0]!.value["metadata"] as { name: string }).name).toBe("after");
  });

  it("ends the worker when the call's deadline passes (DEADLINE_EXCEEDED) or the call is cancelled (CANCELED)", async () => {
    parser = createManifestParser({ workers: 1, memoryMiB: 256 });
    const large = bigMap(1024 * 1024);
    const late = await failureOf(parser.parse(large, { ...LIMITS, timeoutMs: 1 }, bounds(1)));
    expect(late).toMatchObject({ code: Code.DeadlineExceeded, rawMessage: "manifest was not read within the call's 1ms (MANIFEST_TIMEOUT)" });
    const abort = new AbortController();
    const cancelled = failureOf(parser.parse(large, LIMITS, bounds(120_000, abort.signal)));
    abort.abort();
    expect(await cancelled).toMatchObject({ code: Code.Canceled });
  });

  it("runs at most `workers` threads; further manifests wait for one", async () => {
    parser = createManifestParser({ workers: 2, memoryMiB: 256 });
    const manifests = Array.from({ length: 3 }, (_, i) => bigMap(INLINE_MAX_BYTES + 1000, `m${i}`));
    let most = 0;
    const watching = setInterval(() => (most = Math.max(most, parser!.workers())), 1);
    try {
      const results = await Promise.all(manifests.map((m) => parser!.parse(m, LIMITS, bounds())));
      expect(results.map((d) => (d[0]!.value["metadata"] as { name: string }).name)).toEqual(["m0", "m1", "m2"]);
    } finally {
      clearInterval(watching);
    }
    expect(Math.max(most, parser.workers())).toBe(2);
  });

  it("close() ends every thread, fails a parse in progress with UNAVAILABLE and refuses new ones", async () => {
    parser = createManifestParser({ workers: 1, memoryMiB: 256 });
    const inProgress = failureOf(parser.parse(bigMap(1024 * 1024), LIMITS, bounds()));
    await parser.close();
    expect(parser.workers()).toBe(0);
    expect(await inProgress).toMatchObject({ code: Code.Unavailable });
    expect(await failureOf(parser.parse(bigMap(INLINE_MAX_BYTES + 10), LIMITS, bounds()))).toMatchObject({ code: Code.Unavailable });
  });
});
