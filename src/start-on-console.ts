import type { Logger } from "pino";
import type { Config } from "./config/config.js";
import { createConsoleLogger } from "./server/create-console-logger.js";
import { startBanner } from "./server/start-banner.js";
import { startKargoApi, type RunningKargoApi } from "./start-kargo-api.js";

/** The console a server started by a person (npm start, kargo-api serve) writes to. */
export interface ServerConsole {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Starts the service for `main.ts` and `kargo-api serve` alike: the logger per LOG_FORMAT on stdout,
 * a generated admin password shown once on stderr (not through the logger, whose output may be
 * shipped), and the start banner on stderr once the listener is bound.
 */
export function startOnConsole(config: Config, console: ServerConsole, isStopping: () => boolean): { logger: Logger; starting: Promise<RunningKargoApi> } {
  const logger = createConsoleLogger(config.logLevel, config.logFormat, console.stdout, console.env);
  const starting = startKargoApi(config, {
    logger,
    isStopping,
    onGeneratedAdminPassword: (password) => {
      console.stderr.write(`\nkargo-api: generated admin password (shown once; only its hash is kept in ${config.embedded.dataDir}): ${password}\n\n`);
    },
  }).then((running) => {
    if (!isStopping())
      console.stderr.write(
        startBanner(config, { url: running.url, ...(running.adminPasswordSource ? { adminPasswordSource: running.adminPasswordSource } : {}) }),
      );
    return running;
  });
  return { logger, starting };
}
