import type { RunningKargoApi } from "../../start-kargo-api.js";
import { UsageError } from "../cli-errors.js";
import type { Command } from "../command.js";

/**
 * `kargo-api serve [server flags]`: runs the server exactly as `npm start` does (same settings,
 * flags and environment variables; README "Configuration"), until SIGINT/SIGTERM.
 */
export const serve: Command = {
  name: "serve",
  summary: "run the API server (embedded mode by default), as npm start does",
  usage: `kargo-api serve [--port N] [--data-dir DIR] [--embedded] [--kubeconfig PATH] [--demo] …

Every flag and environment variable of the server applies (README "Configuration"; kargo-api serve
--help lists them). Stops gracefully on SIGINT/SIGTERM.`,
  // The server's own flags are parsed by its loadConfig; run-cli passes them through untouched.
  rawArgs: true,
  async run(context, { positionals }) {
    // Loaded here, not at the top: every other command starts without the server's modules.
    const { isConfigError } = await import("../../config/config-error.js");
    const { loadConfig } = await import("../../config/load-config.js");
    const { usage } = await import("../../config/usage.js");
    const { stopWhenOrphaned } = await import("../../server/stop-when-orphaned.js");
    const { startOnConsole } = await import("../../start-on-console.js");
    let loaded;
    try {
      loaded = loadConfig({ argv: positionals, env: context.io.env });
    } catch (e) {
      if (isConfigError(e)) throw new UsageError(e.message);
      throw e;
    }
    if (loaded.help) {
      context.print(usage());
      return;
    }
    const config = loaded.config;
    // The CLI's signal ends serving; so does npm going away (stopWhenOrphaned).
    const orphaned = new AbortController();
    const stopping = AbortSignal.any([context.io.signal, orphaned.signal]);
    const { logger, starting } = startOnConsole(
      config,
      { stdout: context.io.stdout as NodeJS.WriteStream, stderr: context.io.stderr, env: context.io.env },
      () => stopping.aborted,
    );
    const unwatch = stopWhenOrphaned(context.io.env, () => {
      logger.warn("npm, which started this server, is gone: shutting down");
      orphaned.abort();
    });
    const running: RunningKargoApi = await starting;
    await new Promise<void>((resolve) => {
      if (stopping.aborted) resolve();
      else stopping.addEventListener("abort", () => resolve(), { once: true });
    });
    unwatch();
    logger.info({ timeoutMs: config.server.shutdownTimeoutMs }, "shutting down");
    await running.close();
    logger.info("stopped");
  },
};
