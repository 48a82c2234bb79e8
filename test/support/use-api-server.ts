import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Interceptor } from "@connectrpc/connect";
import type { Config } from "../../src/config/config.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createApiServer, type ApiServer } from "../../src/server/create-api-server.js";
import type { ServiceImplementation } from "../../src/server/service-implementation.js";
import { createSystemService } from "../../src/services/system/create-system-service.js";
import { resolveVersionInfo } from "../../src/version/resolve-version-info.js";
import { captureLogs, type CapturedLogs } from "./capture-logs.js";

/** Options of useApiServer. */
export interface UseApiServerOptions {
  /** Settings as environment variables (PORT, BIND_ADDRESS and KARGO_DATA_DIR are preset for tests). */
  readonly env?: Record<string, string>;
  /** Service implementations; default: the real SystemService. */
  readonly services?: (config: Config) => ServiceImplementation[];
  readonly authInterceptors?: Interceptor[];
  readonly readiness?: () => Promise<void>;
}

/** A running test server. Read the getters inside tests (they are set in beforeAll). */
export interface ApiServerFixture {
  readonly server: ApiServer;
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  readonly config: Config;
  readonly logs: CapturedLogs;
}

/**
 * Starts a real API server on 127.0.0.1, port 0, for the enclosing describe
 * block (beforeAll) and shuts it down gracefully afterwards (afterAll), so
 * client sessions are drained rather than left dangling. Logs go to memory.
 */
export function useApiServer(options: UseApiServerOptions = {}): ApiServerFixture {
  let fixture: ApiServerFixture | undefined;
  let dataDir = "";
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-api-test-"));
    const loaded = loadConfig({
      argv: [],
      env: { PORT: "0", BIND_ADDRESS: "127.0.0.1", KARGO_DATA_DIR: dataDir, GRACEFUL_SHUTDOWN_TIMEOUT: "5s", ...options.env },
    });
    if (loaded.help) throw new Error("unexpected --help");
    const config = loaded.config;
    const logs = captureLogs();
    const server = createApiServer(config, {
      logger: logs.logger,
      services: options.services?.(config) ?? [createSystemService(config, resolveVersionInfo(config.build))],
      authInterceptors: options.authInterceptors,
      readiness: options.readiness,
    });
    const url = await server.listen();
    fixture = { server, baseUrl: url.origin, config, logs };
  });
  afterAll(async () => {
    await fixture?.server.shutdown(5000);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const get = (): ApiServerFixture => {
    if (!fixture) throw new Error("useApiServer: read the fixture inside a test, after beforeAll");
    return fixture;
  };
  return {
    get server() {
      return get().server;
    },
    get baseUrl() {
      return get().baseUrl;
    },
    get config() {
      return get().config;
    },
    get logs() {
      return get().logs;
    },
  };
}
