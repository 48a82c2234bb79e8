import { Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { checkContractVersion } from "./check-contract-version.js";
import { CONTRACT_VERSION } from "./contract-version.js";

/** Options of {@link createContractCheckInterceptor}. */
export interface ContractCheckOptions {
  /** The contract version the client was built for. Default CONTRACT_VERSION (this package's version). */
  readonly clientVersion?: string;
}

/** Codes that mean the server was not reached: the call itself would fail the same way. */
const UNREACHED = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.Canceled]);
/** Answers of a server that will not tell this caller its version: calls proceed unchecked. */
const UNTOLD = new Set([Code.Unauthenticated, Code.PermissionDenied, Code.Unimplemented]);

/**
 * Before the first call goes out, asks the server for its contract version
 * (SystemService.GetVersionInfo over `versionTransport`, which must authenticate) and compares the
 * major versions (checkContractVersion). A server of another major version fails that call and
 * every later one with FAILED_PRECONDITION naming both versions. Once compatible, calls pass
 * untouched. When the server cannot be reached, the call fails with that error and the check is
 * made again on the next call; when the server refuses to answer (UNAUTHENTICATED: no token,
 * PERMISSION_DENIED, UNIMPLEMENTED), the version stays unknown and calls proceed unchecked; after
 * any other error the call proceeds and the next call checks again.
 */
export function createContractCheckInterceptor(versionTransport: Transport, options: ContractCheckOptions = {}): Interceptor {
  const system = createClient(SystemService, versionTransport);
  const clientVersion = options.clientVersion ?? CONTRACT_VERSION;
  let settled = false;
  let incompatible: ConnectError | undefined;
  // Concurrent first calls share one check.
  let pending: Promise<void> | undefined;

  async function check(url: string): Promise<void> {
    let serverVersion: string;
    try {
      serverVersion = (await system.getVersionInfo({})).versionInfo?.contractVersion ?? "";
    } catch (e) {
      const error = ConnectError.from(e);
      if (UNREACHED.has(error.code)) throw error;
      // Anything else (e.g. UNKNOWN: a browser's fetch failing) leaves the question open for the next call.
      if (UNTOLD.has(error.code)) settled = true;
      return;
    }
    try {
      checkContractVersion(serverVersion, clientVersion, `the server at ${url.replace(/\/[^/]+\/[^/]+$/, "")}`);
    } catch (e) {
      incompatible = ConnectError.from(e);
    }
    settled = true;
  }

  return (next) => async (req) => {
    if (!settled) {
      // Shared by every call waiting for it, so no one caller's signal cancels it; each caller
      // stops waiting when its own call is cancelled.
      pending ??= check(req.url).finally(() => {
        pending = undefined;
      });
      await untilAborted(pending, req.signal);
    }
    if (incompatible !== undefined) throw incompatible;
    return next(req);
  };
}

/** `promise`, or a CANCELED error as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(ConnectError.from(signal.reason, Code.Canceled));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(ConnectError.from(signal.reason, Code.Canceled));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
