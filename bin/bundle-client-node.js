// Bundles tsc's output of src/kube/client-node.ts in place (run by bin/ensure-built.js after tsc):
// @kubernetes/client-node inlined and tree-shaken down to the names that module re-exports, every
// other bare import (client-node's own dependencies) left as an import. The package root loads every
// generated API class and model; the bundle loads what the server uses. Plain JavaScript: it runs
// before anything is compiled. Exits non-zero, saying why on stderr, when it cannot bundle.
import { realpathSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PACKAGE = "@kubernetes/client-node";
/** The compiled module that is the server's only value import of the package. */
export const CLIENT_NODE_MODULE = join(ROOT, "dist", "src", "kube", "client-node.js");
/** Marks the plugin's own resolve calls, which it must not handle again. */
const OWN = Symbol("bundle-client-node");

/**
 * The bundle of `entry` written over it. client-node's modules count as free of side effects, so
 * esbuild drops what nothing uses: their top-level code only defines classes, functions and static
 * class fields, and the package declares nothing ("sideEffects" is absent, so esbuild keeps every
 * model the serializer's type map names, ~0.7 MB). The exception is polyfill.js (a global `File` for
 * Node < 20), kept as the package root runs it. A dependency is left external only where the
 * bundle's directory resolves it to the file client-node's own directory does: otherwise (a version
 * npm nested under client-node) the bundle would load another version, and the build fails.
 */
export async function bundleClientNode(entry = CLIENT_NODE_MODULE) {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new Error("esbuild is not installed (run npm install)");
  }
  const packageDir = realpathSync(dirname(createRequire(entry).resolve(`${PACKAGE}/package.json`))) + sep;
  const inPackage = (path) => path.startsWith(packageDir);
  const plugin = {
    name: "client-node-only",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === OWN || isBuiltin(args.path)) return undefined;
        const bare = !args.path.startsWith(".") && !args.path.startsWith("/");
        if (bare && args.path !== PACKAGE && !args.path.startsWith(`${PACKAGE}/`)) {
          if (inPackage(args.importer)) {
            const resolve = (resolveDir) => build.resolve(args.path, { kind: args.kind, resolveDir, importer: args.importer, pluginData: OWN });
            const [fromPackage, fromBundle] = await Promise.all([resolve(args.resolveDir), resolve(dirname(entry))]);
            if (fromPackage.errors.length > 0 || fromPackage.path !== fromBundle.path) {
              return {
                errors: [{ text: `${args.path} resolves to ${fromBundle.path || "nothing"} from the bundle but to ${fromPackage.path} from ${PACKAGE}` }],
              };
            }
          }
          return { path: args.path, external: true };
        }
        // The package itself, and the package's files importing one another.
        if (!bare && !inPackage(args.importer)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: OWN });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, sideEffects: !inPackage(resolved.path) || resolved.path === `${packageDir}dist${sep}polyfill.js` };
      });
    },
  };
  await esbuild.build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    sourcemap: true,
    logLevel: "silent",
    plugins: [plugin],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await bundleClientNode(process.argv[2]);
  } catch (error) {
    // esbuild's errors carry their own text; the rest say what is missing.
    const messages = error?.errors?.map((e) => e.text) ?? [error instanceof Error ? error.message : String(error)];
    process.stderr.write(`kargo-api: cannot bundle ${PACKAGE}: ${[...new Set(messages)].join("; ")}\n`);
    process.exit(1);
  }
}
