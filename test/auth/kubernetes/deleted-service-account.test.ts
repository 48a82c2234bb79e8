import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { CreateResourceResponseSchema, ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { accessCheckKey } from "../../../src/auth/authorization/access-check-context.js";
import { implementSome } from "../../support/implement-some.js";
import { codeOf } from "../support/expect-code.js";
import { createBoundRole, createProjectNamespace } from "../support/kube-fixtures.js";
import { useAuthStack } from "../support/start-auth-stack.js";
import { eventually } from "../../support/eventually.js";

// A stand-in handler that makes one access review as the caller, in the namespace the request
// names (so each test asks a question the decision cache has not seen).
const reviewing = implementSome(ResourceService, {
  async createResource(request, context) {
    const namespace = new TextDecoder().decode(request.manifest);
    if (!(await context.values.get(accessCheckKey)({ verb: "get", group: "", resource: "configmaps", namespace }))) {
      throw new ConnectError("denied", Code.PermissionDenied);
    }
    return create(CreateResourceResponseSchema, {});
  },
});

// Issue 12 item 11: the token of a deleted ServiceAccount answered UNAVAILABLE ("cannot check
// permissions", a code clients retry) while its TokenReview was cached. It must be UNAUTHENTICATED.
describe("the token of a ServiceAccount deleted while its acceptance is cached", () => {
  // Caches as in production, but long, so nothing here passes by the cache merely expiring.
  const stack = useAuthStack({ authorizationCacheTtlMs: 600_000, services: [reviewing] });

  async function serviceAccountToken(namespace: string, name: string): Promise<string> {
    const { core, rbac } = stack();
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
    await createBoundRole(rbac, namespace, name, name, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }]);
    return (await core.createNamespacedServiceAccountToken({ namespace, name, body: { spec: { expirationSeconds: 3600 } } })).status!.token!;
  }

  beforeAll(async () => {
    await createProjectNamespace(stack().core, "doomed-a");
  });

  it("answers UNAUTHENTICATED, not UNAVAILABLE, on the next call that needs an access review", async () => {
    const token = await serviceAccountToken("doomed-a", "robot-1");
    const client = stack().client(ResourceService, `Bearer ${token}`);
    const call = (namespace: string) => codeOf(client.createResource({ manifest: new TextEncoder().encode(namespace) }));
    expect(await call("doomed-a")).toBe("OK");
    await stack().core.deleteNamespacedServiceAccount({ namespace: "doomed-a", name: "robot-1" });
    // Asked at once: the review cache may still hold the acceptance, the access review is refused.
    expect(await call("default")).toBe(Code.Unauthenticated);
    expect(await call("doomed-a")).toBe(Code.Unauthenticated);
  });

  it("stops being accepted by calls that need no access review once the deletion is seen", async () => {
    const token = await serviceAccountToken("doomed-a", "robot-2");
    const whoAmI = () => codeOf(stack().client(AuthService, `Bearer ${token}`).whoAmI({}));
    expect(await whoAmI()).toBe("OK");
    await stack().core.deleteNamespacedServiceAccount({ namespace: "doomed-a", name: "robot-2" });
    // The ServiceAccount informer reports the deletion within milliseconds; the cached acceptance
    // would otherwise last the whole (here 10-minute) cache TTL.
    await eventually(async () => (await whoAmI()) === Code.Unauthenticated, "the deleted ServiceAccount's token to be refused");
    expect(await whoAmI()).toBe(Code.Unauthenticated);
  });
});
