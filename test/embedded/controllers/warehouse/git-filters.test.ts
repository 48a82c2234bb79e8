import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverGit } from "../../../../src/embedded/controllers/warehouse/discover-git.js";
import { pathFilter } from "../../../../src/embedded/controllers/warehouse/path-filter.js";
import { createTestRepository, type TestRepository } from "../support/git-repository.js";

describe("Git subscription filters", () => {
  let cacheDir: string;
  let repo: TestRepository;
  const ids: Record<string, string> = {};

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), "kargo-cache-"));
    repo = createTestRepository();
    ids["guestbook"] = repo.commit({ "apps/guestbook/app.yaml": "v: 1\n" }, "feat: guestbook 1");
    ids["readme"] = repo.commit({ "apps/guestbook/README.md": "docs\n" }, "docs: guestbook readme");
    ids["other"] = repo.commit({ "apps/other/app.yaml": "v: 1\n" }, "feat: other app");
    ids["docs"] = repo.commit({ "docs/index.md": "hello\n" }, "docs: site [kargo-ignore]");
    repo.tag("v1.0.0", ids["guestbook"]!);
    repo.tag("v1.1.0", ids["readme"]!);
    repo.tag("v1.2.0", ids["other"]!);
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  const branchSubjects = async (filters: { includePaths?: string[]; excludePaths?: string[]; expressionFilter?: string }) =>
    (await discoverGit(cacheDir, { repoURL: repo.url, branch: "main", ...filters })).artifacts.commits.map((c) => c["subject"]);

  it("keeps only commits changing an included path", async () => {
    expect(await branchSubjects({ includePaths: ["apps/guestbook"] })).toEqual(["docs: guestbook readme", "feat: guestbook 1"]);
  });

  it("drops commits whose every change is excluded, by path, glob: and regex:", async () => {
    expect(await branchSubjects({ excludePaths: ["docs"] })).toEqual(["feat: other app", "docs: guestbook readme", "feat: guestbook 1"]);
    expect(await branchSubjects({ includePaths: ["apps/guestbook"], excludePaths: ["glob:**/README.md"] })).toEqual(["feat: guestbook 1"]);
    expect(await branchSubjects({ includePaths: ["regex:^apps/[^/]+/app\\.yaml$"] })).toEqual(["feat: other app", "feat: guestbook 1"]);
  });

  it("applies expressionFilter to branch commits with Kargo's variables", async () => {
    expect(await branchSubjects({ expressionFilter: "!(subject contains '[kargo-ignore]')" })).toEqual([
      "feat: other app",
      "docs: guestbook readme",
      "feat: guestbook 1",
    ]);
    expect(await branchSubjects({ expressionFilter: "subject startsWith 'feat:' && author == 'Test Author <author@example.com>'" })).toEqual([
      "feat: other app",
      "feat: guestbook 1",
    ]);
    expect(await branchSubjects({ expressionFilter: `id == '${ids["readme"]}'` })).toEqual(["docs: guestbook readme"]);
  });

  it("gives expressionFilter dates as time values, with date(), now() and duration()", async () => {
    const all = ["docs: site [kargo-ignore]", "feat: other app", "docs: guestbook readme", "feat: guestbook 1"];
    expect(await branchSubjects({ expressionFilter: "commitDate.After(date('2020-01-01')) && !(subject contains 'docs')" })).toEqual([
      "feat: other app",
      "feat: guestbook 1",
    ]);
    expect(await branchSubjects({ expressionFilter: "commitDate.Before(date('2020-01-01'))" })).toEqual([]);
    expect(await branchSubjects({ expressionFilter: "commitDate.Year() >= 2020 && now() - commitDate < duration('24h')" })).toEqual(all);
    expect(await branchSubjects({ expressionFilter: "commitDate > now()" })).toEqual([]);
    const tags = async (expressionFilter: string) =>
      (await discoverGit(cacheDir, { repoURL: repo.url, commitSelectionStrategy: "SemVer", expressionFilter })).artifacts.commits.map((c) => c["tag"]);
    expect(await tags("creatorDate.After(date('2024-01-01')) && !(tag contains '1.1')")).toEqual(["v1.2.0", "v1.0.0"]);
    expect(await tags("creatorDate.Before(date('2024-01-01T00:00:00Z'))")).toEqual([]);
  });

  it("applies expressionFilter and paths to tags", async () => {
    const semver = (filters: object) => discoverGit(cacheDir, { repoURL: repo.url, commitSelectionStrategy: "SemVer", ...filters });
    expect((await semver({ expressionFilter: "tag != 'v1.2.0'" })).artifacts.commits.map((c) => c["tag"])).toEqual(["v1.1.0", "v1.0.0"]);
    expect((await semver({ includePaths: ["apps/guestbook/app.yaml"] })).newest).toMatchObject({ tag: "v1.0.0", id: ids["guestbook"] });
  });

  it("records commit metadata in the Freight commit", async () => {
    const found = await discoverGit(cacheDir, { repoURL: repo.url, branch: "main" });
    expect(found.newest).toEqual({
      repoURL: repo.url,
      id: ids["docs"],
      branch: "main",
      message: "docs: site [kargo-ignore]",
      author: "Test Author <author@example.com>",
      committer: expect.stringMatching(/<.+@.+>$/u),
    });
  });

  it("refuses an expressionFilter that does not parse", async () => {
    await expect(branchSubjects({ expressionFilter: "subject contains" })).rejects.toThrow(/^invalid expressionFilter/u);
  });

  describe("pathFilter", () => {
    it("is undefined without selectors, and a directory selects what is under it only", () => {
      expect(pathFilter(undefined, [])).toBeUndefined();
      const filter = pathFilter(["apps/guest"], undefined)!;
      expect(filter(["apps/guest/x.yaml"])).toBe(true);
      expect(filter(["apps/guestbook/x.yaml"])).toBe(false);
    });
  });
});
