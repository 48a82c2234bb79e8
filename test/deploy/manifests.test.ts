import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config/load-config.js";
import { SERVER_NODE_FLAGS } from "../../src/config/node-flags.js";
import { parseDuration } from "../../src/config/parse-duration.js";
import { settings } from "../../src/config/settings.js";
import { renderKustomization, theObject, type RenderedObject } from "./support/render-kustomization.js";

const catalogue = new Map(settings.map((s) => [s.env, s]));
const root = fileURLToPath(new URL("../../", import.meta.url));

interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  name: string;
  ports: { name: string; containerPort: number }[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean; runAsNonRoot?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  serviceAccountName: string;
  terminationGracePeriodSeconds: number;
  securityContext: { runAsNonRoot: boolean; runAsUser: number };
  containers: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
}

function podSpecOf(objects: readonly RenderedObject[]): PodSpec {
  return (theObject(objects, "Deployment") as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}

function settingsOf(objects: readonly RenderedObject[]): Record<string, string> {
  return (theObject(objects, "ConfigMap") as unknown as { data: Record<string, string> }).data;
}

/** A setting's value in the pod: the ConfigMap's, else the catalogue's default. */
function effective(objects: readonly RenderedObject[], env: string): string {
  return settingsOf(objects)[env] ?? catalogue.get(env)!.default;
}

describe.each(["base", "overlays/beside-kargo", "overlays/embedded"])("deploy/%s rendered with kubectl kustomize", (dir) => {
  const objects = renderKustomization(dir);
  const pod = podSpecOf(objects);
  const container = pod.containers[0]!;

  it("sets only settings of the configuration catalogue, with values the server accepts", () => {
    const data = settingsOf(objects);
    expect(Object.keys(data).filter((k) => !catalogue.has(k))).toEqual([]);
    const secretEnv = (container.env ?? []).map((e) => e.name);
    expect(secretEnv.filter((k) => !catalogue.has(k))).toEqual([]);
    // The pod's environment as the server will read it (in-cluster: KUBERNETES_SERVICE_HOST is set).
    const loaded = loadConfig({ argv: [], env: { ...data, KUBERNETES_SERVICE_HOST: "10.0.0.1" }, cwd: root });
    expect(loaded.help).toBe(false);
    // The ConfigMap the container reads is the rendered one (the generator's hash suffix included).
    expect(container.envFrom?.map((e) => e.configMapRef?.name)).toEqual([theObject(objects, "ConfigMap").metadata.name]);
  });

  it("keeps secrets out of the ConfigMap and reads them from a Secret", () => {
    const data = settingsOf(objects);
    for (const secret of ["ADMIN_ACCOUNT_PASSWORD", "ADMIN_ACCOUNT_PASSWORD_HASH", "ADMIN_ACCOUNT_TOKEN_SIGNING_KEY"]) expect(data[secret]).toBeUndefined();
    const fromSecret = (container.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
    expect(fromSecret.sort()).toEqual(["ADMIN_ACCOUNT_PASSWORD_HASH", "ADMIN_ACCOUNT_TOKEN_SIGNING_KEY"]);
  });

  it("runs as non-root with a read-only root filesystem and no privilege escalation", () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    for (const c of pod.containers) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(c.securityContext.capabilities?.drop).toEqual(["ALL"]);
    }
  });

  it("probes /healthz and /readyz on the server's port, and the Service sends every protocol there", () => {
    const port = Number(effective(objects, "PORT"));
    expect(port).toBe(Number(catalogue.get("PORT")!.default));
    const named = new Map(container.ports.map((p) => [p.name, p.containerPort]));
    const portOf = (p: string | number) => (typeof p === "number" ? p : named.get(p));
    expect(container.ports.map((p) => p.containerPort)).toEqual([port]);
    expect([container.livenessProbe.httpGet.path, portOf(container.livenessProbe.httpGet.port)]).toEqual(["/healthz", port]);
    expect([container.readinessProbe.httpGet.path, portOf(container.readinessProbe.httpGet.port)]).toEqual(["/readyz", port]);
    if (container.startupProbe) expect(portOf(container.startupProbe.httpGet.port)).toBe(port);
    const service = theObject(objects, "Service") as unknown as { spec: { ports: { port: number; targetPort: string | number; appProtocol?: string }[] } };
    expect(service.spec.ports).toHaveLength(1);
    expect(portOf(service.spec.ports[0]!.targetPort)).toBe(port);
    expect(service.spec.ports[0]!.appProtocol).toBe("kubernetes.io/h2c");
  });

  it("gives the pod time to drain: terminationGracePeriodSeconds ≥ preStop + GRACEFUL_SHUTDOWN_TIMEOUT", () => {
    const shutdownMs = parseDuration(effective(objects, "GRACEFUL_SHUTDOWN_TIMEOUT"))!;
    const preStopSeconds = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(preStopSeconds * 1000 + shutdownMs);
  });
});

