import { createServer, type AddressInfo } from "node:net";
import { ApiException, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { Code, ConnectError } from "@connectrpc/connect";
import { createKubeClient, type KubeClient } from "../../src/kube/kube-client.js";
import { RESOURCES } from "../../src/kube/kargo-resources.js";
import { toConnectError } from "../../src/kube/to-connect-error.js";
import { ExpiredResourceVersionError } from "../../src/kube/watch/expired-resource-version-error.js";
import { WatchBufferOverflowError } from "../../src/kube/watch/watch-buffer-overflow-error.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { createProjectNamespace, stageObject } from "./support/project-namespace.js";

async function errorOf(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectError);
    return error as ConnectError;
  }
  throw new Error("expected the call to fail");
}

describe("toConnectError", () => {
  describe("with real answers of the embedded Kubernetes API", () => {
    const fixture = useEmbeddedControlPlane();
    let client: KubeClient;

    beforeAll(async () => {
      client = createKubeClient(fixture.kubeConfig());
      await createProjectNamespace(client, "errs");
      await client.create(RESOURCES.stages, stageObject("errs", "test"));
    });

    it("makes a missing object NOT_FOUND, naming it and its project", async () => {
      const error = await errorOf(client.get(RESOURCES.stages, { namespace: "errs", name: "prod" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('stage "prod" not found in project "errs"');
      expect(error.cause).toBeInstanceOf(ApiException);
    });

    it("blames the missing project, not the object, when a create targets a missing namespace", async () => {
      const error = await errorOf(client.create(RESOURCES.stages, stageObject("ghost", "test")));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('project "ghost" not found');
    });

    it("makes a missing cluster-scoped object NOT_FOUND without a namespace", async () => {
      const error = await errorOf(client.get(RESOURCES.projects, { name: "nowhere" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('project "nowhere" not found');
    });

    it("makes a second create of a name ALREADY_EXISTS", async () => {
      const error = await errorOf(client.create(RESOURCES.stages, stageObject("errs", "test")));
      expect(error.code).toBe(Code.AlreadyExists);
      expect(error.rawMessage).toBe('stage "test" already exists in project "errs"');
    });

    it("makes a write based on a stale resourceVersion ABORTED", async () => {
      const read = await client.get(RESOURCES.stages, { namespace: "errs", name: "test" });
      await client.mergePatch(RESOURCES.stages, { namespace: "errs", name: "test" }, { metadata: { labels: { first: "yes" } } });
      const error = await errorOf(
        client.mergePatch(
          RESOURCES.stages,
          { namespace: "errs", name: "test" },
          { metadata: { labels: { second: "yes" } } },
          { resourceVersion: read.metadata.resourceVersion! },
        ),
      );
      expect(error.code).toBe(Code.Aborted);
      expect(error.rawMessage).toContain('stage "test" in project "errs" was modified concurrently');
    });

    it("makes a failed delete precondition ABORTED", async () => {
      const error = await errorOf(client.delete(RESOURCES.stages, { namespace: "errs", name: "test" }, { preconditions: { resourceVersion: "1" } }));
      expect(error.code).toBe(Code.Aborted);
    });

    it("makes an invalid Kargo object INVALID_ARGUMENT listing the field paths", async () => {
      const bad = {
        metadata: { name: "bad", namespace: "errs" },
        spec: { requestedFreight: [{ origin: { kind: "Bucket", name: "images" }, sources: { direct: "yes" } }] },
      };
      const error = await errorOf(client.create(RESOURCES.stages, bad));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toMatch(/^stage "bad" in project "errs" is invalid: /);
      expect(error.rawMessage).toContain("spec.requestedFreight[0].origin.kind: ");
      expect(error.rawMessage).toContain("spec.requestedFreight[0].sources.direct: ");
    });

    it("makes a malformed request INVALID_ARGUMENT", async () => {
      const error = await errorOf(client.list(RESOURCES.stages, { namespace: "errs", labelSelector: "a in (" }));
      expect(error.code).toBe(Code.InvalidArgument);
    });

    it("makes an RBAC denial for a ServiceAccount token PERMISSION_DENIED", async () => {
      await client.create(RESOURCES.serviceaccounts, { metadata: { name: "nobody", namespace: "errs" } });
      const token = await createToken(fixture.kubeConfig(), "errs", "nobody");
      const asNobody = createKubeClient(fixture.kubeConfigWithToken(token), { callerCredentials: true });
      const error = await errorOf(asNobody.get(RESOURCES.secrets, { namespace: "errs", name: "anything" }));
      expect(error.code).toBe(Code.PermissionDenied);
      expect(error.rawMessage).toContain('secret "anything" in namespace "errs"');
    });

    it("makes a rejected caller token UNAUTHENTICATED", async () => {
      const asForger = createKubeClient(fixture.kubeConfigWithToken("not-a-token"), { callerCredentials: true });
      expect((await errorOf(asForger.list(RESOURCES.stages, { namespace: "errs" }))).code).toBe(Code.Unauthenticated);
    });

    it("makes the server's own rejected credentials INTERNAL, not the caller's fault", async () => {
      const misconfigured = createKubeClient(fixture.kubeConfigWithToken("not-a-token"));
      const error = await errorOf(misconfigured.list(RESOURCES.stages, { namespace: "errs" }));
      expect(error.code).toBe(Code.Internal);
      expect(error.rawMessage).toBe("the API server's Kubernetes credentials were rejected");
    });

    it("makes an unreachable API UNAVAILABLE", async () => {
      const config = fixture.kubeConfig();
      const port = await closedPort();
      config.clusters = config.clusters.map((c) => ({ ...c, server: `https://127.0.0.1:${port}` }));
      const error = await errorOf(createKubeClient(config).get(RESOURCES.stages, { namespace: "errs", name: "test" }));
      expect(error.code).toBe(Code.Unavailable);
      expect(error.rawMessage).toBe("the Kubernetes API is unavailable");
      expect(error.cause).toBeDefined();
    });

    it("makes an aborted call CANCELED", async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await errorOf(client.get(RESOURCES.stages, { namespace: "errs", name: "test" }, { signal: controller.signal }));
      expect(error.code).toBe(Code.Canceled);
    });
  });

  describe("with answers the embedded API does not give on demand", () => {
    const target = { noun: "stage", name: "prod", namespace: "demo" };
    const status = (code: number, reason: string, message = "boom") => new ApiException(code, message, { kind: "Status", code, reason, message }, {});

    it.each([
      [410, "Expired", Code.OutOfRange],
      [429, "TooManyRequests", Code.ResourceExhausted],
      [413, "RequestEntityTooLarge", Code.ResourceExhausted],
      [405, "MethodNotAllowed", Code.Unimplemented],
      [499, "", Code.Canceled],
      [500, "InternalError", Code.Internal],
      [501, "NotImplemented", Code.Unimplemented],
      [502, "", Code.Unavailable],
      [503, "ServiceUnavailable", Code.Unavailable],
      [504, "Timeout", Code.DeadlineExceeded],
      [418, "", Code.Internal],
    ])("maps HTTP %i %s to %s", (code, reason, expected) => {
      expect(toConnectError(status(code, reason), target).code).toBe(expected);
    });

    it("keeps 410 Gone apart from NOT_FOUND, for watch resumes", () => {
      expect(toConnectError(status(410, "Gone"), target).code).toBe(Code.OutOfRange);
      expect(toConnectError(status(404, "NotFound"), target).code).toBe(Code.NotFound);
    });

    it("reads a Status body client-node left as a string", () => {
      const error = new ApiException(409, "conflict", JSON.stringify({ kind: "Status", code: 409, reason: "Conflict" }), {});
      expect(toConnectError(error, target).code).toBe(Code.Aborted);
    });

    it("treats a 409 of another reason (an admission clash) as ALREADY_EXISTS with its message", () => {
      const error = toConnectError(status(409, "", 'alias "wonky" is already used'), target);
      expect(error.code).toBe(Code.AlreadyExists);
      expect(error.rawMessage).toContain('alias "wonky" is already used');
    });

    it("maps the watch hub's errors", () => {
      expect(toConnectError(new ExpiredResourceVersionError("5", "too old")).code).toBe(Code.OutOfRange);
      expect(toConnectError(new WatchBufferOverflowError(10)).code).toBe(Code.ResourceExhausted);
    });

    it("passes ConnectErrors through and makes anything else INTERNAL with a generic message", () => {
      const own = new ConnectError("mine", Code.FailedPrecondition);
      expect(toConnectError(own)).toBe(own);
      const bug = toConnectError(new TypeError("x is undefined"));
      expect(bug.code).toBe(Code.Internal);
      expect(bug.rawMessage).toBe("internal error");
      expect(bug.cause).toBeInstanceOf(TypeError);
    });
  });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function createToken(kubeConfig: KubeConfig, namespace: string, name: string): Promise<string> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return (await core.createNamespacedServiceAccountToken({ namespace, name, body: { spec: { expirationSeconds: 3600 } } })).status!.token!;
}
