import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { startEmbeddedControlPlane, type EmbeddedControlPlane, type EmbeddedControlPlaneOptions } from "../../../src/embedded/index.js";

/** A running control plane for one test file, with its data directory and a client-node config. */
export interface EmbeddedControlPlaneFixture {
  readonly controlPlane: EmbeddedControlPlane;
  readonly dataDir: string;
  /** A KubeConfig loaded from the control plane's own kubeconfig file (the API server's identity). */
  kubeConfig(): KubeConfig;
  /** The same kubeconfig with another bearer token (e.g. a ServiceAccount's). */
  kubeConfigWithToken(token: string): KubeConfig;
}

/**
 * Starts a real embedded control plane on port 0 in a fresh temporary data directory before the
 * file's tests and closes it (and removes the directory) after them. Call at describe level.
 */
export function useEmbeddedControlPlane(options: Omit<EmbeddedControlPlaneOptions, "dataDir"> = {}): EmbeddedControlPlaneFixture {
  let controlPlane: EmbeddedControlPlane | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-embedded-"));
    controlPlane = await startEmbeddedControlPlane({ ...options, dataDir });
  });
  afterAll(async () => {
    await controlPlane?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const fixture: EmbeddedControlPlaneFixture = {
    get controlPlane() {
      if (!controlPlane) throw new Error("the control plane is not started yet (use it inside tests)");
      return controlPlane;
    },
    get dataDir() {
      if (!dataDir) throw new Error("the control plane is not started yet (use it inside tests)");
      return dataDir;
    },
    kubeConfig() {
      const config = new KubeConfig();
      config.loadFromFile(fixture.controlPlane.kubeconfigPath);
      return config;
    },
    kubeConfigWithToken(token) {
      const config = fixture.kubeConfig();
      const user = config.getCurrentUser()!;
      config.users = config.users.map((u) => (u.name === user.name ? { ...u, token } : u));
      return config;
    },
  };
  return fixture;
}
