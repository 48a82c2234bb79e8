// `node --import tsx bench/image-discovery.ts`: issue 15's figures for image discovery against
// Debian's docker-registry on loopback — discovery of a 1,000-tag repository the first time
// (SemVer, which reads metadata for discoveryLimit images, and NewestBuild, which reads it for
// every tag), and one refresh of the unchanged repository (requests made, time). Needs
// docker-registry and skopeo (see .ci/run). Prints a Markdown table.
import { createHash } from "node:crypto";
import { createImageMetadataCache, discoverImage, type ImageSubscription } from "../src/embedded/controllers/warehouse/discover-image.js";
import { parseImageRepository } from "../src/embedded/registry/image-repository.js";
import { createRegistryClient } from "../src/embedded/registry/registry-client.js";
import { startTestRegistry } from "../test/embedded/registry/support/test-registry.js";

const TAGS = Number(process.env.BENCH_TAGS ?? 1000);
const registry = await startTestRegistry();
try {
  const repoURL = `${registry.host}/bench/app`;
  // One image through skopeo (the layer blob), then each further tag's own config blob and
  // manifest through the registry's HTTP API, which is what a CI pushing 1,000 builds leaves.
  await registry.push("bench/app", [{ tag: "0.0.0", image: { created: "2024-01-01T00:00:00Z" } }]);
  const base = `http://${registry.host}/v2/bench/app`;
  const first = (await (await fetch(`${base}/manifests/0.0.0`, { headers: { Accept: "application/vnd.oci.image.manifest.v1+json" } })).json()) as {
    layers: unknown[];
  };
  const t0 = performance.now();
  for (let i = 1; i < TAGS; i++) {
    const tag = `1.${Math.floor(i / 100)}.${i % 100}`;
    const config = Buffer.from(
      JSON.stringify({
        created: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
        os: "linux",
        architecture: "amd64",
        rootfs: { type: "layers", diff_ids: [] },
      }),
    );
    const digest = `sha256:${createHash("sha256").update(config).digest("hex")}`;
    const upload = await fetch(`${base}/blobs/uploads/`, { method: "POST" });
    const location = new URL(upload.headers.get("location")!, base);
    location.searchParams.set("digest", digest);
    await (await fetch(location, { method: "PUT", body: config, headers: { "Content-Type": "application/octet-stream" } })).arrayBuffer();
    const manifest = {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest, size: config.length },
      layers: first.layers,
    };
    const put = await fetch(`${base}/manifests/${tag}`, { method: "PUT", body: JSON.stringify(manifest), headers: { "Content-Type": manifest.mediaType } });
    if (put.status !== 201) throw new Error(`push ${tag}: HTTP ${put.status} ${await put.text()}`);
  }
  process.stdout.write(`pushed ${TAGS} tags in ${Math.round(performance.now() - t0)} ms\n\n| figure | requests | time (ms) |\n|---|---:|---:|\n`);
  for (const subscription of [{ repoURL }, { repoURL, imageSelectionStrategy: "NewestBuild" as const }] satisfies ImageSubscription[]) {
    const client = createRegistryClient({ repository: parseImageRepository(repoURL) });
    const cache = createImageMetadataCache();
    const name = subscription.imageSelectionStrategy ?? "SemVer";
    let start = performance.now();
    const found = await discoverImage(client, subscription, cache);
    const firstMs = performance.now() - start;
    const firstRequests = client.requests;
    start = performance.now();
    await discoverImage(client, subscription, cache);
    const refreshMs = performance.now() - start;
    process.stdout.write(
      `| ${name}: first discovery of ${TAGS} tags (${found.artifacts.references.length} selected) | ${firstRequests} | ${firstMs.toFixed(0)} |\n`,
    );
    process.stdout.write(`| ${name}: refresh of the unchanged repository | ${client.requests - firstRequests} | ${refreshMs.toFixed(1)} |\n`);
  }
} finally {
  await registry.stop();
}
