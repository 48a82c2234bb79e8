import { Code, ConnectError } from "@connectrpc/connect";
import type { Logger } from "pino";
import { CallLogger, loggerKey } from "../context/logger-key.js";
import { requestIdKey } from "../context/request-id-key.js";
import { codeName } from "../code-name.js";
import { protocolOf } from "../protocol-of.js";
import type { CallEnd } from "../../kube/index.js";
import type { CallObserver } from "./observe-call.js";

/** What the logging observer needs. */
export interface LoggingObserverDeps {
  readonly logger: Logger;
}

// Codes that mean the server failed, not the caller.
const serverFault = new Set([Code.Internal, Code.Unknown, Code.DataLoss]);

/**
 * Gives every call a logger (request id and procedure bound, made when first used: see
 * CallLogger) in its context values, and writes one line when the call is over: procedure,
 * protocol, code, duration and request id, never the messages. Server faults log at error level;
 * a call the client ended (see observeCall) is "canceled" at the usual level; health checks at
 * debug so probes do not flood the log. A line the logger's level leaves out is not assembled.
 */
export function loggingObserver(deps: LoggingObserverDeps): CallObserver {
  return (req, startedAt, procedure) => {
    const log = new CallLogger(deps.logger, { requestId: req.contextValues.get(requestIdKey), procedure });
    req.contextValues.set(loggerKey, log);
    const quiet = req.service.typeName === "grpc.health.v1.Health";
    return logCallEnd(deps.logger, log, quiet, protocolOf(req.header.get("content-type")), startedAt);
  };
}

/**
 * The callback writing a call's line. Made here, outside the observer, so that it holds only its
 * arguments: it outlives the RPC pipeline of a handed-off watch stream (WatchHandOff), and a
 * closure made inside would keep the request, and through it the pipeline.
 */
function logCallEnd(logger: Logger, log: CallLogger, quiet: boolean, protocol: string, startedAt: number): CallEnd {
  return (error, clientLeft) => {
    const err = error === undefined ? undefined : ConnectError.from(error);
    const level = err && !clientLeft && serverFault.has(err.code) ? "error" : quiet ? "debug" : "info";
    if (!logger.isLevelEnabled(level)) {
      return;
    }
    // A client that leaves (cancel, reset, disconnect) is not a failure of the server, whatever code
    // connect-node derived from the reset: canceled, at the call's usual level.
    const code = clientLeft ? "canceled" : codeName(err?.code);
    const fields = {
      protocol,
      code,
      durationMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
      ...(err ? { error: err.rawMessage } : {}),
    };
    log.logger[level](fields, level === "error" ? "rpc failed" : "rpc finished");
  };
}
