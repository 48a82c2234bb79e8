import type { Interceptor } from "@connectrpc/connect";
import type { Logger } from "pino";
import { createEncodeOnceInterceptor } from "./interceptors/encode-once-interceptor.js";
import { createErrorInterceptor } from "./interceptors/error-interceptor.js";
import { loggingObserver } from "./interceptors/logging-observer.js";
import { metricsObserver } from "./interceptors/metrics-observer.js";
import { createObservingInterceptor } from "./interceptors/observe-call.js";
import { createRequestIdInterceptor } from "./interceptors/request-id-interceptor.js";
import { createStreamAbortInterceptor } from "./interceptors/stream-abort-interceptor.js";
import type { RpcMetrics } from "./rpc-metrics.js";

/** What the interceptor chain needs. */
export interface InterceptorDeps {
  readonly logger: Logger;
  readonly metrics: RpcMetrics;
  /**
   * Authentication and authorization, in order, from src/auth. They run after
   * the request id, metrics, logging and error normalisation (so a denial is
   * counted and logged with its code, and anything they throw that is not a
   * ConnectError becomes INTERNAL) and before the handler.
   */
  readonly authInterceptors?: readonly Interceptor[];
  /**
   * The audit trail's recorder (src/audit): just outside authentication and authorization, so a
   * write they refuse is recorded with its code, and inside error normalisation.
   */
  readonly auditInterceptor?: Interceptor;
}

/**
 * The one ordered list of interceptors every RPC goes through, outermost
 * first. Add cross-cutting behaviour here and nowhere else.
 */
export function createInterceptors(deps: InterceptorDeps): Interceptor[] {
  return [
    // Outermost: it only changes how the final response is encoded, after everyone saw it.
    createEncodeOnceInterceptor(),
    createRequestIdInterceptor(),
    // Metrics, then logging (one interceptor for both: observe-call.ts).
    createObservingInterceptor([metricsObserver(deps), loggingObserver(deps)]),
    createErrorInterceptor(),
    ...(deps.auditInterceptor ? [deps.auditInterceptor] : []),
    ...(deps.authInterceptors ?? []),
    createStreamAbortInterceptor(),
  ];
}
