// Jest in ESM mode with @swc/jest: the project is "type": "module" because jose, client-node and
// oidc-provider are ESM-only, and swc transpiles without needing the TypeScript compiler API (TS 7 has none).
/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  // Sources use NodeNext ".js" specifiers for ".ts" files.
  moduleNameMapper: {
    "^(\\.{1,2}/.*)\\.js$": "$1",
    // One module instead of ~870 per test file (test/support/bundle-client-node.ts builds it).
    "^@kubernetes/client-node$": "<rootDir>/.cache/jest/client-node.js",
  },
  globalSetup: "<rootDir>/test/support/bundle-client-node.ts",
  // Opt-in per-file counts of tests, assertions and CPU (KARGO_TEST_STATS_FILE; see the file).
  setupFilesAfterEnv: ["<rootDir>/test/support/count-assertions.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } }],
  },
  // The only bound on how long a test waits. Tests wait on conditions (events, polling), never on
  // deadlines of their own: how long an effect takes depends on the machine's load, so this is set
  // far above any test's time on a loaded machine and only ends a test that would never finish.
  testTimeout: 300_000,
  // Jest's default on 2 cores is one worker; most suites wait on loopback servers rather than
  // compute, so two workers halve the wall time on CI's 2-core machine.
  maxWorkers: 2,
  // A worker keeps about 30 MB of each test file it ran (module graphs that something still
  // references), so late files ran with a heap of gigabytes and paid for it in garbage collection.
  // A worker past this after a file is replaced: on test/services (88 files) 10% less CPU.
  workerIdleMemoryLimit: "1GB",
};
