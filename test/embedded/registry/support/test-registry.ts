import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeOciLayout, type TestTag } from "./oci-layout.js";
import { freePort } from "../../../support/free-port.js";
import { killProcessGroup, signalProcessGroup } from "../../../support/process-group.js";

/** Debian's docker-registry package (CI installs it with apt-get). */
const REGISTRY = process.env["DOCKER_REGISTRY"] ?? "/usr/bin/docker-registry";

/** How the test registry authenticates. */
export type RegistryAuth =
  | { kind: "none" }
  | { kind: "htpasswd"; username: string; password: string }
  | { kind: "token"; realm: string; service: string; issuer: string; rootCertificate: string };

/** Debian's docker-registry (CNCF distribution v2.8) on loopback, with its storage in a temp dir. */
export interface TestRegistry {
  /** `127.0.0.1:<port>` — image repositories are `${host}/<name>`. */
  host: string;
  /** Pushes tags (built as an OCI layout) to `<host>/<repository>` with skopeo; returns each tag's digest. */
  push(repository: string, tags: readonly TestTag[], credentials?: { username: string; password: string }): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts /usr/bin/docker-registry in its own process group on a free loopback port — anonymous,
 * with htpasswd Basic auth (a bcrypt file made by `htpasswd -B`), or with token auth (`auth.token`
 * trusting `rootCertificate`), over TLS when given a certificate — and waits until `/v2/` answers
 * (a TLS listener answers a plain request with 400, which is enough). `stop()` kills the group and
 * removes its storage.
 */
export async function startTestRegistry(auth: RegistryAuth = { kind: "none" }, options: { tls?: { cert: string; key: string } } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "kargo-registry-"));
  const port = await freePort(); // the registry takes its address from its config, not port 0
  let authConfig = "";
  if (auth.kind === "htpasswd") {
    execFileSync("htpasswd", ["-B", "-b", "-c", join(dir, "htpasswd"), auth.username, auth.password], { stdio: "ignore" });
    authConfig = `auth:\n  htpasswd:\n    realm: test-registry\n    path: ${join(dir, "htpasswd")}\n`;
  } else if (auth.kind === "token") {
    writeFileSync(join(dir, "root.pem"), auth.rootCertificate);
    authConfig = `auth:\n  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n    issuer: ${auth.issuer}\n    rootcertbundle: ${join(dir, "root.pem")}\n`;
  }
  let tlsConfig = "";
  if (options.tls) {
    writeFileSync(join(dir, "tls.crt"), options.tls.cert);
    writeFileSync(join(dir, "tls.key"), options.tls.key);
    tlsConfig = `  tls:\n    certificate: ${join(dir, "tls.crt")}\n    key: ${join(dir, "tls.key")}\n`;
  }
  writeFileSync(
    join(dir, "config.yml"),
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "storage")}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${tlsConfig}${authConfig}`,
  );
  const child: ChildProcess = spawn(REGISTRY, ["serve", join(dir, "config.yml")], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    killRunning();
    await killProcessGroup(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(
      `http://127.0.0.1:${port}/v2/`,
      () => child.exitCode !== null,
      () => stderr,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const host = `127.0.0.1:${port}`;
  return {
    host,
    async push(repository, tags, credentials) {
      const { dir: layout } = writeOciLayout(tags);
      const digests: Record<string, string> = {};
      try {
        for (const { tag } of tags) {
          await run("skopeo", [
            "copy",
            "--quiet",
            "--all",
            "--dest-tls-verify=false",
            ...(credentials ? ["--dest-creds", `${credentials.username}:${credentials.password}`] : ["--dest-no-creds"]),
            `oci:${layout}:${tag}`,
            `docker://${host}/${repository}:${tag}`,
          ]);
          // skopeo compresses layers on the way, so the registry's digest is not the layout's: ask it.
          const raw = await run("skopeo", [
            "inspect",
            "--raw",
            "--tls-verify=false",
            ...(credentials ? ["--creds", `${credentials.username}:${credentials.password}`] : ["--no-creds"]),
            `docker://${host}/${repository}:${tag}`,
          ]);
          digests[tag] = `sha256:${createHash("sha256").update(raw).digest("hex")}`;
        }
      } finally {
        rmSync(layout, { recursive: true, force: true });
      }
      return digests;
    },
    stop,
  };
}

/** Commands still running (skopeo), killed by a registry's stop() should a test end before them. */
const running = new Set<ChildProcess>();

/** Kills the process group of every command still running. */
function killRunning(): void {
  for (const child of running) signalProcessGroup(child);
}

/** Runs a command in its own process group; rejects with its stderr on failure; killed if the test ends first. */
export function run(command: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, HOME: tmpdir() } });
    running.add(child);
    child.once("exit", () => running.delete(child));
    const out: Buffer[] = [];
    let err = "";
    child.stdout!.on("data", (c: Buffer) => out.push(c));
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${err}`))));
  });
}

/** Polls a URL until it answers any HTTP status (the server is up). */
async function waitForHttp(url: string, gaveUp: () => boolean, output: () => string): Promise<void> {
  for (;;) {
    if (gaveUp()) throw new Error(`docker-registry exited: ${output()}`);
    const answered = await new Promise<boolean>((resolve) => {
      const req = request(url, (res) => {
        res.resume();
        resolve(true);
      });
      req.on("error", () => resolve(false));
      req.end();
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
