import { apiRequest } from "../support/api-request.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";

const MAX_BODY_BYTES = 64 * 1024;
const STAGES = "/apis/kargo.akuity.io/v1alpha1/namespaces/bad/stages";

function stage(name: string, spec: unknown = { requestedFreight: [{ origin: { kind: "Warehouse", name: "w" }, sources: { direct: true } }] }) {
  return { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", metadata: { name }, spec };
}

describe("embedded API with bad input", () => {
  const fixture = useEmbeddedControlPlane({ maxBodyBytes: MAX_BODY_BYTES });

  beforeAll(async () => {
    const response = await apiRequest(fixture.controlPlane, "/api/v1/namespaces", { method: "POST", body: { metadata: { name: "bad" } } });
    expect(response.status).toBe(201);
  });

  async function storedStageNames(): Promise<string[]> {
    return (await apiRequest(fixture.controlPlane, STAGES)).json.items.map((s: any) => s.metadata.name);
  }

  it("answers malformed JSON with 400 BadRequest", async () => {
    const response = await apiRequest(fixture.controlPlane, STAGES, { method: "POST", body: '{"apiVersion": "kargo.akuity.io/v1alpha1", "kind": ' });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ kind: "Status", status: "Failure", reason: "BadRequest", code: 400 });
  });

  it("answers a kind or apiVersion that does not match the URL with 400", async () => {
    const wrongKind = await apiRequest(fixture.controlPlane, STAGES, { method: "POST", body: { ...stage("a"), kind: "Warehouse" } });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.json.message).toContain("does not match the expected kind (Stage)");
    const wrongVersion = await apiRequest(fixture.controlPlane, STAGES, { method: "POST", body: { ...stage("a"), apiVersion: "kargo.akuity.io/v1" } });
    expect(wrongVersion.status).toBe(400);
  });

  it("answers a metadata.namespace other than the URL's with 400", async () => {
    const response = await apiRequest(fixture.controlPlane, STAGES, { method: "POST", body: { ...stage("a"), metadata: { name: "a", namespace: "default" } } });
    expect(response.status).toBe(400);
  });

  it("answers a name that is not DNS-1123 with 422 Invalid naming metadata.name", async () => {
    const response = await apiRequest(fixture.controlPlane, STAGES, { method: "POST", body: stage("Not_Valid") });
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({
      reason: "Invalid",
      details: { name: "Not_Valid", kind: "Stage", causes: [expect.objectContaining({ field: "metadata.name" })] },
    });
  });

  it("answers a Kargo object missing a required field with 422 and a cause naming the field", async () => {
    const response = await apiRequest(fixture.controlPlane, STAGES, { method: "POST", body: stage("incomplete", {}) });
    expect(response.status).toBe(422);
    expect(response.json.details.causes).toContainEqual(expect.objectContaining({ field: "spec.requestedFreight", reason: "FieldValueRequired" }));
    expect(await storedStageNames()).toEqual([]);
  });

  it("answers a body over the size limit with 413 and stores nothing", async () => {
    const huge = stage("huge");
    (huge.metadata as Record<string, unknown>)["annotations"] = { big: "x".repeat(MAX_BODY_BYTES) };
    const response = await apiRequest(fixture.controlPlane, STAGES, { method: "POST", body: huge });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ reason: "RequestEntityTooLarge", code: 413 });
    expect(await storedStageNames()).toEqual([]);
  });

  it("answers a chunked body that grows over the size limit with 413", async () => {
    const response = await apiRequest(fixture.controlPlane, STAGES, {
      method: "POST",
      body: JSON.stringify({ ...stage("chunked"), padding: "x".repeat(MAX_BODY_BYTES) }),
      headers: { "Transfer-Encoding": "chunked" },
    });
    expect(response.status).toBe(413);
    expect(await storedStageNames()).toEqual([]);
  });

  it("answers Secret data that is not a map of base64 strings with 400", async () => {
    const secrets = "/api/v1/namespaces/bad/secrets";
    expect((await apiRequest(fixture.controlPlane, secrets, { method: "POST", body: { metadata: { name: "s1" }, data: "oops" } })).status).toBe(400);
    expect((await apiRequest(fixture.controlPlane, secrets, { method: "POST", body: { metadata: { name: "s2" }, data: { k: "not base64!" } } })).status).toBe(
      400,
    );
    expect((await apiRequest(fixture.controlPlane, secrets, { method: "POST", body: { metadata: { name: "s3" }, stringData: { k: 1 } } })).status).toBe(400);
    expect((await apiRequest(fixture.controlPlane, secrets)).json.items).toEqual([]);
  });

  it("answers unknown resources, groups and paths with 404 Status", async () => {
    for (const path of ["/apis/kargo.akuity.io/v1alpha1/namespaces/bad/widgets", "/apis/example.com/v1/things", "/api/v2/pods", "/nope"]) {
      const response = await apiRequest(fixture.controlPlane, path);
      expect({ path, status: response.status, reason: response.json?.reason }).toEqual({ path, status: 404, reason: "NotFound" });
    }
  });

  it("answers a create in a namespace that does not exist with 404 naming the namespace", async () => {
    const response = await apiRequest(fixture.controlPlane, "/apis/kargo.akuity.io/v1alpha1/namespaces/missing/stages", { method: "POST", body: stage("a") });
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ reason: "NotFound", details: { name: "missing", kind: "namespaces" } });
  });

  it("answers server-side apply with 415 and an unsupported verb with 405", async () => {
    const apply = await apiRequest(fixture.controlPlane, `${STAGES}/x`, {
      method: "PATCH",
      body: "{}",
      headers: { "Content-Type": "application/apply-patch+yaml" },
    });
    expect(apply.status).toBe(415);
    const listReviews = await apiRequest(fixture.controlPlane, "/apis/authorization.k8s.io/v1/subjectaccessreviews", { method: "GET" });
    expect(listReviews.status).toBe(405);
  });

  it("keeps serving after all of the above, and dryRun=All stores nothing", async () => {
    const dry = await apiRequest(fixture.controlPlane, `${STAGES}?dryRun=All`, { method: "POST", body: stage("dry") });
    expect(dry.status).toBe(201);
    expect(dry.json.metadata.name).toBe("dry");
    expect(await storedStageNames()).toEqual([]);
    const real = await apiRequest(fixture.controlPlane, STAGES, { method: "POST", body: stage("real") });
    expect(real.status).toBe(201);
    expect(await storedStageNames()).toEqual(["real"]);
  });
});
