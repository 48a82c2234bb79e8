import type { Config } from "./config/config.js";
import { isConfigError } from "./config/config-error.js";
import { loadConfig } from "./config/load-config.js";
import { usage } from "./config/usage.js";
import { stopWhenOrphaned } from "./server/stop-when-orphaned.js";
import { startOnConsole } from "./start-on-console.js";

/**
 * Entry point: reads the configuration (a bad setting exits 2 with one line naming it) and starts
 * everything through startKargoApi. On SIGTERM/SIGINT — also during start-up — it shuts down what
 * is running, in reverse order (API server gracefully, caches, auth, embedded control plane), and
 * exits 0. A start-up failure (a port in use …) has stopped what had started; it exits 1 with one
 * line on stderr saying what failed and why (for a listener: its address and the settings that
 * chose it), no stack trace, and the same as a fatal log record.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    const loaded = loadConfig({ argv: process.argv.slice(2), env: process.env });
    if (loaded.help) {
      process.stdout.write(`${usage()}\n`);
      return;
    }
    config = loaded.config;
  } catch (e) {
    if (isConfigError(e)) {
      process.stderr.write(`kargo-api: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }

  let stopping = false;
  const { logger, starting } = startOnConsole(config, process, () => stopping);
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // npm forwards the terminal's SIGINT, so one Ctrl-C can arrive twice; the shutdown is bounded anyway.
      logger.info({ signal }, "already shutting down");
      return;
    }
    stopping = true;
    logger.info({ signal, timeoutMs: config.server.shutdownTimeoutMs }, "shutting down");
    // During start-up, wait for it: startKargoApi sees `stopping` and returns after its current step.
    const running = await starting.catch(() => undefined);
    await running?.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (s) => void stop(s));
  process.on("SIGINT", (s) => void stop(s));
  stopWhenOrphaned(process.env, () => {
    logger.warn("npm, which started this server, is gone: shutting down");
    void stop("SIGTERM");
  });

  try {
    await starting;
  } catch (e) {
    if (stopping) return;
    const message = (e instanceof Error ? e.message : String(e)).split("\n", 1)[0];
    // The stack is for whoever debugs (LOG_LEVEL=debug); people read the one line.
    logger.debug({ err: e instanceof Error && e.cause ? e.cause : e }, "start-up failure");
    logger.fatal(message);
    process.stderr.write(`kargo-api: ${message}\n`);
    process.exit(1);
  }
}

await main();
