import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { startEmbeddedControlPlane } from "../../src/embedded/index.js";
import { apiRequest } from "./support/api-request.js";
import { openWatch } from "./support/open-watch.js";

describe("startEmbeddedControlPlane", () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-embedded-start-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("serves HTTPS on loopback and writes a 0600 kubeconfig trusting its certificate", async () => {
    const controlPlane = await startEmbeddedControlPlane({ dataDir });
    try {
      expect(controlPlane.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(controlPlane.kubeconfigPath).toBe(join(dataDir, "kubeconfig"));
      expect(statSync(controlPlane.kubeconfigPath).mode & 0o777).toBe(0o600);
      const config = parse(readFileSync(controlPlane.kubeconfigPath, "utf8"));
      expect(config.clusters[0].cluster.server).toBe(controlPlane.url);
      expect(Buffer.from(config.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toBe(controlPlane.caCertificate);
      expect(config.users[0].user.token).toBe(controlPlane.serverToken);
    } finally {
      await controlPlane.close();
    }
  });

  it("also serves plain HTTP on a loopback port, with the same authentication", async () => {
    const controlPlane = await startEmbeddedControlPlane({ dataDir });
    try {
      expect(controlPlane.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const authorized = await fetch(`${controlPlane.httpUrl}/api/v1/namespaces/default`, { headers: { Authorization: `Bearer ${controlPlane.serverToken}` } });
      expect(authorized.status).toBe(200);
      expect(((await authorized.json()) as any).metadata.name).toBe("default");
      expect((await fetch(`${controlPlane.httpUrl}/api/v1/namespaces/default`)).status).toBe(401);
    } finally {
      await controlPlane.close();
    }
  });

  it("creates the built-in namespaces and the API server's cluster-admin identity", async () => {
    const controlPlane = await startEmbeddedControlPlane({ dataDir });
    try {
      const namespaces = (await apiRequest(controlPlane, "/api/v1/namespaces")).json.items.map((n: any) => n.metadata.name);
      expect(namespaces).toEqual(expect.arrayContaining(["default", "kube-system", "kargo", "kargo-shared-resources", "kargo-system-resources"]));
      const review = await apiRequest(controlPlane, "/apis/authentication.k8s.io/v1/tokenreviews", {
        method: "POST",
        body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token: controlPlane.serverToken } },
      });
      expect(review.json.status.user.username).toBe("system:serviceaccount:kargo:kargo-api");
      const binding = (await apiRequest(controlPlane, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kargo-api-cluster-admin")).json;
      expect(binding.roleRef.name).toBe("cluster-admin");
    } finally {
      await controlPlane.close();
    }
  });

  it("restarts on the same data directory with its objects, certificate and token keys", async () => {
    const first = await startEmbeddedControlPlane({ dataDir });
    let secretToken: string;
    try {
      await apiRequest(first, "/api/v1/namespaces/default/serviceaccounts", { method: "POST", body: { metadata: { name: "ci" } } });
      const secret = await apiRequest(first, "/api/v1/namespaces/default/secrets", {
        method: "POST",
        body: { metadata: { name: "ci-token", annotations: { "kubernetes.io/service-account.name": "ci" } }, type: "kubernetes.io/service-account-token" },
      });
      secretToken = Buffer.from(secret.json.data.token, "base64").toString();
      // An administrator deletes a built-in binding; the next start brings it back.
      await apiRequest(first, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:basic-user", { method: "DELETE" });
    } finally {
      await first.close();
    }
    const second = await startEmbeddedControlPlane({ dataDir });
    try {
      expect(second.caCertificate).toBe(first.caCertificate);
      expect((await apiRequest(second, "/api/v1/namespaces/default/secrets/ci-token")).status).toBe(200);
      // A token issued before the restart still authenticates: the signing key was kept.
      expect((await apiRequest(second, "/api/v1/namespaces", { token: secretToken })).status).toBe(403);
      expect((await apiRequest(second, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:basic-user")).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("ends open watches on close, and close can be called twice", async () => {
    const controlPlane = await startEmbeddedControlPlane({ dataDir });
    const watch = await openWatch(controlPlane, "/api/v1/namespaces?watch=true");
    await controlPlane.close();
    await watch.ended;
    await controlPlane.close();
  });
});
