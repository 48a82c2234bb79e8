import { createImageMetadataCache, discoverImage, type ImageSubscription } from "../../../../src/embedded/controllers/warehouse/discover-image.js";
import { parseImageRepository } from "../../../../src/embedded/registry/image-repository.js";
import { createRegistryClient, type RegistryClient } from "../../../../src/embedded/registry/registry-client.js";
import { createSelfSignedCertificate } from "../../../../src/embedded/tls/create-self-signed-certificate.js";
import { startPaginatingProxy } from "../../registry/support/paginating-proxy.js";
import { startTestRegistry, type TestRegistry } from "../../registry/support/test-registry.js";

const day = (n: number) => `2025-01-${String(n).padStart(2, "0")}T00:00:00Z`;

describe("discoverImage against a real registry", () => {
  let registry: TestRegistry;
  let digests: Record<string, string> = {};
  const client = (name: string, tagPageSize?: number): RegistryClient =>
    createRegistryClient({ repository: parseImageRepository(`${registry.host}/${name}`), ...(tagPageSize ? { tagPageSize } : {}) });
  const discover = (name: string, subscription: Omit<ImageSubscription, "repoURL">, registryClient = client(name)) =>
    discoverImage(registryClient, { repoURL: `${registry.host}/${name}`, ...subscription }, createImageMetadataCache());

  beforeAll(async () => {
    registry = await startTestRegistry();
    digests = await registry.push("app", [
      { tag: "1.0.0", image: { created: day(1), annotations: { "org.opencontainers.image.revision": "r100" } } },
      { tag: "1.1.0", image: { created: day(3) } },
      { tag: "v1.2", image: { created: day(2) } },
      { tag: "2.0.0-rc.1", image: { created: day(5) } },
      { tag: "nightly-20250102", image: { created: day(4) } },
      { tag: "nightly-20250110", image: { created: day(6) } },
      { tag: "latest", image: { created: day(7) } },
    ]);
  }, 120_000);
  afterAll(() => registry?.stop());

  describe("SemVer", () => {
    it("selects full semantic versions within the constraint, highest first, with digest, build date and annotations", async () => {
      const found = await discover("app", { constraint: "^1.0.0" });
      expect(found.artifacts.references).toEqual([
        { tag: "1.1.0", digest: digests["1.1.0"], createdAt: day(3) },
        { tag: "1.0.0", digest: digests["1.0.0"], createdAt: day(1), annotations: { "org.opencontainers.image.revision": "r100" } },
      ]);
      expect(found.newest).toEqual({ repoURL: `${registry.host}/app`, tag: "1.1.0", digest: digests["1.1.0"] });
    });

    it("takes partial versions when strictSemvers is false, and pre-releases only when the constraint names one", async () => {
      expect((await discover("app", { constraint: "^1.0.0", strictSemvers: false })).artifacts.references.map((r) => r.tag)).toEqual([
        "v1.2",
        "1.1.0",
        "1.0.0",
      ]);
      expect((await discover("app", { constraint: ">=2.0.0-rc.0" })).artifacts.references.map((r) => r.tag)).toEqual(["2.0.0-rc.1"]);
      // No constraint: every semantic version, pre-releases too (Kargo checks no constraint then).
      expect((await discover("app", {})).artifacts.references.map((r) => r.tag)).toEqual(["2.0.0-rc.1", "1.1.0", "1.0.0"]);
    });

    it("applies ignoreTags and discoveryLimit", async () => {
      expect((await discover("app", { constraint: "^1", ignoreTags: ["1.1.0"] })).artifacts.references.map((r) => r.tag)).toEqual(["1.0.0"]);
      expect((await discover("app", { constraint: "^1", discoveryLimit: 1 })).artifacts.references.map((r) => r.tag)).toEqual(["1.1.0"]);
    });

    it("finds nothing when no tag matches", async () => {
      const found = await discover("app", { constraint: "^3.0.0" });
      expect(found.artifacts.references).toEqual([]);
      expect(found.newest).toBeUndefined();
    });
  });

  it("Lexical selects the greatest allowed tag", async () => {
    const found = await discover("app", { imageSelectionStrategy: "Lexical", allowTags: "^nightly-\\d{8}$" });
    expect(found.artifacts.references.map((r) => r.tag)).toEqual(["nightly-20250110", "nightly-20250102"]);
  });

  it("NewestBuild orders by the config's build date", async () => {
    const found = await discover("app", { imageSelectionStrategy: "NewestBuild", discoveryLimit: 3 });
    expect(found.artifacts.references.map((r) => [r.tag, r.createdAt])).toEqual([
      ["latest", day(7)],
      ["nightly-20250110", day(6)],
      ["2.0.0-rc.1", day(5)],
    ]);
  });

  describe("a multi-arch index", () => {
    let indexDigests: Record<string, string>;
    beforeAll(async () => {
      indexDigests = await registry.push("multi", [
        {
          tag: "1.0.0",
          index: [
            { created: day(1), os: "linux", architecture: "amd64" },
            { created: day(2), os: "linux", architecture: "arm64", annotations: { arch: "arm64" } },
          ],
          annotations: { "org.opencontainers.image.source": "https://example.org/multi" },
        },
        { tag: "1.1.0", index: [{ created: day(3), os: "linux", architecture: "amd64" }] },
      ]);
    }, 120_000);

    it("records the index digest and the date of the image for the platform", async () => {
      const found = await discover("multi", { platform: "linux/arm64" });
      // 1.1.0 has no arm64 image, so it is skipped.
      expect(found.artifacts).toEqual({
        repoURL: `${registry.host}/multi`,
        platform: "linux/arm64",
        references: [
          {
            tag: "1.0.0",
            digest: indexDigests["1.0.0"],
            createdAt: day(2),
            annotations: { "org.opencontainers.image.source": "https://example.org/multi", arch: "arm64" },
          },
        ],
      });
    });

    it("without a platform takes the newest image's date and skips attestation entries", async () => {
      const found = await discover("multi", {});
      expect(found.artifacts.references.map((r) => [r.tag, r.createdAt])).toEqual([
        ["1.1.0", day(3)],
        ["1.0.0", day(2)],
      ]);
    });

    it("finds nothing for a platform no image has", async () => {
      expect((await discover("multi", { platform: "windows/amd64" })).artifacts.references).toEqual([]);
    });
  });

  it("Digest follows a mutable tag to the image it names now", async () => {
    const first = await registry.push("mutable", [{ tag: "latest", image: { created: day(1) } }]);
    const registryClient = client("mutable");
    const cache = createImageMetadataCache();
    const subscription = { repoURL: `${registry.host}/mutable`, imageSelectionStrategy: "Digest" as const, constraint: "latest" };
    expect((await discoverImage(registryClient, subscription, cache)).newest).toMatchObject({ tag: "latest", digest: first["latest"] });
    const moved = await registry.push("mutable", [{ tag: "latest", image: { created: day(9) } }]);
    expect(moved["latest"]).not.toBe(first["latest"]);
    expect((await discoverImage(registryClient, subscription, cache)).artifacts.references).toEqual([
      { tag: "latest", digest: moved["latest"], createdAt: day(9) },
    ]);
  }, 60_000);

  it("follows Link pagination past the first page of tags", async () => {
    const proxy = await startPaginatingProxy(registry.host, 2);
    try {
      const registryClient = createRegistryClient({ repository: parseImageRepository(`${proxy.host}/app`) });
      const found = await discoverImage(
        registryClient,
        { repoURL: `${proxy.host}/app`, imageSelectionStrategy: "Lexical", allowTags: "^nightly" },
        createImageMetadataCache(),
      );
      expect(found.artifacts.references.map((r) => r.tag)).toEqual(["nightly-20250110", "nightly-20250102"]);
      // Seven tags, two per page: four pages, each asked for by the Link of the one before.
      expect(proxy.tagRequests).toEqual([
        "/v2/app/tags/list?n=1000",
        "/v2/app/tags/list?n=2&last=1.1.0",
        "/v2/app/tags/list?n=2&last=latest",
        "/v2/app/tags/list?n=2&last=nightly-20250110",
      ]);
    } finally {
      await proxy.close();
    }
  });

  it("costs one tags request to refresh an unchanged repository, metadata coming from the cache", async () => {
    const registryClient = client("app");
    const cache = createImageMetadataCache();
    const subscription = { repoURL: `${registry.host}/app`, imageSelectionStrategy: "NewestBuild" as const };
    const first = await discoverImage(registryClient, subscription, cache);
    const afterFirst = registryClient.requests;
    // Tags list, then a manifest and a config blob per tag.
    expect(afterFirst).toBe(1 + 7 * 2);
    expect(await discoverImage(registryClient, subscription, cache)).toEqual(first);
    expect(registryClient.requests - afterFirst).toBe(1);
  });

  describe("a registry serving TLS with a self-signed certificate", () => {
    let tlsRegistry: TestRegistry;
    beforeAll(async () => {
      tlsRegistry = await startTestRegistry({ kind: "none" }, { tls: createSelfSignedCertificate("registry", ["127.0.0.1"], 1) });
      await tlsRegistry.push("secure", [{ tag: "1.0.0", image: { created: day(1) } }]);
    }, 60_000);
    afterAll(() => tlsRegistry?.stop());
    const subscription = () => ({ repoURL: `${tlsRegistry.host}/secure` });
    const tlsClient = (insecureSkipTLSVerify: boolean) =>
      createRegistryClient({ repository: parseImageRepository(subscription().repoURL), insecureSkipTLSVerify });

    it("is refused without insecureSkipTLSVerify (no fallback to plain HTTP on a certificate error)", async () => {
      await expect(discoverImage(tlsClient(false), subscription(), createImageMetadataCache())).rejects.toMatchObject({
        reason: "RegistryUnavailable",
        message: expect.stringMatching(/^registry https:\/\/127\.0\.0\.1:\d+ unreachable: .*certificate/u),
      });
    });

    it("is read with insecureSkipTLSVerify", async () => {
      const found = await discoverImage(tlsClient(true), { ...subscription(), insecureSkipTLSVerify: true }, createImageMetadataCache());
      expect(found.artifacts.references.map((r) => r.tag)).toEqual(["1.0.0"]);
    });
  });

  it("reports a repository that does not exist", async () => {
    await expect(discover("missing", {})).rejects.toMatchObject({ reason: "RepositoryNotFound" });
  });
});
