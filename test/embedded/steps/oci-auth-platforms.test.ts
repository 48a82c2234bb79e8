import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import type { Promotion } from "../../../src/domain/types.js";
import { createFreight, createPromotion, createStage, terminalPromotion } from "../controllers/support/kargo-objects.js";
import { useControllers } from "../controllers/support/use-controllers.js";
import { distributionPush, sha256Digest } from "./support/distribution-push.js";
import { run, startTestRegistry, type TestRegistry } from "../registry/support/test-registry.js";

const PROJECT = "oci-auth";
const USER = "pusher";
const PASSWORD = "registry-s3cret";
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
const INDEX = "application/vnd.oci.image.index.v1+json";
const MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const sha = sha256Digest;

/** The registry's answer for a manifest, read with the credentials (the test's own check). */
async function manifestOf(host: string, repository: string, reference: string): Promise<{ body: string; json: Record<string, unknown> }> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    headers: { authorization: BASIC, accept: `${INDEX}, ${MANIFEST}` },
  });
  if (response.status !== 200) throw new Error(`manifest ${repository}:${reference}: HTTP ${response.status}`);
  const body = await response.text();
  return { body, json: JSON.parse(body) };
}

/**
 * Pushes a two-platform image index whose images each carry a distinct text layer (so which one a
 * download picked shows in the file), with Basic credentials.
 */
async function seedIndex(host: string, repository: string, tag: string): Promise<string> {
  const push = distributionPush(host, repository, BASIC);
  const images = [];
  for (const architecture of ["amd64", "arm64"]) {
    const config = await push.blob(Buffer.from(JSON.stringify({ architecture, os: "linux", rootfs: { type: "layers", diff_ids: [] } })));
    const layer = await push.blob(Buffer.from(`payload for ${architecture}\n`));
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers: [{ mediaType: "text/plain", ...layer }],
    });
    await push.manifest(sha(manifest), MANIFEST, manifest);
    images.push({ mediaType: MANIFEST, digest: sha(manifest), size: Buffer.byteLength(manifest), platform: { os: "linux", architecture } });
  }
  return push.manifest(tag, INDEX, JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: images }));
}

