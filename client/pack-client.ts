/**
 * npm run pack:client — builds the client package `kargo-api-client` from this repository and packs
 * it: dist/client-package/ (the package directory) and dist/kargo-api-client-<version>.tgz.
 *
 * Why a pack script and not npm workspaces: the server and CLI stay one package at the top level
 * (package.json, src/, gen/ unchanged), and a workspace would move the client kit into a package
 * of its own and rewrite package-lock.json. The client package is instead assembled from the same
 * sources the server uses (src/client/, gen/, proto/), compiled with the repository's TypeScript,
 * and given a package.json of its own whose dependencies are the client's only — their versions
 * taken from the top-level package.json, so there is one place to change them.
 *
 *   npm run pack:client                         # build and pack
 *   npm run pack:client -- --git-release [DIR]  # also commit the package to branch client-package
 *                                               # of the git repository DIR (default: this one)
 *                                               # and tag it client-v<version> (for git URL installs)
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTRACT_VERSION } from "../src/client/contract-version.js";

/** The package's name on the registry and in import specifiers. */
export const CLIENT_PACKAGE_NAME = "kargo-api-client";

/** Everything the client kit and the generated code import at run time; nothing else is a dependency. */
const RUNTIME_DEPENDENCIES = ["@bufbuild/protobuf", "@connectrpc/connect", "@connectrpc/connect-node", "@connectrpc/connect-web"];

/** Generated code shipped: the API, gRPC health, and google.rpc error details (field errors of INVALID_ARGUMENT). */
const GENERATED = ["gen/kargo", "gen/grpc/health", "gen/google/rpc"];
const PROTOS = ["proto/kargo", "proto/grpc/health", "proto/google/rpc"];

const root = fileURLToPath(new URL("..", import.meta.url));

/** Where a build put the package. */
export interface PackedClient {
  readonly directory: string;
  readonly tarball: string;
  readonly version: string;
}

/** Builds and packs the client package into `outDir` (default dist/ of this repository). */
export function packClient(outDir = join(root, "dist")): PackedClient {
  checkChangelog();
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string>; license: string };
  const directory = join(outDir, "client-package");
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });

  // Sources are shipped next to the output: the source maps and declaration maps point at them.
  cpSync(join(root, "src/client"), join(directory, "src/client"), { recursive: true });
  for (const path of [...GENERATED, ...PROTOS]) cpSync(join(root, path), join(directory, path), { recursive: true });
  for (const file of ["README.md", "CHANGELOG.md"]) cpSync(join(root, file === "README.md" ? "client/README.md" : file), join(directory, file));

  const dependencies = Object.fromEntries(
    RUNTIME_DEPENDENCIES.map((name) => {
      const version = pkg.dependencies[name];
      if (version === undefined) throw new Error(`package.json has no dependency ${name}`);
      // @bufbuild/protobuf: any compatible version (shared with the consumer's own copy; generated
      // code needs at least the generator's). The Connect packages require one another at exact
      // versions, and a newer connect-node may drop Node versions (2.2.0 needs Node 22, 2.3.0 too):
      // exactly the versions the server is tested with.
      return [name, name === "@bufbuild/protobuf" ? `^${version}` : version];
    }),
  );
  const manifest = {
    name: CLIENT_PACKAGE_NAME,
    version: CONTRACT_VERSION,
    description:
      "Typed clients of the Kargo API (kargo.api.v1) for Node and browsers: generated service descriptors and messages, token handling, retries, resumable watches",
    license: pkg.license,
    type: "module",
    sideEffects: false,
    // What @connectrpc/connect-node requires; the web entry needs only fetch and streams.
    engines: { node: ">=22" },
    exports: {
      ".": { types: "./dist/src/client/index.d.ts", default: "./dist/src/client/index.js" },
      "./web": { types: "./dist/src/client/web.d.ts", default: "./dist/src/client/web.js" },
      // Every generated file by its path in the repository: gen/kargo/api/v1/<proto file>_pb.js.
      "./gen/*": { types: "./dist/gen/*", default: "./dist/gen/*" },
      "./proto/*": "./proto/*",
      "./package.json": "./package.json",
    },
    dependencies,
  };
  // First: "type": "module" makes tsc compile the sources as ES modules.
  writeFileSync(join(directory, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  // Compiled where it is shipped, so an import reaching outside src/client/ and gen/ fails the build.
  writeFileSync(
    join(directory, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          // ES2022: every supported Node and current browser runs it as is.
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          // The kit uses only what browsers and Node share (fetch, AbortSignal, timers, atob).
          lib: ["ES2023", "DOM"],
          types: [],
          strict: true,
          skipLibCheck: true,
          isolatedModules: true,
          verbatimModuleSyntax: true,
          declaration: true,
          declarationMap: true,
          sourceMap: true,
          rootDir: ".",
          outDir: "dist",
        },
        include: ["src", "gen"],
      },
      null,
      2,
    ),
  );
  // The repository's dependencies, wherever the package is built (a link, removed before packing).
  symlinkSync(join(root, "node_modules"), join(directory, "node_modules"), "dir");
  try {
    execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", join(directory, "tsconfig.json")], { cwd: directory, stdio: "inherit" });
  } finally {
    rmSync(join(directory, "node_modules"));
    rmSync(join(directory, "tsconfig.json"));
  }

  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", outDir], { cwd: directory, encoding: "utf8" })) as {
    filename: string;
  }[];
  return { directory, tarball: join(outDir, packed[0]!.filename), version: CONTRACT_VERSION };
}

