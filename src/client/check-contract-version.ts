import { Code, ConnectError } from "@connectrpc/connect";
import { CONTRACT_VERSION } from "./contract-version.js";

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+].*)?$/;

/**
 * Throws FAILED_PRECONDITION naming both versions when a server's contract version (GetVersionInfo's
 * `contract_version`) has another major version than the client's: its messages or RPCs may have
 * changed incompatibly. The same major version is compatible either way round (a newer minor only
 * adds; an RPC the older side lacks answers UNIMPLEMENTED). An empty server version (a server from
 * before the field existed) is accepted; one that is not semver is refused.
 */
export function checkContractVersion(serverVersion: string, clientVersion: string = CONTRACT_VERSION, server = "the server"): void {
  if (serverVersion === "") return;
  const theirs = SEMVER.exec(serverVersion);
  const ours = SEMVER.exec(clientVersion);
  if (theirs === null || ours === null || theirs[1] !== ours[1]) {
    const advice = theirs === null ? "" : `; use a client of contract ${theirs[1]}.x`;
    // The server's string is bounded: it lands in an error message the caller may log.
    const shown = serverVersion.length > 64 ? `${serverVersion.slice(0, 64)}…` : serverVersion;
    throw new ConnectError(`incompatible Kargo API contract: this client speaks ${clientVersion}, ${server} speaks ${shown}${advice}`, Code.FailedPrecondition);
  }
}
