import type { AdminPasswordSource } from "../auth/admin/admin-password-source.js";
import type { Config } from "../config/config.js";
import { DEFAULT_SERVER } from "../cli/default-server.js";

/** What the banner reports besides the configuration. */
export interface BannerFacts {
  /** The URL the listener actually bound (port 0 resolved). */
  readonly url: URL;
  /** Where the admin password came from, as authentication decided it; absent when the account is off. */
  readonly adminPasswordSource?: AdminPasswordSource;
}

/**
 * Where the admin password comes from, in words (never the password itself): the wording for a
 * terminal of the one decision authentication made (start-auth), so the banner and the start log
 * cannot disagree.
 */
export function describePasswordSource(config: Config, source: AdminPasswordSource | undefined): string {
  switch (source) {
    case undefined:
      return "admin account disabled (ADMIN_ACCOUNT_ENABLED=false)";
    case "env-password":
      return "ADMIN_ACCOUNT_PASSWORD";
    case "env-hash":
      return "ADMIN_ACCOUNT_PASSWORD_HASH";
    case "generated":
      return `generated at this first start and shown above, once (only its hash is kept in ${config.embedded.dataDir})`;
    case "stored":
      return `the hash kept in ${config.embedded.dataDir} since the first start (set ADMIN_ACCOUNT_PASSWORD to choose one)`;
  }
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
    `  admin password: ${describePasswordSource(config, facts.adminPasswordSource)}`,
    `  kubeconfig:     ${kubeconfig}`,
  ];
  if (config.admin.enabled) lines.push(`  next:           npx kargo-api login --admin${serverFlag}   (then: npx kargo-api get projects)`);
  return `${lines.join("\n")}\n\n`;
}