/** Refuses to pack a version CHANGELOG.md does not describe (its first release heading). */
function checkChangelog(): void {
  const heading = /^## \[?(\d+\.\d+\.\d+[^\]\s]*)\]?/m.exec(readFileSync(join(root, "CHANGELOG.md"), "utf8"));
  if (heading?.[1] !== CONTRACT_VERSION) {
    throw new Error(`CHANGELOG.md's latest release is ${heading?.[1] ?? "missing"}, CONTRACT_VERSION is ${CONTRACT_VERSION}: add the release notes first`);
  }
}

/**
 * Commits the package directory (without its parent) onto branch `client-package` of the git
 * repository `gitDir` and tags it `client-v<version>`, so `npm install git+<url>#client-v<version>`
 * installs the built package (npm cannot install a subdirectory of a repository). Uses a private
 * index: the checkout and the current branch are not touched.
 */
export function releaseToGit(packed: PackedClient, gitDir: string, env: Record<string, string> = {}): string {
  const index = join(mkdtempSync(join(tmpdir(), "client-release-")), "index");
  const git = (args: string[]) =>
    execFileSync("git", ["--git-dir", gitDir, "--work-tree", packed.directory, ...args], {
      cwd: packed.directory,
      encoding: "utf8",
      env: { ...process.env, ...env, GIT_INDEX_FILE: index },
    }).trim();
  try {
    git(["add", "--all", "--force", "."]);
    const tree = git(["write-tree"]);
    let parent: string[] = [];
    try {
      parent = ["-p", git(["rev-parse", "--verify", "--quiet", "refs/heads/client-package"])];
    } catch {
      // first release on the branch
    }
    const commit = git(["commit-tree", tree, ...parent, "-m", `${CLIENT_PACKAGE_NAME} ${packed.version}`]);
    git(["update-ref", "refs/heads/client-package", commit]);
    git(["tag", `client-v${packed.version}`, commit]);
    return commit;
  } finally {
    rmSync(join(index, ".."), { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const packed = packClient();
  console.log(`${packed.tarball}\n${packed.directory}`);
  const at = process.argv.indexOf("--git-release");
  if (at >= 0) {
    const target = process.argv[at + 1] ?? root;
    const gitDir = execFileSync("git", ["rev-parse", "--absolute-git-dir"], { cwd: target, encoding: "utf8" }).trim();
    if (!existsSync(gitDir)) throw new Error(`${target} is not a git repository`);
    console.log(`client-v${packed.version} ${releaseToGit(packed, gitDir)}`);
  }
}
