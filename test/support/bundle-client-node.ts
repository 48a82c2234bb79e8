// Jest's globalSetup (jest.config.js): @kubernetes/client-node as one module for the tests.
//
// Jest runs every test file in a fresh module registry, compiling each ES module again: the ~870
// modules of client-node were 40% of what a file starting a stack compiles, about 0.2 s of CPU per
// file. The same code bundled by esbuild (its dependencies stay separate imports) compiles once per
// file in a few tens of ms. Only the tests load it; `npm start`, the CLI and the image use the package
// itself. The bundle is rebuilt when the installed version changes.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where jest.config.js's moduleNameMapper sends `@kubernetes/client-node`. */
export const CLIENT_NODE_BUNDLE = `${ROOT}.cache/jest/client-node.js`;

export default async function bundleClientNode(): Promise<void> {
  const { version } = JSON.parse(readFileSync(`${ROOT}node_modules/@kubernetes/client-node/package.json`, "utf8")) as { version: string };
  const stamp = `// @kubernetes/client-node ${version}\n`;
  try {
    if (readFileSync(CLIENT_NODE_BUNDLE, "utf8").startsWith(stamp)) return;
  } catch {
    // not built yet
  }
  const result = await build({
    entryPoints: [`${ROOT}node_modules/@kubernetes/client-node/dist/index.js`],
    bundle: true,
    platform: "node",
    format: "esm",
    // Its dependencies (undici, ws, js-yaml …) stay shared with the rest of the process.
    packages: "external",
    // Smaller source compiles faster; names kept, so classes and errors read as in the package.
    minify: true,
    keepNames: true,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(`${ROOT}.cache/jest`, { recursive: true });
  // Written whole, then renamed: a jest run started meanwhile reads the old bundle or the new one.
  const partial = `${CLIENT_NODE_BUNDLE}.${process.pid}`;
  writeFileSync(partial, stamp + result.outputFiles[0]!.text);
  renameSync(partial, CLIENT_NODE_BUNDLE);
}
