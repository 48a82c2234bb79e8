import { createHash } from "node:crypto";
import type { Promotion } from "../../../src/domain/types.js";
import { createFreight, createPromotion, createStage, terminalPromotion } from "../controllers/support/kargo-objects.js";
import { useControllers } from "../controllers/support/use-controllers.js";
import { startTestRegistry, type TestRegistry } from "../registry/support/test-registry.js";

const PROJECT = "oci";
const sha = (bytes: Buffer | string) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** Pushes a one-layer OCI artifact with the Distribution API, as any OCI client would (the test's own seeding). */
async function seedArtifact(base: string, repository: string, tag: string, content: string): Promise<void> {
  const upload = async (bytes: Buffer) => {
    const started = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: "POST" });
    const url = new URL(started.headers.get("location")!, base);
    url.searchParams.set("digest", sha(bytes));
    const put = await fetch(url, { method: "PUT", body: bytes, headers: { "content-type": "application/octet-stream" } });
    if (put.status !== 201) throw new Error(`blob upload: ${put.status}`);
  };
  const config = Buffer.from("{}");
  const layer = Buffer.from(content);
  await upload(config);
  await upload(layer);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.empty.v1+json", digest: sha(config), size: config.length },
    layers: [{ mediaType: "text/plain", digest: sha(layer), size: layer.length }],
  });
  const put = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: "PUT",
    body: manifest,
    headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" },
  });
  if (put.status !== 201) throw new Error(`manifest: ${put.status} ${await put.text()}`);
}

describe("oci-push and oci-download against Debian's docker-registry", () => {
  const fixture = useControllers();
  let registry: TestRegistry | undefined;
  let host = "";

  beforeAll(async () => {
    registry = await startTestRegistry();
    host = registry.host;
    await seedArtifact(`http://${host}`, "src/app", "1.0.0", "artifact contents\n");
    await fixture.createProject(PROJECT);
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
  });

  async function promote(stageName: string, steps: unknown[]): Promise<Promotion> {
    const stage = await createStage(fixture.client, PROJECT, stageName, { warehouse: "images", steps: steps as never });
    const freight = await createFreight(fixture.client, PROJECT, "images", { images: [{ repoURL: "example.com/app", tag: `${stageName}-2.0.0` }] });
    return terminalPromotion(fixture.client, PROJECT, (await createPromotion(fixture.client, stage, freight.metadata.name!)).metadata.name!);
  }

  it("copies an artifact to a new tag with annotations, then downloads its layer, handing the digest on", async () => {
    const promotion = await promote("copy", [
      {
        uses: "oci-push",
        as: "pushed",
        config: {
          imageRef: `oci://${host}/src/app:1.0.0`,
          destRef: `${host}/dst/app:\${{ imageFrom("example.com/app").Tag }}`,
          annotations: { "manifest:org.example.stage": "${{ ctx.stage }}" },
        },
      },
      { uses: "oci-download", config: { imageRef: `${host}/dst/app@\${{ outputs.pushed.digest }}`, outPath: "./out/artifact.txt", mediaType: "text/plain" } },
      { uses: "file-write", config: { path: "./digest.txt", contents: "${{ outputs.pushed.digest }}" } },
    ]);
    expect(promotion.status?.["message"]).toBe("All steps completed");
    expect(promotion.status?.["phase"]).toBe("Succeeded");
    const digest = (promotion.status?.["state"] as Record<string, Record<string, string>>)["pushed"]!["digest"]!;
    const manifest = await fetch(`http://${host}/v2/dst/app/manifests/copy-2.0.0`, { headers: { accept: "application/vnd.oci.image.manifest.v1+json" } });
    const body = await manifest.text();
    expect(sha(body)).toBe(digest);
    expect(JSON.parse(body).annotations).toEqual({ "org.example.stage": "copy" });
  });

  it("downloads by tag into the work directory", async () => {
    const promotion = await promote("download", [
      { uses: "oci-download", config: { imageRef: `${host}/src/app:1.0.0`, outPath: "./artifact.txt" } },
      { uses: "json-parse", as: "never", if: "${{ false }}", config: { path: "./none.json", outputs: [{ name: "x", fromExpression: "x" }] } },
      { uses: "yaml-parse", as: "read", config: { path: "./artifact.txt", outputs: [{ name: "text", fromExpression: "value" }] } },
    ]);
    expect(promotion.status?.["phase"]).toBe("Succeeded");
    expect((promotion.status?.["state"] as Record<string, unknown>)["read"]).toEqual({ text: "artifact contents" });
  });

  it.each([
    [{ uses: "oci-download", config: { imageRef: "not a ref", outPath: "./x" } }, 'step "oci-download": config.imageRef "not a ref" is not a reference'],
    [{ uses: "oci-push", config: { imageRef: "127.0.0.1:1/a:1", destRef: `127.0.0.1:1/b@sha256:${"0".repeat(64)}` } }, 'step "oci-push": config.destRef'],
    [{ uses: "oci-download", config: { imageRef: "HOST/src/app:9.9.9", outPath: "./x" } }, "src/app:9.9.9 not found"],
  ])("fails a bad config naming the step and field: %j", async (step, message) => {
    const resolved = JSON.parse(JSON.stringify(step).replace("HOST", host));
    const promotion = await promote(`bad-${resolved.uses}-${Math.abs(createHash("sha1").update(message).digest()[0]!)}`, [resolved]);
    expect(promotion.status?.["phase"]).toBe("Failed");
    expect(promotion.status?.["message"]).toContain(message);
  });
});
