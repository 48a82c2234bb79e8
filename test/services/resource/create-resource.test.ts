import { Code, ConnectError } from "@connectrpc/connect";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { freightName } from "../../../src/domain/freight-name.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { configMap, errorFor, manifest, outcomes, projectObjects, stage, warehouse } from "./resource-fixtures.js";

const KARGO = { group: "kargo.akuity.io", version: "v1alpha1" };

describe("ResourceService.CreateResource", () => {
  const stack = useKargoStack();
  const createResource = (...objects: object[]) =>
    stack()
      .client(ResourceService)
      .createResource({ manifest: manifest(...objects) });

  describe("when the manifest does not parse", () => {
    it("is INVALID_ARGUMENT for the whole call, naming the document", async () => {
      const call = stack()
        .client(ResourceService)
        .createResource({ manifest: new TextEncoder().encode("kind: A\n---\nkind: [B\n") });
      await expect(call).rejects.toMatchObject({ code: Code.InvalidArgument, rawMessage: expect.stringMatching(/^manifest does not parse: document 2: /) });
    });

    it("is INVALID_ARGUMENT for an empty manifest", async () => {
      const error = await stack()
        .client(ResourceService)
        .createResource({ manifest: new Uint8Array() })
        .catch((e: unknown) => ConnectError.from(e));
      expect(error).toMatchObject({ code: Code.InvalidArgument, rawMessage: "manifest should not be empty" });
    });
  });

  describe("with a project and objects inside it", () => {
    it("creates the Namespace and Project first, then the rest in manifest order", async () => {
      const [namespace, project] = projectObjects("alpha");
      const { results } = await createResource(warehouse("alpha", "images"), stage("alpha", "test"), project!, configMap("alpha", "settings"), namespace!);
      expect(outcomes(results)).toEqual([
        "Namespace /alpha: createdResource",
        "Project /alpha: createdResource",
        "Warehouse alpha/images: createdResource",
        "Stage alpha/test: createdResource",
        "ConfigMap alpha/settings: createdResource",
      ]);
      expect(results[2]).toMatchObject({ ...KARGO, kind: "Warehouse", namespace: "alpha", name: "images" });
      expect(results[4]).toMatchObject({ group: "", version: "v1", kind: "ConfigMap" });
      const stored = await stack().custom.getNamespacedCustomObject({ ...KARGO, namespace: "alpha", plural: "stages", name: "test" });
      expect(stored.spec.requestedFreight[0].origin.name).toBe("images");
      expect((await stack().core.readNamespacedConfigMap({ namespace: "alpha", name: "settings" })).data).toEqual({ greeting: "hello" });
    });

    it("returns each object as the API stored it", async () => {
      const { results } = await createResource(configMap("alpha", "stored"));
      const result = results[0]!.result;
      expect(result.case).toBe("createdResource");
      const object = result.value as { metadata: { uid?: string; resourceVersion?: string; creationTimestamp?: string } };
      expect(object.metadata.uid).toEqual(expect.any(String));
      expect(object.metadata.resourceVersion).toEqual(expect.any(String));
      expect(object.metadata.creationTimestamp).toEqual(expect.any(String));
    });

    it("records the caller as create-actor of a Project, overwriting a value in the manifest", async () => {
      const [namespace, project] = projectObjects("beta");
      const forged = { ...project!, metadata: { name: "beta", annotations: { "kargo.akuity.io/create-actor": "email:someone@else.example" } } };
      await createResource(namespace!, forged);
      const stored = await stack().custom.getClusterCustomObject({ ...KARGO, plural: "projects", name: "beta" });
      expect(stored.metadata.annotations["kargo.akuity.io/create-actor"]).toBe("admin");
    });

    it("records FreightCreated for Freight, as CreateFreight does", async () => {
      const artifacts = { origin: { kind: "Warehouse", name: "images" }, images: [{ repoURL: "registry.example.org/demo/app", tag: "1.0.0" }] };
      const name = freightName(artifacts);
      const { results } = await createResource({
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Freight",
        metadata: { name, namespace: "alpha" },
        ...artifacts,
      });
      expect(outcomes(results)).toEqual([`Freight alpha/${name}: createdResource`]);
      const events = (await stack().core.listNamespacedEvent({ namespace: "alpha" })).items.filter((e) => e.reason === "FreightCreated");
      expect(events.map((e) => [e.involvedObject.name, e.message])).toEqual([[name, 'Freight created for Warehouse "images" by "admin"']]);
    });

    it("creates an object with only a generateName, reporting the generated name", async () => {
      const { results } = await createResource({ apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-", namespace: "alpha" } });
      expect(results[0]!.result.case).toBe("createdResource");
      expect(results[0]!.name).toMatch(/^gen-.+/);
    });
  });

  describe("with any kind the Kubernetes API serves", () => {
    it("creates kinds outside the registry, found through discovery", async () => {
      const binding = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "discovered" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subjects: [{ kind: "ServiceAccount", name: "robot", namespace: "alpha" }],
      };
      const { results } = await createResource(binding);
      expect(outcomes(results)).toEqual(["ClusterRoleBinding /discovered: createdResource"]);
      expect((await stack().rbac.readClusterRoleBinding({ name: "discovered" })).roleRef.name).toBe("view");
    });

    it("ignores a namespace given to a cluster-scoped object", async () => {
      const { results } = await createResource({ apiVersion: "v1", kind: "Namespace", metadata: { name: "gamma-ns", namespace: "elsewhere" } });
      expect(outcomes(results)).toEqual(["Namespace /gamma-ns: createdResource"]);
    });
  });

  describe("when some objects are wrong", () => {
    it("reports each problem on its own object and creates the others", async () => {
      const { results } = await createResource(
        configMap("alpha", "fine-1"),
        { kind: "ConfigMap", metadata: { name: "no-api-version", namespace: "alpha" } },
        { apiVersion: "a/b/c", kind: "ConfigMap", metadata: { name: "bad-api-version", namespace: "alpha" } },
        { apiVersion: "v1", metadata: { name: "no-kind", namespace: "alpha" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "alpha" } },
        { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "unknown-group", namespace: "alpha" } },
        { apiVersion: "v1", kind: "Widget", metadata: { name: "unknown-kind", namespace: "alpha" } },
        { ...(stage("", "no-namespace") as { metadata: object }), metadata: { name: "no-namespace" } },
        configMap("alpha", "fine-2"),
      );
      expect(outcomes(results)).toEqual([
        "ConfigMap alpha/fine-1: createdResource",
        "ConfigMap alpha/no-api-version: invalid_argument",
        "ConfigMap alpha/bad-api-version: invalid_argument",
        " alpha/no-kind: invalid_argument",
        "ConfigMap alpha/: invalid_argument",
        "Widget alpha/unknown-group: invalid_argument",
        "Widget alpha/unknown-kind: invalid_argument",
        "Stage /no-namespace: invalid_argument",
        "ConfigMap alpha/fine-2: createdResource",
      ]);
      const messages = results.map((r) => (r.result.case === "error" ? r.result.value.message : ""));
      expect(messages.slice(1, 8)).toEqual([
        "document 2: apiVersion should not be empty",
        'document 3: apiVersion "a/b/c" is not of the form "<group>/<version>" or "<version>"',
        "document 4: kind should not be empty",
        "document 5: metadata.name (or metadata.generateName) should not be empty",
        'document 6: unknown kind "Widget" in apiVersion "example.com/v1": the Kubernetes API does not serve it',
        'document 7: unknown kind "Widget" in apiVersion "v1": the Kubernetes API does not serve it',
        'document 8: stage "no-namespace" has no metadata.namespace',
      ]);
    });

    it("reports an object that exists as already_exists, naming it", async () => {
      await createResource(configMap("alpha", "twice"));
      const { results } = await createResource(configMap("alpha", "twice", { greeting: "again" }), configMap("alpha", "once"));
      expect(outcomes(results)).toEqual(["ConfigMap alpha/twice: already_exists", "ConfigMap alpha/once: createdResource"]);
      expect(errorFor(results, "twice").message).toBe('config map "twice" already exists in namespace "alpha"');
      expect((await stack().core.readNamespacedConfigMap({ namespace: "alpha", name: "twice" })).data).toEqual({ greeting: "hello" });
    });

    it("reports the API's validation of an object as invalid_argument", async () => {
      const { results } = await createResource({
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Stage",
        metadata: { name: "Not_A_Name", namespace: "alpha" },
        spec: {},
      });
      expect(outcomes(results)).toEqual(["Stage alpha/Not_A_Name: invalid_argument"]);
    });

    it("takes names as given: one with spaces is refused, not written under a trimmed name", async () => {
      const { results } = await createResource(configMap("alpha", " padded "));
      expect(outcomes(results)).toEqual(["ConfigMap alpha/ padded : invalid_argument"]);
      await expect(stack().core.readNamespacedConfigMap({ namespace: "alpha", name: "padded" })).rejects.toMatchObject({ code: 404 });
    });

    it("reports a namespace that does not exist as not_found", async () => {
      const { results } = await createResource(configMap("nowhere", "lost"));
      expect(outcomes(results)).toEqual(["ConfigMap nowhere/lost: not_found"]);
    });
  });
});

describe("ResourceService.CreateResource with secret management disabled", () => {
  const stack = useKargoStack({ env: { SECRET_MANAGEMENT_ENABLED: "false" } });

  it("refuses Secrets as unimplemented, as CredentialsService is, and creates the rest", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "creds", namespace: "default" }, stringData: { password: "x" } };
    const { results } = await stack()
      .client(ResourceService)
      .createResource({ manifest: manifest(secret, configMap("default", "plain")) });
    expect(outcomes(results)).toEqual(["Secret default/creds: unimplemented", "ConfigMap default/plain: createdResource"]);
    expect(errorFor(results, "creds").message).toBe("document 1: secret management is not enabled");
  });
});
