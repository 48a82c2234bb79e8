import { CoreV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { observeKubeRequests } from "../../src/kube/kube-request.js";
import { kubeConfigWithToken, selfSubjectAccessReview, subjectAccessReview, tokenReview } from "../../src/kube/kube-reviews.js";
import { createBoundRole } from "../auth/support/kube-fixtures.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";

// Against the embedded control plane's real TokenReview and access reviews.
describe("Kubernetes reviews", () => {
  const fixture = useEmbeddedControlPlane();
  let token: string;
  const configMaps = (verb: string, namespace: string) => ({ verb, group: "", resource: "configmaps", namespace });

  beforeAll(async () => {
    const core = fixture.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "reviewed" } } });
    await core.createNamespacedServiceAccount({ namespace: "reviewed", body: { metadata: { name: "robot" } } });
    await createBoundRole(fixture.kubeConfig().makeApiClient(RbacAuthorizationV1Api), "reviewed", "reader", "robot", [
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] },
    ]);
    token = (await core.createNamespacedServiceAccountToken({ namespace: "reviewed", name: "robot", body: { spec: { expirationSeconds: 600 } } })).status!
      .token!;
  });

  it("TokenReview names the owner of a token and refuses a forged one", async () => {
    const status = await tokenReview(fixture.kubeConfig(), token);
    expect(status).toMatchObject({ authenticated: true, user: { username: "system:serviceaccount:reviewed:robot" } });
    expect((await tokenReview(fixture.kubeConfig(), "not-a-token"))?.authenticated).not.toBe(true);
  });

  it("SubjectAccessReview judges the named user by its bindings", async () => {
    const user = "system:serviceaccount:reviewed:robot";
    expect((await subjectAccessReview(fixture.kubeConfig(), user, configMaps("get", "reviewed")))?.allowed).toBe(true);
    expect((await subjectAccessReview(fixture.kubeConfig(), user, configMaps("delete", "reviewed")))?.allowed).toBe(false);
    expect((await subjectAccessReview(fixture.kubeConfig(), user, configMaps("get", "default")))?.allowed).toBe(false);
  });

  it("SelfSubjectAccessReview through kubeConfigWithToken judges the token's owner, not the server", async () => {
    const server = fixture.kubeConfig();
    const asRobot = kubeConfigWithToken(server, token);
    expect(asRobot.getCurrentUser()).toMatchObject({ name: "caller", token });
    expect(asRobot.getCurrentCluster()?.server).toBe(server.getCurrentCluster()?.server);
    expect((await selfSubjectAccessReview(asRobot, configMaps("get", "reviewed")))?.allowed).toBe(true);
    // The server itself may delete config maps; the token's owner may not.
    expect((await selfSubjectAccessReview(server, configMaps("delete", "reviewed")))?.allowed).toBe(true);
    expect((await selfSubjectAccessReview(asRobot, configMaps("delete", "reviewed")))?.allowed).toBe(false);
  });

  it("a revoked token's self review fails with the API's 401", async () => {
    await expect(selfSubjectAccessReview(kubeConfigWithToken(fixture.kubeConfig(), "forged"), configMaps("get", "reviewed"))).rejects.toMatchObject({
      code: 401,
    });
  });

  it("reports the token's requests to the server configuration's observer (operator metrics)", async () => {
    const server = fixture.kubeConfig();
    const seen: string[] = [];
    observeKubeRequests(server, (method, code) => seen.push(`${method} ${code}`));
    await selfSubjectAccessReview(kubeConfigWithToken(server, token), configMaps("get", "reviewed"));
    await selfSubjectAccessReview(kubeConfigWithToken(server, "forged"), configMaps("get", "reviewed")).catch(() => undefined);
    expect(seen).toEqual(["POST 201", "POST 401"]);
  });
});
