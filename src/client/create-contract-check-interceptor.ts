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

/**
 * Before the first call goes out, asks the server for its contract version
 * (SystemService.GetVersionInfo over `versionTransport`, which must authenticate) and compares the
 * major versions (checkContractVersion). A server of another major version fails that call and
 * every later one with FAILED_PRECONDITION naming both versions. Once compatible, calls pass
 * untouched. When the server cannot be reached, the call fails with that error and the check is
 * made again on the next call; when the server answers the check with an error (e.g.
 * UNAUTHENTICATED: no token yet), the version stays unknown and calls proceed unchecked.
 */
export function createContractCheckInterceptor(versionTransport: Transport, options: ContractCheckOptions = {}): Interceptor {
  const system = createClient(SystemService, versionTransport);
  const clientVersion = options.clientVersion ?? CONTRACT_VERSION;
  let settled = false;
  let incompatible: ConnectError | undefined;
  // Concurrent first calls share one check.
  let pending: Promise<void> | undefined;

  async function check(url: string, signal: AbortSignal): Promise<void> {
    let serverVersion: string;
    try {
      serverVersion = (await system.getVersionInfo({}, { signal })).versionInfo?.contractVersion ?? "";
    } catch (e) {
      const error = ConnectError.from(e);
      if (UNREACHED.has(error.code)) throw error;
      settled = true;
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
      pending ??= check(req.url, req.signal).finally(() => {
        pending = undefined;
      });
      await pending;
    }
    if (incompatible !== undefined) throw incompatible;
    return next(req);
  };
}
