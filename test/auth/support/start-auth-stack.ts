import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { pino } from "pino";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { adminTokenKey } from "../../../src/auth/admin/admin-token-key.js";
import type { AuthSettings } from "../../../src/auth/auth-settings.js";
import { startAuth, type RunningAuth } from "../../../src/auth/start-auth.js";
import { startEmbeddedControlPlane, type EmbeddedControlPlane } from "../../../src/embedded/index.js";
import { createKubeCaches, type KubeCaches } from "../../../src/kube/index.js";
import { createApiServer, type ApiServer } from "../../../src/server/create-api-server.js";
import { implement, type ServiceImplementation } from "../../../src/server/service-implementation.js";
import { authServiceOf } from "../../../src/services/auth/auth-service-of.js";

/** The admin password every stack is started with. */
export const ADMIN_PASSWORD = "admin-password-for-tests";
/**
 * bcrypt of ADMIN_PASSWORD at cost 4, what the stack is given (ADMIN_ACCOUNT_PASSWORD_HASH): the
 * password in clear would be hashed at the production cost (10) at each start and in
 * adminTokenSigningKey, and every AdminLogin would compare at it, ~0.15 s of CPU each in
 * pure-JavaScript bcrypt. Hashing a password given in clear is tested in test/auth/admin.
 */
const ADMIN_PASSWORD_HASH = "$2b$04$9iAm2RMjvAnafW9wawmBW.YuJKqt61aoTufXdCEZkIUiBlkn6EBli";
/** The admin token signing key every stack is started with (32+ bytes). */
export const ADMIN_SIGNING_KEY = "admin-signing-key-for-tests-0123456789";
/**
 * The key the stack signs admin tokens with (derived from ADMIN_SIGNING_KEY and the password's
 * hash, as startAuth derives it), for tests that mint or forge admin tokens themselves.
 */
export async function adminTokenSigningKey(): Promise<Uint8Array> {
  const key = new TextEncoder().encode(ADMIN_SIGNING_KEY);
  return adminTokenKey(key, ADMIN_PASSWORD_HASH);
}
/** The admin token issuer and audience every stack is started with. */
export const ADMIN_ISSUER = "kargo-api-test";
export const ADMIN_AUDIENCE = "kargo-api-test-audience";

/** Options of {@link startAuthStack}. */
export interface AuthStackOptions {
  /** OIDC issuer and client IDs; OIDC is off without them. */
  readonly oidc?: { readonly issuerUrl: string; readonly clientId: string; readonly cliClientId: string };
  readonly globalServiceAccountNamespaces?: readonly string[];
  /** Default 0: every request reviews afresh, so RBAC changes in a test apply at once. */
  readonly authorizationCacheTtlMs?: number;
  /**
   * Default 60 s: verified admin and OIDC tokens are reused as in production, so the tests that
   * send forged tokens do so while the genuine ones are cached.
   */
  readonly verifiedTokenCacheMaxAgeMs?: number;
  readonly loginRateLimit?: AuthSettings["loginRateLimit"];
  /** Handlers of other services to serve (for tests of what handlers get from the interceptors). */
  readonly services?: readonly ServiceImplementation[];
}

/**
 * A real stack for auth tests: the embedded control plane (the Kubernetes API: TokenReview,
 * access reviews, RBAC, ServiceAccount tokens), startAuth as main wires it, and the real API
 * server on loopback with the auth interceptors and AuthService. Clients speak Connect over HTTP.
 */
export interface AuthStack {
  readonly baseUrl: string;
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly rbac: RbacAuthorizationV1Api;
  readonly auth: RunningAuth;
  /** The informer caches auth follows (as the server shares them with its services). */
  readonly caches: KubeCaches;
  /** A client of `service` sending `authorization` verbatim when given (null: no header). */
  client<S extends DescService>(service: S, authorization?: string | null): Client<S>;
  close(): Promise<void>;
}

