import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { CoreV1Api, CustomObjectsApi, type KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { pino, type Logger } from "pino";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { Config } from "../../src/config/config.js";
import { startKargoApi, type RunningKargoApi } from "../../src/start-kargo-api.js";

/** The admin password every stack starts with. */
export const STACK_ADMIN_PASSWORD = "stack-admin-password-for-tests";
/**
 * bcrypt of STACK_ADMIN_PASSWORD at cost 4, given as ADMIN_ACCOUNT_PASSWORD_HASH: a stack started
 * with the password in clear hashes it at the production cost (10) and every AdminLogin compares at
 * that cost, about 0.15 s of CPU per stack in pure-JavaScript bcrypt; at cost 4 it is 64 times less.
 * The password path itself (ADMIN_ACCOUNT_PASSWORD) is tested in test/auth/admin.
 */
const STACK_ADMIN_PASSWORD_HASH = "$2b$04$yb9p0HxvaUEJPGdwqfZZku3wGYMxsUZvglrFW3kqwJC4QNAF1UgoG";

/** Options of {@link startKargoStack}. */
export interface KargoStackOptions {
  /** Extra settings as environment variables (they win over the test defaults). */
  readonly env?: Record<string, string>;
  /** The server's logger (default: silent), e.g. test/support/capture-logs.ts to read its lines. */
  readonly logger?: Logger;
  /**
   * An existing data directory (e.g. a previous stack's, to restart on it), kept on close.
   * Default: a fresh temporary one, removed on close.
   */
  readonly dataDir?: string;
  /** Clock of promotion windows (default the system clock), e.g. a settable one. */
  readonly promotionWindowClock?: () => Date;
}

/**
 * The whole service as `npm start` runs it (startKargoApi): the embedded control plane in a temp
 * data dir, auth, caches, every service, the API server on 127.0.0.1 port 0 — plus clients.
 */
export interface KargoStack {
  readonly baseUrl: string;
  readonly config: Config;
  readonly running: RunningKargoApi;
  /** The embedded Kubernetes API with the server's own (all-powerful) credentials. */
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly rbac: RbacAuthorizationV1Api;
  readonly custom: CustomObjectsApi;
  /** An admin token from AdminLogin. */
  readonly adminToken: string;
  /** A Connect client of `service` as admin (default), with another bearer token, or with none (null). */
  client<S extends DescService>(service: S, token?: string | null): Client<S>;
  close(): Promise<void>;
}

/** Starts a {@link KargoStack}. */
export async function startKargoStack(options: KargoStackOptions = {}): Promise<KargoStack> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "kargo-stack-")));
  const removeDataDir = () => (options.dataDir === undefined ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());
  const loaded = loadConfig({
    argv: [],
    env: {
      PORT: "0",
      BIND_ADDRESS: "127.0.0.1",
      KARGO_DATA_DIR: dataDir,
      // A test that sets either admin password variable chooses the path (both set is a configuration error).
      ...(options.env && ("ADMIN_ACCOUNT_PASSWORD" in options.env || "ADMIN_ACCOUNT_PASSWORD_HASH" in options.env)
        ? {}
        : { ADMIN_ACCOUNT_PASSWORD_HASH: STACK_ADMIN_PASSWORD_HASH }),
      ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "stack-signing-key-for-tests-0123456789abcdef",
      // Every request reviews afresh, so RBAC changes made by a test apply at once.
      AUTHORIZATION_CACHE_TTL: "0s",
      GRACEFUL_SHUTDOWN_TIMEOUT: "2s",
      LOG_LEVEL: "silent",
      ...options.env,
    },
  });
  if (loaded.help) throw new Error("unexpected --help");
  const config = loaded.config;
  let running: RunningKargoApi;
  try {
    running = await startKargoApi(config, {
      logger: options.logger ?? pino({ level: "silent" }),
      ...(options.promotionWindowClock ? { promotionWindowClock: options.promotionWindowClock } : {}),
    });
  } catch (e) {
    await removeDataDir();
    throw e;
  }
  const baseUrl = running.url.href.replace(/\/$/, "");
  const clientWith = <S extends DescService>(service: S, token: string | null): Client<S> => {
    const interceptors: Interceptor[] = [];
    if (token !== null) {
      interceptors.push((next) => (req) => {
        req.header.set("authorization", `Bearer ${token}`);
        return next(req);
      });
    }
    return createClient(service, createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors }));
  };
  let adminToken: string;
  try {
    adminToken = (await clientWith(AuthService, null).adminLogin({ password: STACK_ADMIN_PASSWORD })).idToken;
  } catch (e) {
    await running.close();
    await removeDataDir();
    throw e;
  }
  const kubeConfig = running.kubeConfig;
  return {
    baseUrl,
    config,
    running,
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    rbac: kubeConfig.makeApiClient(RbacAuthorizationV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
    adminToken,
    client: (service, token) => clientWith(service, token === undefined ? adminToken : token),
    async close() {
      await running.close();
      await removeDataDir();
    },
  };
}

/** Starts a {@link KargoStack} before the tests of the enclosing block and closes it after them. */
export function useKargoStack(options: KargoStackOptions = {}): () => KargoStack {
  let stack: KargoStack | undefined;
  beforeAll(async () => {
    stack = await startKargoStack(options);
  });
  afterAll(async () => {
    await stack?.close();
  });
  return () => {
    if (stack === undefined) throw new Error("useKargoStack: read the stack inside a test, after beforeAll");
    return stack;
  };
}
