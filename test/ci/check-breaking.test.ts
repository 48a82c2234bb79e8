import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;
const ident = { GIT_AUTHOR_NAME: "ci", GIT_AUTHOR_EMAIL: "ci@example.org", GIT_COMMITTER_NAME: "ci", GIT_COMMITTER_EMAIL: "ci@example.org" };

/** .ci/check-breaking in `dir`: exit code and output. */
async function checkBreaking(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(join(root, ".ci/check-breaking"), [], {
      cwd: dir,
      env: { ...process.env, ...ident, PATH: `${root}node_modules/.bin:${process.env["PATH"]}` },
    });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const git = (dir: string, ...args: string[]) => exec("git", args, { cwd: dir, env: { ...process.env, ...ident } });

// A copy of the contract (buf.yaml, proto/, the contract version) in a git repository of its own,
// so releases and changes can be made without touching this one.
describe(".ci/check-breaking (buf breaking against the last contract-v* tag)", () => {
  let dir: string;
  const versionFile = () => join(dir, "src/client/contract-version.ts");
  const setVersion = async (v: string) =>
    writeFile(versionFile(), (await readFile(versionFile(), "utf8")).replace(/CONTRACT_VERSION = "[^"]*"/, `CONTRACT_VERSION = "${v}"`));
  const systemProto = () => join(dir, "proto/kargo/api/v1/system_service.proto");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "check-breaking-"));
    await cp(join(root, "buf.yaml"), join(dir, "buf.yaml"));
    await cp(join(root, "proto"), join(dir, "proto"), { recursive: true });
    await mkdir(join(dir, "src/client"), { recursive: true });
    await cp(join(root, "src/client/contract-version.ts"), versionFile());
    await git(dir, "init", "--quiet");
    await git(dir, "add", ".");
    await git(dir, "commit", "--quiet", "-m", "contract");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("passes with nothing to compare before the first release", async () => {
    expect(await checkBreaking(dir)).toEqual({ code: 0, output: expect.stringContaining("no release tag contract-v* yet") });
  });

  it("after a release, passes an addition and fails a removed field, until the major version is raised", async () => {
    await setVersion("1.0.0");
    await git(dir, "tag", "contract-v1.0.0");
    const proto = await readFile(systemProto(), "utf8");

    await writeFile(
      systemProto(),
      proto.replace("message GetVersionInfoRequest {}", "message GetVersionInfoRequest {\n  // Added in 1.1.0.\n  bool verbose = 1;\n}"),
    );
    expect(await checkBreaking(dir)).toEqual({ code: 0, output: expect.stringContaining("compatible with contract-v1.0.0") });

    await writeFile(systemProto(), proto.replace(/\n\s*\/\/ Operating system and CPU architecture[^\n]*\n\s*string platform = 6;/, ""));
    const broken = await checkBreaking(dir);
    expect(broken.code).not.toBe(0);
    expect(broken.output).toMatch(/Previously present field "6" with name "platform" on message "VersionInfo" was deleted/);
    expect(broken.output).toContain("raise the major version of CONTRACT_VERSION");

    await setVersion("1.1.0");
    expect((await checkBreaking(dir)).code).not.toBe(0);
    await setVersion("2.0.0");
    expect(await checkBreaking(dir)).toEqual({ code: 0, output: expect.stringContaining("declared by the major version of contract 2.0.0") });
  }, 60_000);
});
