import { RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { freightName } from "../../../src/domain/freight-name.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";
import { failureOf, kargoClient, serviceAccountToken, type KargoClient } from "./kargo-client.js";

const NS = "freight-demo";
const origin = { kind: "Warehouse", name: "images" };
const image = (tag: string) => ({ repoURL: "public.ecr.aws/nginx/nginx", tag, digest: `sha256:${tag}` });
const freight = (tag: string, extra: object = {}) => ({
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Freight",
  metadata: {},
  origin,
  images: [image(tag)],
  ...extra,
});

describe("Freight admission", () => {
  const fixture = useEmbeddedControlPlane();
  let api: KargoClient;

  beforeAll(async () => {
    api = kargoClient(fixture.kubeConfig());
    await api.create("projects", undefined, { metadata: { name: NS } });
  });

  describe("on create", () => {
    it("names Freight by its ID and generates an alias mirrored into the label", async () => {
      const created = await api.create("freights", NS, freight("1.0.0"));
      expect(created.metadata.name).toBe(freightName({ origin, images: [image("1.0.0")] }));
      expect(created.alias).toMatch(/^[a-z]+-[a-z]+$/u);
      expect(created.metadata.labels["kargo.akuity.io/alias"]).toBe(created.alias);
    });

    it("accepts the right name and refuses another one (422)", async () => {
      const id = freightName({ origin, images: [image("1.0.1")] });
      const failure = await failureOf(api.create("freights", NS, { ...freight("1.0.1"), metadata: { name: "my-freight" } }));
      expect(failure.code).toBe(422);
      expect(failure.message).toContain(id);
      expect((await api.create("freights", NS, { ...freight("1.0.1"), metadata: { name: id } })).metadata.name).toBe(id);
    });

    it("keeps a given alias, or takes the label's when the field is empty", async () => {
      expect((await api.create("freights", NS, freight("1.1.0", { alias: "given" }))).metadata.labels["kargo.akuity.io/alias"]).toBe("given");
      const fromLabel = await api.create("freights", NS, { ...freight("1.2.0"), metadata: { labels: { "kargo.akuity.io/alias": "labelled" } } });
      expect(fromLabel.alias).toBe("labelled");
    });

    it("refuses an alias another Freight has (409 AlreadyExists)", async () => {
      const failure = await failureOf(api.create("freights", NS, freight("1.3.0", { alias: "given" })));
      expect(failure).toMatchObject({ code: 409, reason: "AlreadyExists" });
      expect(failure.message).toContain('alias "given" already used by another Freight');
    });

    it("refuses an alias that is not a label value (422)", async () => {
      expect((await failureOf(api.create("freights", NS, freight("1.4.0", { alias: "not valid!" })))).code).toBe(422);
    });

    it("refuses Freight without artifacts (422)", async () => {
      const failure = await failureOf(api.create("freights", NS, { metadata: {}, origin }));
      expect(failure.code).toBe(422);
      expect(failure.message).toContain("at least one");
    });
  });

  describe("on update", () => {
    let name: string;
    beforeAll(async () => {
      name = (await api.create("freights", NS, freight("2.0.0", { alias: "before" }))).metadata.name;
    });

    it("moves the label with the alias field", async () => {
      const patched = await api.mergePatch("freights", NS, name, { alias: "after" });
      expect(patched.metadata.labels["kargo.akuity.io/alias"]).toBe("after");
    });

    it("moves the field with a label-only change", async () => {
      const patched = await api.mergePatch("freights", NS, name, { metadata: { labels: { "kargo.akuity.io/alias": "relabelled" } } });
      expect(patched.alias).toBe("relabelled");
    });

    it("refuses taking another Freight's alias (409)", async () => {
      expect(await failureOf(api.mergePatch("freights", NS, name, { alias: "given" }))).toMatchObject({ code: 409, reason: "AlreadyExists" });
    });

    it("keeps artifacts immutable (422)", async () => {
      const failure = await failureOf(api.mergePatch("freights", NS, name, { images: [image("9.9.9")] }));
      expect(failure.code).toBe(422);
      expect(failure.message).toContain("immutable");
    });
  });

  describe("on delete", () => {
    it("refuses Freight a Stage currently uses (403 naming the Stage), then allows it once unused", async () => {
      const used = (await api.create("freights", NS, freight("3.0.0"))).metadata.name;
      await api.create("stages", NS, { metadata: { name: "test" }, spec: { requestedFreight: [{ origin, sources: { direct: true } }] } });
      await api.mergePatchStatus("stages", NS, "test", { status: { freightHistory: [{ id: "c1", items: { "Warehouse/images": { name: used, origin } } }] } });
      const failure = await failureOf(api.remove("freights", NS, used));
      expect(failure.code).toBe(403);
      expect(failure.message).toContain('Stage(s) "test"');
      await api.mergePatchStatus("stages", NS, "test", { status: { freightHistory: [] } });
      await api.remove("freights", NS, used);
      expect((await failureOf(api.get("freights", NS, used))).code).toBe(404);
    });
  });

  describe("events", () => {
    it("records FreightCreated for a user other than the API server, and none for the API server", async () => {
      const rbac = fixture.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
      await rbac.createNamespacedRoleBinding({
        namespace: NS,
        body: {
          metadata: { name: "creator" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "kargo-admin" },
          subjects: [{ kind: "ServiceAccount", name: "kargo-viewer", namespace: NS }],
        },
      });
      const user = kargoClient(fixture.kubeConfigWithToken(await serviceAccountToken(api.core, NS, "kargo-viewer")));
      const byUser = await user.create("freights", NS, freight("4.0.0"));
      const byServer = await api.create("freights", NS, freight("4.0.1"));
      const events = (await api.core.listNamespacedEvent({ namespace: NS })).items.filter((e) => e.reason === "FreightCreated");
      expect(events.map((e) => e.involvedObject.name)).toEqual([byUser.metadata.name]);
      // The API server's wording (one definition, src/domain/freight-created-event.ts).
      expect(events[0]!.message).toBe(`Freight created for Warehouse "images" by "kubernetes:system:serviceaccount:${NS}:kargo-viewer"`);
      expect(events[0]!.metadata!.annotations).toMatchObject({
        "event.kargo.akuity.io/actor": `kubernetes:system:serviceaccount:${NS}:kargo-viewer`,
        "event.kargo.akuity.io/freight-alias": byUser.alias,
      });
      expect(byServer.metadata.name).not.toBe(byUser.metadata.name);
    });
  });
});