describe("the overlays", () => {
  it("beside-kargo: everything in Kargo's namespace, the binding names that ServiceAccount, no Namespace object", () => {
    const objects = renderKustomization("overlays/beside-kargo");
    expect(objects.filter((o) => o.kind === "Namespace")).toEqual([]);
    const namespaced = objects.filter((o) => !["ClusterRole", "ClusterRoleBinding"].includes(o.kind));
    expect(new Set(namespaced.map((o) => o.metadata.namespace))).toEqual(new Set(["kargo"]));
    const binding = theObject(objects, "ClusterRoleBinding") as unknown as { subjects: { kind: string; name: string; namespace: string }[] };
    const sa = theObject(objects, "ServiceAccount");
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: sa.metadata.name, namespace: "kargo" }]);
    expect(podSpecOf(objects).serviceAccountName).toBe(sa.metadata.name);
    expect(settingsOf(objects).KARGO_NAMESPACE).toBe("kargo");
  });

  it("embedded: one replica, Recreate, its data directory on the PersistentVolumeClaim, no cluster rights", () => {
    const objects = renderKustomization("overlays/embedded");
    const deployment = theObject(objects, "Deployment") as unknown as { spec: { replicas: number; strategy: { type: string } } };
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: "Recreate" });
    expect(settingsOf(objects).KARGO_EMBEDDED).toBe("true");
    const pod = podSpecOf(objects);
    const pvc = theObject(objects, "PersistentVolumeClaim");
    const volume = pod.volumes!.find((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name)!;
    const mount = pod.containers[0]!.volumeMounts!.find((m) => m.name === volume.name)!;
    expect(mount.mountPath).toBe(settingsOf(objects).KARGO_DATA_DIR);
    expect(objects.filter((o) => o.kind === "ClusterRole" || o.kind === "ClusterRoleBinding")).toEqual([]);
  });
});

describe("the Dockerfile", () => {
  const dockerfile = readFileSync(`${root}Dockerfile`, "utf8");
  const ci = readFileSync(`${root}.ci/run`, "utf8");
  const instructions = dockerfile.split("\n").filter((l) => /^[A-Z]+\s/.test(l));

  it("is multi-stage on a pinned base, runs as a numeric non-root user, with node itself as PID 1", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-[a-z]+-slim$/m);
    expect(instructions.filter((l) => l.startsWith("FROM "))).toHaveLength(2);
    const user = instructions.filter((l) => l.startsWith("USER ")).at(-1)!;
    expect(user).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
    expect(instructions.filter((l) => l.startsWith("ENTRYPOINT ")).at(-1)).toBe(
      `ENTRYPOINT ${JSON.stringify(["node", ...SERVER_NODE_FLAGS, "dist/src/main.js"]).replace(/","/g, '", "')}`,
    );
    expect(dockerfile).not.toMatch(/^CMD /m);
  });

  it("builds with the commands CI runs", () => {
    const nodeImage = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)/m.exec(dockerfile)![1];
    const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { devDependencies: Record<string, string> };
    expect(nodeImage).toBe(pkg.devDependencies.node);
    const npmSteps = instructions.filter((l) => l.startsWith("RUN npm")).flatMap((l) => l.slice(4).split(" && "));
    const ciNpm = ci
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("npm "));
    for (const step of npmSteps.filter((s) => !s.startsWith("npm prune") && s !== "npm run build")) expect(ciNpm).toContain(step);
    expect(npmSteps).toContain("npm run build");
  });
});
