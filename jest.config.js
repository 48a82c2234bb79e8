// Jest in ESM mode with @swc/jest: the project is "type": "module" because jose, client-node and
// oidc-provider are ESM-only, and swc transpiles without needing the TypeScript compiler API (TS 7 has none).
/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  // Sources use NodeNext ".js" specifiers for ".ts" files.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } }],
  },
  testTimeout: 30000,
  // Jest's default on 2 cores is one worker; most suites wait on loopback servers rather than
  // compute, so two workers halve the wall time on CI's 2-core machine.
  maxWorkers: 2,
};
