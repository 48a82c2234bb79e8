import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ResourceService, CreateResourceResponseSchema } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { StageService, WatchStagesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { accessCheckKey } from "../../../src/auth/authorization/access-check-context.js";
import { identityKey } from "../../../src/auth/identity-context.js";
import { implementSome } from "../../support/implement-some.js";
import { codeOf } from "../support/expect-code.js";
import { createBoundRole, createProjectNamespace } from "../support/kube-fixtures.js";
import { ADMIN_PASSWORD, useAuthStack } from "../support/start-auth-stack.js";

// What a handler of a `per-object` (or `handlerChecks`) RPC gets from the interceptors: the caller
// as a context value and an access check bound to it. This stand-in CreateResource handler asks
// for `promote stages "prod"` in the project named by the manifest, as the real one will for a
// Promotion, and answers PERMISSION_DENIED when refused.
const resourceService = implementSome(ResourceService, {
  async createResource(request, context) {
    if (context.values.get(identityKey) === undefined) {
      throw new ConnectError("no identity", Code.Internal);
    }
    const namespace = new TextDecoder().decode(request.manifest);
    const allowed = await context.values.get(accessCheckKey)({ verb: "promote", group: "kargo.akuity.io", resource: "stages", namespace, name: "prod" });
    if (!allowed) {
      throw new ConnectError(`not permitted to promote stages "prod" in namespace "${namespace}"`, Code.PermissionDenied);
    }
    return create(CreateResourceResponseSchema, {});
  },
});

// A stand-in watch that echoes its request, to show the authorization interceptor hands the
// server-streaming request message on intact after reading it for the review.
const stageService = implementSome(StageService, {
  async *watchStages(request) {
    yield create(WatchStagesResponseSchema, { resourceVersion: `${request.project}/${request.name}` });
  },
});

describe("access checks made by handlers", () => {
  const stack = useAuthStack({ services: [resourceService, stageService] });
  let token: string;

  beforeAll(async () => {
    const { core, rbac } = stack();
    await createProjectNamespace(core, "handler-a");
    await core.createNamespacedServiceAccount({ namespace: "handler-a", body: { metadata: { name: "deployer" } } });
    await createBoundRole(rbac, "handler-a", "deployer", "deployer", [
      { apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["promote"], resourceNames: ["prod"] },
      { apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["watch"] },
    ]);
    const request = await core.createNamespacedServiceAccountToken({ namespace: "handler-a", name: "deployer", body: { spec: { expirationSeconds: 3600 } } });
    token = request.status!.token!;
  });

  const createResource = (authorization: string, namespace: string) =>
    codeOf(
      stack()
        .client(ResourceService, authorization)
        .createResource({ manifest: new TextEncoder().encode(namespace) }),
    );

  it("lets the handler allow what the caller's RBAC allows", async () => {
    expect(await createResource(`Bearer ${token}`, "handler-a")).toBe("OK");
  });

  it("lets the handler refuse what it does not", async () => {
    expect(await createResource(`Bearer ${token}`, "default")).toBe(Code.PermissionDenied);
  });

  it("allows everything for the admin", async () => {
    const { idToken } = await stack().client(AuthService).adminLogin({ password: ADMIN_PASSWORD });
    expect(await createResource(`Bearer ${idToken}`, "default")).toBe("OK");
  });

  it("hands a server-streaming handler the request it authorized", async () => {
    const received: string[] = [];
    for await (const event of stack().client(StageService, `Bearer ${token}`).watchStages({ project: "handler-a", name: "prod" })) {
      received.push(event.resourceVersion);
    }
    expect(received).toEqual(["handler-a/prod"]);
  });
});