/** oci-push and oci-download with the project's `cred-type: image` credentials and multi-platform indexes. */
describe("oci-push and oci-download against docker-registry with htpasswd auth", () => {
  const fixture = useControllers();
  let registry: TestRegistry;
  let indexDigest = "";

  beforeAll(async () => {
    registry = await startTestRegistry({ kind: "htpasswd", username: USER, password: PASSWORD });
    indexDigest = await seedIndex(registry.host, "src/multi", "1.0.0");
    await fixture.createProject(PROJECT);
  });
  afterAll(async () => registry?.stop());

  let count = 0;
  async function promote(steps: unknown[]): Promise<Promotion> {
    const name = `s${++count}`;
    const stage = await createStage(fixture.client, PROJECT, name, { warehouse: "images", steps: steps as never });
    const freight = await createFreight(fixture.client, PROJECT, "images", { images: [{ repoURL: "example.com/app", tag: `${name}-1.0.0` }] });
    return terminalPromotion(fixture.client, PROJECT, (await createPromotion(fixture.client, stage, freight.metadata.name!)).metadata.name!);
  }

  it("errors naming the missing credentials while the project has none, and never sends a secret it lacks", async () => {
    const promotion = await promote([{ uses: "oci-download", config: { imageRef: `${registry.host}/src/multi:1.0.0`, outPath: "./a.txt" } }]);
    expect(promotion.status?.["phase"]).toBe("Errored");
    expect(promotion.status?.["message"]).toContain(`requires credentials for ${registry.host}/src/multi and none are stored for it`);
  });

  describe("with the project's image credentials", () => {
    beforeAll(async () => {
      const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
      await core.createNamespacedSecret({
        namespace: PROJECT,
        body: {
          metadata: { name: "registry", labels: { "kargo.akuity.io/cred-type": "image" } },
          stringData: { repoURL: `^${registry.host.replaceAll(".", "\\.")}/`, repoURLIsRegex: "true", username: USER, password: PASSWORD },
        },
      });
    });

    it("downloads the image of the platform asked for from an index, linux/amd64 by default", async () => {
      const promotion = await promote([
        { uses: "oci-download", config: { imageRef: `${registry.host}/src/multi:1.0.0`, outPath: "./default.txt" } },
        { uses: "oci-download", config: { imageRef: `${registry.host}/src/multi@${indexDigest}`, outPath: "./arm.txt", platform: "linux/arm64" } },
        { uses: "yaml-parse", as: "read", config: { path: "./default.txt", outputs: [{ name: "text", fromExpression: "value" }] } },
        { uses: "yaml-parse", as: "readArm", config: { path: "./arm.txt", outputs: [{ name: "text", fromExpression: "value" }] } },
      ]);
      expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
      const state = promotion.status?.["state"] as Record<string, Record<string, unknown>>;
      expect(state["read"]).toEqual({ text: "payload for amd64" });
      expect(state["readArm"]).toEqual({ text: "payload for arm64" });
    });

    it("fails naming the platforms an index has when the one asked for is missing", async () => {
      const promotion = await promote([
        { uses: "oci-download", config: { imageRef: `${registry.host}/src/multi:1.0.0`, outPath: "./x.txt", platform: "windows/amd64" } },
      ]);
      expect(promotion.status?.["phase"]).toBe("Failed");
      expect(promotion.status?.["message"]).toContain('step "oci-download":');
      expect(promotion.status?.["message"]).toContain("no image for windows/amd64 (it has: linux/amd64, linux/arm64)");
    });

    it("copies a whole index (every platform's manifest and blobs) unchanged, keeping its digest", async () => {
      const promotion = await promote([
        { uses: "oci-push", as: "push", config: { imageRef: `${registry.host}/src/multi:1.0.0`, destRef: `${registry.host}/copy/multi:\${{ ctx.stage }}` } },
      ]);
      expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
      const output = (promotion.status?.["state"] as Record<string, Record<string, string>>)["push"]!;
      expect(output["digest"]).toBe(indexDigest);
      expect(output["tag"]).toBe(`s${count}`);
      // skopeo, an independent client, copies everything the index names out of the destination.
      const out = mkdtempSync(join(tmpdir(), "kargo-oci-copy-"));
      try {
        await run("skopeo", [
          "copy",
          "--quiet",
          "--all",
          "--src-tls-verify=false",
          "--src-creds",
          `${USER}:${PASSWORD}`,
          `docker://${registry.host}/copy/multi:s${count}`,
          `oci:${out}:copy`,
        ]);
        const index = JSON.parse(readFileSync(join(out, "index.json"), "utf8")) as { manifests: { digest: string }[] };
        expect(index.manifests.map((m) => m.digest)).toEqual([indexDigest]);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it("puts manifest annotations on every platform's image and index annotations on the index", async () => {
      const promotion = await promote([
        {
          uses: "oci-push",
          as: "push",
          config: {
            imageRef: `${registry.host}/src/multi:1.0.0`,
            destRef: `${registry.host}/annotated/multi:v1`,
            annotations: { "org.example.stage": "${{ ctx.stage }}", "index:org.example.scope": "index" },
          },
        },
        {
          uses: "oci-download",
          config: { imageRef: `${registry.host}/annotated/multi@\${{ outputs.push.digest }}`, outPath: "./arm.txt", platform: "linux/arm64" },
        },
        { uses: "yaml-parse", as: "read", config: { path: "./arm.txt", outputs: [{ name: "text", fromExpression: "value" }] } },
      ]);
      expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
      const state = promotion.status?.["state"] as Record<string, Record<string, unknown>>;
      expect(state["read"]).toEqual({ text: "payload for arm64" });
      const index = await manifestOf(registry.host, "annotated/multi", "v1");
      expect(sha(index.body)).toBe(state["push"]!["digest"]);
      expect(index.json["annotations"]).toEqual({ "org.example.scope": "index" });
      const children = index.json["manifests"] as { digest: string; size: number; platform: { architecture: string } }[];
      expect(children.map((c) => c.platform.architecture)).toEqual(["amd64", "arm64"]);
      for (const child of children) {
        const image = await manifestOf(registry.host, "annotated/multi", child.digest);
        expect([sha(image.body), Buffer.byteLength(image.body)]).toEqual([child.digest, child.size]);
        expect(image.json["annotations"]).toEqual({ "org.example.stage": `s${count}` });
      }
    });
  });
});
