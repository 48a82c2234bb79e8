// Vitest runs the suite (`npm test`). Chosen over jest (issue 19, item 8) for one reason: with
// `isolate: false` a worker loads the sources and node_modules once and runs file after file on
// them, where jest's ESM mode compiled and linked every test file's whole module graph again (about
// 2,000 modules for a file that starts a stack): its workers took 2.5 times the CPU for the same files.
// Files therefore share module state within a worker; a test must not depend on a module's state
// being fresh (README.md, "Testing").
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globals: true,
    include: ["test/**/*.test.ts"],
    isolate: false,
    // Child processes, not threads: tests change directory, send signals and load a native addon
    // (better-sqlite3), which worker threads restrict.
    pool: "forks",
    // Four on CI's two cores: many files spend seconds waiting on child processes (servers, the
    // CLI, kill -9 restarts) and loopback peers, and the other workers compute meanwhile. Whole
    // suite on a quiet 2-core machine, from a clean build: 120 s with three, 106 s with four, at the
    // same CPU (about 197 s).
    maxWorkers: 4,
    // The only bound on how long a test (or a hook) waits. Tests wait on conditions (events,
    // polling), never on deadlines of their own: how long an effect takes depends on the machine's
    // load, so this is set far above any test's time on a loaded machine and only ends a test that
    // would never finish.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    teardownTimeout: 300_000,
    // Opt-in per-file counts of tests, assertions and CPU (KARGO_TEST_STATS_FILE; see the file).
    setupFiles: ["test/support/count-assertions.ts"],
  },
});
