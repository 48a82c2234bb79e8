import { Code } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { ConfigMapService } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { createKubeClient, RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, errorOf } from "../credentials/credentials-fixtures.js";

// One stack for the five RPCs: each describe is one RPC, its error cases in handler order, then success.
describe("ConfigMapService", () => {
  const stack = useKargoStack();
  const maps = (token?: string) => stack().client(ConfigMapService, token);
  const kube = () => createKubeClient(stack().kubeConfig);
  let cmA: string; // a ServiceAccount token allowed every configmaps verb in project "cm-a" only

  beforeAll(async () => {
    await createProjectNamespace(stack(), "cm-a");
    await createProjectNamespace(stack(), "cm-b");
    const { core, rbac } = stack();
    await core.createNamespacedServiceAccount({ namespace: "cm-a", body: { metadata: { name: "configurer" } } });
    await rbac.createNamespacedRole({
      namespace: "cm-a",
      body: { metadata: { name: "configurer" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }] },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: "cm-a",
      body: {
        metadata: { name: "configurer" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "configurer" },
        subjects: [{ kind: "ServiceAccount", name: "configurer", namespace: "cm-a" }],
      },
    });
    cmA = (await core.createNamespacedServiceAccountToken({ namespace: "cm-a", name: "configurer", body: { spec: { expirationSeconds: 600 } } })).status!
      .token!;
    await kube().create(RESOURCES.configmaps, { metadata: { namespace: "cm-b", name: "theirs" }, data: { secretish: "b-only" } });
  }, 60_000);

  describe("CreateConfigMap", () => {
    it("is INVALID_ARGUMENT for a missing or invalid name, empty data or an invalid key", async () => {
      expect((await errorOf(maps().createConfigMap({ project: "cm-a", data: { a: "b" } }))).rawMessage).toBe("name should not be empty");
      expect((await errorOf(maps().createConfigMap({ project: "cm-a", name: "Not_DNS", data: { a: "b" } }))).code).toBe(Code.InvalidArgument);
      expect((await errorOf(maps().createConfigMap({ project: "cm-a", name: "x" }))).rawMessage).toBe("data should not be empty");
      expect((await errorOf(maps().createConfigMap({ project: "cm-a", name: "x", data: { "no spaces": "v" } }))).rawMessage).toContain('data["no spaces"]');
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      expect((await errorOf(maps().createConfigMap({ project: "nope", name: "x", data: { a: "b" } }))).code).toBe(Code.NotFound);
    });

    it("is PERMISSION_DENIED in another project, and creates nothing there", async () => {
      expect((await errorOf(maps(cmA).createConfigMap({ project: "cm-b", name: "intruder", data: { a: "b" } }))).code).toBe(Code.PermissionDenied);
      expect((await maps().listConfigMaps({ project: "cm-b" })).configMaps.map((c) => c.metadata?.name)).not.toContain("intruder");
    });

    it("is ALREADY_EXISTS when the name is taken", async () => {
      await maps(cmA).createConfigMap({ project: "cm-a", name: "taken", data: { a: "b" } });
      expect((await errorOf(maps(cmA).createConfigMap({ project: "cm-a", name: "taken", data: { a: "c" } }))).code).toBe(Code.AlreadyExists);
    });

    it("stores the ConfigMap with its annotations, in the project, the shared or the system namespace", async () => {
      const { configMap } = await maps(cmA).createConfigMap({
        project: "cm-a",
        name: "settings",
        data: { env: "test", region: "eu" },
        description: " Test settings ",
      });
      expect(configMap?.metadata).toMatchObject({ namespace: "cm-a", name: "settings", annotations: { "kargo.akuity.io/description": "Test settings" } });
      expect(configMap?.data).toEqual({ env: "test", region: "eu" });
      const stored = await kube().get(RESOURCES.configmaps, { namespace: "cm-a", name: "settings" });
      expect(stored["data"]).toEqual({ env: "test", region: "eu" });

      const shared = await maps().createConfigMap({ name: "global", data: { team: "platform" }, replicate: true });
      expect(shared.configMap?.metadata?.namespace).toBe("kargo-shared-resources");
      expect(shared.configMap?.metadata?.annotations).toEqual({ "kargo.akuity.io/replicate-to": "*" });
      const system = await maps().createConfigMap({ systemLevel: true, project: "ignored", name: "system-wide", data: { k: "v" } });
      expect(system.configMap?.metadata?.namespace).toBe("kargo-system-resources");
    });
  });

  describe("GetConfigMap", () => {
    it("is NOT_FOUND naming the ConfigMap and its project", async () => {
      const error = await errorOf(maps().getConfigMap({ project: "cm-a", name: "missing" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('config map "missing" not found in project "cm-a"');
    });

    it("is PERMISSION_DENIED for another project's ConfigMap", async () => {
      expect((await errorOf(maps(cmA).getConfigMap({ project: "cm-b", name: "theirs" }))).code).toBe(Code.PermissionDenied);
    });

    it("is INVALID_ARGUMENT without a name", async () => {
      expect((await errorOf(maps().getConfigMap({ project: "cm-a" }))).code).toBe(Code.InvalidArgument);
    });

    it("returns the ConfigMap typed, or raw as YAML", async () => {
      await maps().createConfigMap({ project: "cm-a", name: "readable", data: { k: "v" } });
      const typed = await maps(cmA).getConfigMap({ project: "cm-a", name: "readable" });
      expect(typed.result.case === "configMap" && typed.result.value.data).toEqual({ k: "v" });
      const raw = await maps(cmA).getConfigMap({ project: "cm-a", name: "readable", format: RawFormat.YAML });
      expect(raw.result.case).toBe("raw");
      expect(new TextDecoder().decode(raw.result.value as Uint8Array)).toMatch(/^apiVersion: v1\nkind: ConfigMap\n[\s\S]*\n {2}k: v\n/);
    });
  });

  describe("ListConfigMaps", () => {
    it("is NOT_FOUND for a missing project and PERMISSION_DENIED for another project", async () => {
      expect((await errorOf(maps().listConfigMaps({ project: "nope" }))).code).toBe(Code.NotFound);
      expect((await errorOf(maps(cmA).listConfigMaps({ project: "cm-b" }))).code).toBe(Code.PermissionDenied);
    });

    it("lists a scope sorted by name, in pages", async () => {
      for (const name of ["page-c", "page-a", "page-b"]) await maps().createConfigMap({ project: "cm-b", name, data: { n: name } });
      const first = await maps().listConfigMaps({ project: "cm-b", pageSize: 2 });
      expect(first.configMaps.map((c) => c.metadata?.name)).toEqual(["page-a", "page-b"]);
      expect(first.totalSize).toBe(4);
      const second = await maps().listConfigMaps({ project: "cm-b", pageSize: 2, pageToken: first.nextPageToken });
      expect(second.configMaps.map((c) => c.metadata?.name)).toEqual(["page-c", "theirs"]);
      expect(second.nextPageToken).toBe("");
    });
  });

  describe("UpdateConfigMap", () => {
    it("is INVALID_ARGUMENT when nothing would change, or a key is both set and removed", async () => {
      expect((await errorOf(maps().updateConfigMap({ project: "cm-a", name: "settings" }))).rawMessage).toMatch(/^nothing to update/);
      expect((await errorOf(maps().updateConfigMap({ project: "cm-a", name: "settings", data: { env: "x" }, removeKeys: ["env"] }))).code).toBe(
        Code.InvalidArgument,
      );
      expect((await errorOf(maps().updateConfigMap({ project: "cm-a", name: "settings", removeKeys: ["bad key"] }))).rawMessage).toContain(
        'remove_keys["bad key"]',
      );
    });

    it("is NOT_FOUND when missing and PERMISSION_DENIED in another project", async () => {
      expect((await errorOf(maps().updateConfigMap({ project: "cm-a", name: "missing", data: { a: "b" } }))).code).toBe(Code.NotFound);
      expect((await errorOf(maps(cmA).updateConfigMap({ project: "cm-b", name: "theirs", data: { secretish: "overwritten" } }))).code).toBe(
        Code.PermissionDenied,
      );
      const theirs = await kube().get(RESOURCES.configmaps, { namespace: "cm-b", name: "theirs" });
      expect(theirs["data"]).toEqual({ secretish: "b-only" });
    });

    it("merges: sets and removes the named keys and annotations, keeps everything else", async () => {
      await maps().createConfigMap({ project: "cm-a", name: "merged", data: { keep: "1", change: "2", drop: "3" }, description: "before" });
      await kube().mergePatch(RESOURCES.configmaps, { namespace: "cm-a", name: "merged" }, { metadata: { labels: { owner: "controller" } } });
      const { configMap } = await maps(cmA).updateConfigMap({
        project: "cm-a",
        name: "merged",
        data: { change: "20", add: "4" },
        removeKeys: ["drop"],
        description: "",
      });
      expect(configMap?.data).toEqual({ keep: "1", change: "20", add: "4" });
      expect(configMap?.metadata?.annotations ?? {}).toEqual({});
      expect(configMap?.metadata?.labels).toEqual({ owner: "controller" });
    });
  });

  describe("DeleteConfigMap", () => {
    it("is NOT_FOUND when missing and PERMISSION_DENIED in another project", async () => {
      expect((await errorOf(maps().deleteConfigMap({ project: "cm-a", name: "missing" }))).code).toBe(Code.NotFound);
      expect((await errorOf(maps(cmA).deleteConfigMap({ project: "cm-b", name: "theirs" }))).code).toBe(Code.PermissionDenied);
      await expect(kube().get(RESOURCES.configmaps, { namespace: "cm-b", name: "theirs" })).resolves.toBeDefined();
    });

    it("deletes the ConfigMap", async () => {
      await maps().createConfigMap({ project: "cm-a", name: "doomed", data: { a: "b" } });
      await maps(cmA).deleteConfigMap({ project: "cm-a", name: "doomed" });
      expect((await errorOf(maps().getConfigMap({ project: "cm-a", name: "doomed" }))).code).toBe(Code.NotFound);
    });
  });
});
