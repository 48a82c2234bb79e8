import { freightName } from "../../src/domain/freight-name.js";
import { normalizeGitUrl } from "../../src/domain/normalize-git-url.js";
import { normalizeChartRepoUrl } from "../../src/domain/normalize-chart-repo-url.js";

const origin = { kind: "Warehouse", name: "w" };

describe("freightName", () => {
  it("is the SHA-1 of origin and the artifact string, as Kargo computes it (known vector)", () => {
    // sha1("Warehouse/kargo-demo:public.ecr.aws/nginx/nginx:1.27.0@sha256:abc"), computed independently.
    expect(
      freightName({
        origin: { kind: "Warehouse", name: "kargo-demo" },
        images: [{ repoURL: "public.ecr.aws/nginx/nginx", tag: "1.27.0", digest: "sha256:abc" }],
      }),
    ).toBe("6cfc5c96bf75ff240312932b81418b62ce89484c");
  });

  it("sorts the parts and normalizes Git and chart URLs (known vector over three kinds)", () => {
    expect(
      freightName({
        origin,
        images: [{ repoURL: "public.ecr.aws/nginx/nginx", tag: "1.27.0" }],
        commits: [{ repoURL: "https://user@GitHub.com/example/repo.git/", id: "deadbeef", tag: "v1.0.0", message: "ignored" }],
        charts: [{ repoURL: "oci://GHCR.io/charts", name: "podinfo", version: "6.0.0" }],
      }),
    ).toBe("e7b10423548d33b520bbd59d612e45d18e8fd64b");
  });

  it("gives the same name for the same artifacts in a different order", () => {
    const a = { repoURL: "ghcr.io/a", tag: "1", digest: "sha256:1" };
    const b = { repoURL: "ghcr.io/b", tag: "2", digest: "sha256:2" };
    expect(freightName({ origin, images: [a, b] })).toBe(freightName({ origin, images: [b, a] }));
  });

  it("differs by origin, tag and digest", () => {
    const image = { repoURL: "ghcr.io/a", tag: "1", digest: "sha256:1" };
    const base = freightName({ origin, images: [image] });
    expect(freightName({ origin: { kind: "Warehouse", name: "other" }, images: [image] })).not.toBe(base);
    expect(freightName({ origin, images: [{ ...image, tag: "2" }] })).not.toBe(base);
    expect(freightName({ origin, images: [{ ...image, digest: "sha256:2" }] })).not.toBe(base);
  });

  it("ignores non-identifying fields (commit message, branch)", () => {
    const commit = { repoURL: "https://github.com/x/y", id: "abc" };
    expect(freightName({ origin, commits: [{ ...commit, message: "m", branch: "main" }] })).toBe(freightName({ origin, commits: [commit] }));
  });

  it("counts generic artifacts as type:subscription:version", () => {
    const withArtifact = freightName({ origin, artifacts: [{ artifactType: "t", subscriptionName: "s", version: "1" }] });
    expect(withArtifact).not.toBe(freightName({ origin, artifacts: [{ artifactType: "t", subscriptionName: "s", version: "2" }] }));
  });
});

describe("normalizeGitUrl", () => {
  it("canonicalizes https, ssh and scp-style URLs", () => {
    expect(normalizeGitUrl(" https://u:p@GitHub.com/A/B.git/ ")).toBe("https://github.com/a/b");
    expect(normalizeGitUrl("ssh://git@github.com/a/b.git")).toBe("ssh://git@github.com/a/b");
    expect(normalizeGitUrl("git@github.com:a/b.git")).toBe("ssh://git@github.com/a/b");
  });
});

describe("normalizeChartRepoUrl", () => {
  it("strips oci:// and expands Docker Hub references, leaving HTTP repositories alone", () => {
    expect(normalizeChartRepoUrl("oci://ghcr.io/x/charts")).toBe("ghcr.io/x/charts");
    expect(normalizeChartRepoUrl("oci://docker.io/bitnamicharts")).toBe("index.docker.io/library/bitnamicharts");
    expect(normalizeChartRepoUrl("https://Charts.Example.com")).toBe("https://charts.example.com");
  });
});
