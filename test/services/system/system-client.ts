import { createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import type { Config } from "../../../src/config/config.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { createSystemService } from "../../../src/services/system/create-system-service.js";
import type { VersionInfo } from "../../../src/version/version-info.js";

/** The configuration loadConfig makes from these environment variables. */
export function configFrom(env: Record<string, string>): Config {
  const loaded = loadConfig({ argv: [], env });
  if (loaded.help) throw new Error("unexpected help");
  return loaded.config;
}

/** A SystemService client over the in-memory router transport, for handler tests. */
export function systemClient(config: Config, versionInfo: VersionInfo): Client<typeof SystemService> {
  const { impl } = createSystemService(config, versionInfo);
  return createClient(
    SystemService,
    createRouterTransport((router) => router.service(SystemService, impl)),
  );
}

export const sampleVersion: VersionInfo = {
  version: "1.2.3",
  gitCommit: "0123456789abcdef0123456789abcdef01234567",
  gitTreeDirty: true,
  buildTime: new Date("2026-11-23T10:00:00Z"),
  nodeVersion: "v24.21.0",
  platform: "linux/x64",
};
