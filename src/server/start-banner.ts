import type { Config } from "../config/config.js";
import { DEFAULT_SERVER } from "../cli/default-server.js";

/** What the banner reports besides the configuration. */
export interface BannerFacts {
  /** The URL the listener actually bound (port 0 resolved). */
  readonly url: URL;
  /** Whether this start generated the admin password (it was shown just before, once). */
  readonly generatedPassword: boolean;
}

/** Where the admin password comes from, in words (never the password itself). */
export function adminPasswordSource(config: Config, generatedPassword: boolean): string {
  if (!config.admin.enabled) return "admin account disabled (ADMIN_ACCOUNT_ENABLED=false)";
  if (config.admin.password !== undefined) return "ADMIN_ACCOUNT_PASSWORD";
  if (config.admin.passwordHash !== undefined) return "ADMIN_ACCOUNT_PASSWORD_HASH";
  if (generatedPassword) return `generated at this first start and shown above, once (only its hash is kept in ${config.embedded.dataDir})`;
  return `the hash kept in ${config.embedded.dataDir} since the first start (set ADMIN_ACCOUNT_PASSWORD to choose one)`;
}

/**
 * The lines printed on stderr once the server listens: the URL bound, the mode, where the admin
 * password comes from, the kubeconfig, and the next command to run. For people at a terminal; the
 * "kargo api serving" log line carries the same facts for machines.
 */
export function startBanner(config: Config, facts: BannerFacts): string {
  const server = facts.url.href.replace(/\/$/, "");
  const serverFlag = server === DEFAULT_SERVER ? "" : ` --server ${server}`;
  const kubeconfig =
    config.kubernetes.mode === "embedded"
      ? `${config.embedded.dataDir}/kubeconfig (embedded Kubernetes API; kubectl --kubeconfig works with it)`
      : config.kubernetes.mode === "kubeconfig"
        ? config.kubernetes.path
        : "in-cluster ServiceAccount";
  const lines = [
    "",
    `  Kargo API serving at ${server} (${config.kubernetes.mode} mode${config.embedded.demo && config.kubernetes.mode === "embedded" ? ", demo project kargo-demo" : ""})`,
    `  admin password: ${adminPasswordSource(config, facts.generatedPassword)}`,
    `  kubeconfig:     ${kubeconfig}`,
  ];
  if (config.admin.enabled) lines.push(`  next:           npx kargo-api login --admin${serverFlag}   (then: npx kargo-api get projects)`);
  return `${lines.join("\n")}\n\n`;
}
