import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { Logger } from "pino";
import { callRecordKey } from "../context/call-record-key.js";
import { loggerKey } from "../context/logger-key.js";
import { requestIdKey } from "../context/request-id-key.js";
import { codeName } from "../code-name.js";
import { protocolOf } from "../protocol-of.js";
import type { CallEnd } from "../../kube/index.js";
import { observeCall } from "./observe-call.js";

/** What the logging interceptor needs. */
export interface LoggingInterceptorDeps {
  readonly logger: Logger;
}

// Codes that mean the server failed, not the caller.
const serverFault = new Set([Code.Internal, Code.Unknown, Code.DataLoss]);

/**
 * Gives every call a child logger (request id and procedure bound) in its
 * context values, and writes one line when the call is over: procedure,
 * protocol, code, duration and request id, never the messages. Server faults
 * log at error level; a call the client ended (see observeCall) is "canceled" at
 * the usual level; health checks at debug so probes do not flood the log.
 */
export function createLoggingInterceptor(deps: LoggingInterceptorDeps): Interceptor {
  return (next) => async (req) => {
    const record = req.contextValues.get(callRecordKey);
    if (record) {
      record.intercepted = true;
    }
    const startedAt = record?.startedAt ?? performance.now();
    const procedure = `/${req.service.typeName}/${req.method.name}`;
    const log = deps.logger.child({ requestId: req.contextValues.get(requestIdKey), procedure });
    req.contextValues.set(loggerKey, log);
    const quiet = req.service.typeName === "grpc.health.v1.Health";
    return observeCall(next, req, logCallEnd(log, quiet, protocolOf(req.header.get("content-type")), startedAt));
  };
}

/**
 * The callback writing a call's line. Made here, outside the interceptor, so that it holds only its
 * arguments: it outlives the RPC pipeline of a handed-off watch stream (WatchHandOff), and a
 * closure made inside the interceptor would keep that whole pipeline through its context.
 */
function logCallEnd(log: Logger, quiet: boolean, protocol: string, startedAt: number): CallEnd {
  return (error, clientLeft) => {
    const err = error === undefined ? undefined : ConnectError.from(error);
    // A client that leaves (cancel, reset, disconnect) is not a failure of the server, whatever code
    // connect-node derived from the reset: canceled, at the call's usual level.
    const code = clientLeft ? "canceled" : codeName(err?.code);
    const fields = {
      protocol,
      code,
      durationMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
      ...(err ? { error: err.rawMessage } : {}),
    };
    if (err && !clientLeft && serverFault.has(err.code)) {
      log.error(fields, "rpc failed");
    } else if (quiet) {
      log.debug(fields, "rpc finished");
    } else {
      log.info(fields, "rpc finished");
    }
  };
}
