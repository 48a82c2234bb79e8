import { Code, ConnectError } from "@connectrpc/connect";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { createKubeClient, RESOURCES, type KubeClient, type KubeObject } from "../../../src/kube/index.js";
import { oidcLogin } from "../../support/oidc-login.js";
import { startOidcProvider, type TestOidcProvider } from "../../support/oidc-provider.js";
import { startKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";
import { eventually } from "../../support/eventually.js";

export { errorOf } from "../common/fixtures.js";
/** The code a call ends with: Code.* on failure, "OK" on success. */
export { codeOf } from "../../auth/support/expect-code.js";

/** A Kubernetes client with the server's identity, for arranging and inspecting objects directly. */
export function kubeOf(stack: KargoStack): KubeClient {
  return createKubeClient(stack.kubeConfig);
}

/**
 * Creates a Project through the Kubernetes API (admission makes its namespace and the default
 * roles kargo-admin, kargo-viewer, kargo-promoter) and waits until the RbacService sees its roles.
 */
export async function createProject(stack: KargoStack, name: string): Promise<void> {
  await kubeOf(stack).create(RESOURCES.projects, { metadata: { name } });
  const rbac = stack.client(RbacService);
  await eventually(async () => (await rbac.getRole({ project: name, name: "kargo-promoter" }).catch(() => undefined)) !== undefined, `project ${name}'s roles`);
}

/** A ServiceAccount (+ optional Role and RoleBinding of the same name) made by other means than Kargo: no managed annotation. */
export async function createUnmanagedRole(
  stack: KargoStack,
  namespace: string,
  name: string,
  rules?: unknown[],
  annotations: Record<string, string> = {},
): Promise<void> {
  const kube = kubeOf(stack);
  await kube.create(RESOURCES.serviceaccounts, { metadata: { namespace, name, annotations } });
  if (rules !== undefined) {
    await kube.create(RESOURCES.roles, { metadata: { namespace, name }, rules });
    await kube.create(RESOURCES.rolebindings, {
      metadata: { namespace, name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name, namespace }],
    });
  }
  const rbac = stack.client(RbacService);
  await eventually(async () => (await rbac.getRole({ project: namespace, name }).catch(() => undefined)) !== undefined, `role ${name}`);
}

/** Reads an object with the server's identity; undefined when missing. */
export async function readObject(
  stack: KargoStack,
  type: (typeof RESOURCES)[keyof typeof RESOURCES],
  namespace: string,
  name: string,
): Promise<KubeObject | undefined> {
  return kubeOf(stack)
    .get(type, { namespace, name })
    .catch((error: unknown) => {
      if (error instanceof ConnectError && error.code === Code.NotFound) return undefined;
      throw error;
    });
}

/** A stack whose users sign in through a real OpenID provider. */
export interface OidcStack {
  readonly provider: TestOidcProvider;
  readonly stack: KargoStack;
  /** An ID token of the account `login` (created with `email: <login>@example.com`). */
  signIn(login: string): Promise<string>;
  /** Waits until the server maps `token`'s user to exactly `count` ServiceAccounts (the claims index follows an informer). */
  untilMapped(token: string, count: number): Promise<void>;
}

/** Starts an OIDC provider and a full stack trusting it, before the block's tests; closes both after. */
export function useOidcStack(): () => OidcStack {
  let value: OidcStack | undefined;
  beforeAll(async () => {
    const provider = await startOidcProvider();
    const stack = await startKargoStack({
      env: { OIDC_ENABLED: "true", OIDC_ISSUER_URL: provider.issuer, OIDC_CLIENT_ID: provider.web.clientId, OIDC_CLI_CLIENT_ID: provider.cli.clientId },
    });
    value = {
      provider,
      stack,
      async signIn(login) {
        provider.setAccount(login, { email: `${login}@example.com` });
        return (await oidcLogin(provider.issuer, provider.web, login)).idToken;
      },
      async untilMapped(token, count) {
        const auth = stack.client(AuthService, token);
        await eventually(async () => (await auth.whoAmI({})).serviceAccounts.length === count, `the user to map to ${count} service accounts`);
      },
    };
  });
  afterAll(async () => {
    await value?.stack.close();
    await value?.provider.close();
  });
  return () => {
    if (value === undefined) throw new Error("useOidcStack: read it inside a test");
    return value;
  };
}