/** Starts an {@link AuthStack}. */
export async function startAuthStack(options: AuthStackOptions = {}): Promise<AuthStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "auth-stack-"));
  let controlPlane: EmbeddedControlPlane | undefined;
  let auth: RunningAuth | undefined;
  let caches: KubeCaches | undefined;
  let server: ApiServer | undefined;
  try {
    controlPlane = await startEmbeddedControlPlane({ dataDir: join(dataDir, "k8s") });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(controlPlane.kubeconfigPath);
    caches = createKubeCaches(kubeConfig);
    auth = await startAuth(
      {
        admin: {
          enabled: true,
          password: undefined,
          passwordHash: ADMIN_PASSWORD_HASH,
          tokenSigningKey: ADMIN_SIGNING_KEY,
          tokenIssuer: ADMIN_ISSUER,
          tokenAudience: ADMIN_AUDIENCE,
          tokenTtlMs: 3_600_000,
        },
        oidc: {
          enabled: options.oidc !== undefined,
          issuerUrl: options.oidc?.issuerUrl ?? "",
          clientId: options.oidc?.clientId ?? "",
          cliClientId: options.oidc?.cliClientId ?? "",
          usernameClaim: "email",
          // Tests rotate keys and expect the next token to verify at once.
          jwksCooldownMs: 0,
        },
        globalServiceAccountNamespaces: options.globalServiceAccountNamespaces ?? [],
        authorizationCacheTtlMs: options.authorizationCacheTtlMs ?? 0,
        verifiedTokenCacheMaxAgeMs: options.verifiedTokenCacheMaxAgeMs ?? 60_000,
        namespaces: { kargo: "kargo", sharedResources: "kargo-shared-resources", systemResources: "kargo-system-resources" },
        loginRateLimit: options.loginRateLimit,
      },
      { kubeConfig, caches },
    );
    server = createApiServer(
      {
        server: {
          bindAddress: "127.0.0.1",
          port: 0,
          tls: undefined,
          corsAllowedOrigins: [],
          maxRequestBytes: 4 << 20,
          maxNestingDepth: 100,
          shutdownTimeoutMs: 2_000,
        },
      },
      {
        logger: pino({ level: "silent" }),
        services: [
          implement(
            AuthService,
            authServiceOf(auth, () => "127.0.0.1"),
          ),
          ...(options.services ?? []),
        ],
        authInterceptors: auth.interceptors,
        bodyGate: auth.bodyGate,
      },
    );
    const baseUrl = (await server.listen(0, "127.0.0.1")).href.replace(/\/$/, "");
    const running = { controlPlane, auth, server, caches };
    return {
      baseUrl,
      kubeConfig,
      core: kubeConfig.makeApiClient(CoreV1Api),
      rbac: kubeConfig.makeApiClient(RbacAuthorizationV1Api),
      auth,
      caches,
      client(service, authorization) {
        const interceptors: Interceptor[] = [];
        if (authorization !== undefined && authorization !== null) {
          interceptors.push((next) => (req) => {
            req.header.set("authorization", authorization);
            return next(req);
          });
        }
        return createClient(service, createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors }));
      },
      async close() {
        await running.server.shutdown(1_000);
        await running.auth.stop();
        running.caches.stop();
        await running.controlPlane.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.shutdown(500);
    await auth?.stop();
    caches?.stop();
    await controlPlane?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts an {@link AuthStack} before the tests of the enclosing block and closes it after them. */
export function useAuthStack(options: AuthStackOptions | (() => AuthStackOptions) = {}): () => AuthStack {
  let stack: AuthStack | undefined;
  beforeAll(async () => {
    stack = await startAuthStack(typeof options === "function" ? options() : options);
  });
  afterAll(async () => {
    await stack?.close();
  });
  return () => {
    if (stack === undefined) throw new Error("useAuthStack: used outside a test");
    return stack;
  };
}
