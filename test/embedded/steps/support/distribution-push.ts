import { createHash } from "node:crypto";

/** `sha256:<hex>` of bytes. */
export const sha256Digest = (bytes: Buffer | string): string => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/**
 * The test's own pushes to a registry with the OCI Distribution API, as any OCI client makes
 * them (monolithic blob uploads, manifests by PUT), with an Authorization header when given.
 */
export function distributionPush(host: string, repository: string, authorization?: string) {
  const auth: Record<string, string> = authorization ? { authorization } : {};
  return {
    /** Uploads a blob; returns its descriptor fields. */
    async blob(bytes: Buffer): Promise<{ digest: string; size: number }> {
      const started = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: "POST", headers: auth });
      const url = new URL(started.headers.get("location")!, `http://${host}`);
      url.searchParams.set("digest", sha256Digest(bytes));
      const put = await fetch(url, { method: "PUT", body: bytes, headers: { ...auth, "content-type": "application/octet-stream" } });
      if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status}`);
      return { digest: sha256Digest(bytes), size: bytes.length };
    },
    /** Puts a manifest (or index) under a tag or digest; returns its digest. */
    async manifest(reference: string, mediaType: string, body: string): Promise<string> {
      const put = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
        method: "PUT",
        body,
        headers: { ...auth, "content-type": mediaType },
      });
      if (put.status !== 201) throw new Error(`manifest: HTTP ${put.status} ${await put.text()}`);
      return sha256Digest(body);
    },
  };
}
