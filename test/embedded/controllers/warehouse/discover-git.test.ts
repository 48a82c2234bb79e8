import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverGit } from "../../../../src/embedded/controllers/warehouse/discover-git.js";
import { createTestRepository, type TestRepository } from "../support/git-repository.js";

describe("discoverGit", () => {
  let cacheDir: string;
  let repo: TestRepository;
  const commits: Record<string, string> = {};

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), "kargo-cache-"));
    repo = createTestRepository();
    for (const version of ["1.0.0", "1.1.0", "1.2.0", "2.0.0", "1.3.0-rc.1"]) {
      commits[version] = repo.commit({ VERSION: `${version}\n` }, `release ${version}`);
      repo.tag(`v${version}`, commits[version]!);
    }
    commits["develop"] = repo.commit({ VERSION: "dev\n" }, "develop work", "develop");
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("finds the newest commits of a branch, newest first, up to discoveryLimit", async () => {
    const found = await discoverGit(cacheDir, { repoURL: repo.url, branch: "main", discoveryLimit: 2 });
    expect(found.artifacts.commits.map((c) => c["subject"])).toEqual(["release 1.3.0-rc.1", "release 2.0.0"]);
    expect(found.newest).toMatchObject({ repoURL: repo.url, id: commits["1.3.0-rc.1"], branch: "main", message: "release 1.3.0-rc.1" });
  });

  it("uses the remote's default branch when none is named", async () => {
    const found = await discoverGit(cacheDir, { repoURL: repo.url });
    expect(found.artifacts.branch).toBe("main");
    expect(found.artifacts.commits).toHaveLength(5);
  });

  it("selects semver tags within a constraint, highest first, without pre-releases", async () => {
    const found = await discoverGit(cacheDir, { repoURL: repo.url, commitSelectionStrategy: "SemVer", semverConstraint: "^1.0.0", discoveryLimit: 2 });
    expect(found.artifacts.commits.map((c) => c["tag"])).toEqual(["v1.2.0", "v1.1.0"]);
    expect(found.newest).toMatchObject({ id: commits["1.2.0"], tag: "v1.2.0" });
  });

  it("sees commits and tags pushed after the first discovery", async () => {
    const next = repo.commit({ VERSION: "1.2.1\n" }, "release 1.2.1");
    repo.tag("v1.2.1", next);
    const found = await discoverGit(cacheDir, { repoURL: repo.url, commitSelectionStrategy: "SemVer", semverConstraint: "~1.2" });
    expect(found.newest).toMatchObject({ id: next, tag: "v1.2.1" });
  });

  it("fails for a repository it cannot reach", async () => {
    await expect(discoverGit(cacheDir, { repoURL: "file:///nonexistent/repo.git" })).rejects.toThrow(/git fetch failed/u);
  });
});
