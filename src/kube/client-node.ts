// The one module that imports values from @kubernetes/client-node; elsewhere only `import type`
// (erased by tsc). The package root loads every generated API class and model (868 modules, 16 MiB
// of source, ~25 MiB of resident memory) because its config module re-exports them, and the
// package has no "exports" map to reach a smaller entry. So the build (bin/ensure-built.js) bundles
// this module's compiled form in place with esbuild: client-node tree-shaken down to what is named
// here, its own dependencies left as imports. Vitest runs the sources and imports the package.
export { ApiException, HttpMethod, IsomorphicFetchHttpLibrary, KubeConfig, RequestContext, Watch } from "@kubernetes/client-node";
