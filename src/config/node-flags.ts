/**
 * The Node (V8) flags the server process runs with in production. V8 reads them when it creates
 * the heap, so the server cannot set them for itself: `npm start` (package.json) and the image's
 * ENTRYPOINT (Dockerfile) pass them to node, and the benchmark forks its server processes with
 * them (bench/worker/worker-client.ts), so it measures what production runs.
 * test/config/node-flags.test.ts checks that all of them agree.
 *
 * `--max-semi-space-size=16` (MiB per semi-space, a young generation of 32 MiB): Node 24 lets the
 * young generation grow to 128 MiB, and the start-up's informer lists (every object parsed, most
 * of it surviving) grow it to that; the pages stay resident afterwards, empty. With 100,000 stored
 * objects that was 110 MiB of the server's 440 MiB RSS after start-up, and the malloc heap also
 * peaked ~30 MiB higher (response buffers wait longer for a scavenge to free them). 16 is Node
 * 20's default. bench/README.md, "Start-up memory and group commit", has the measurements.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=16"];

/**
 * The environment the server process runs with in production, for the same reason and on the same
 * paths as SERVER_NODE_FLAGS (glibc reads it when the process starts).
 *
 * `GLIBC_TUNABLES=glibc.malloc.arena_max=1`: one malloc arena for every thread. By default each
 * thread that allocates gets an arena of its own (up to 8 per core), and memory freed in an arena
 * stays with it: with 100,000 stored objects one of V8's worker threads (its background compiling
 * and collecting) left ~10 MiB of freed memory resident in its own arena after the start-up. With
 * one arena the next allocation of any thread reuses it: RSS after start-up 198-200 -> 183-187 MiB,
 * GetStage throughput unchanged (bench/README.md, "Start-up memory, third pass"). Other C libraries
 * (musl, macOS) ignore the variable.
 */
export const SERVER_ENVIRONMENT: Readonly<Record<string, string>> = Object.freeze({ GLIBC_TUNABLES: "glibc.malloc.arena_max=1" });
