import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import type { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import { CONTRACT_VERSION } from "../../client/contract-version.js";
import type { VersionInfo } from "../../version/version-info.js";

/** SystemService.GetVersionInfo: the version information resolved at start and the contract version. */
export function getVersionInfo(info: VersionInfo): ServiceImpl<typeof SystemService>["getVersionInfo"] {
  const versionInfo = {
    version: info.version,
    gitCommit: info.gitCommit,
    gitTreeDirty: info.gitTreeDirty,
    buildTime: info.buildTime ? timestampFromDate(info.buildTime) : undefined,
    nodeVersion: info.nodeVersion,
    platform: info.platform,
    // The contract is the protos this server was built from, whatever its own version.
    contractVersion: CONTRACT_VERSION,
  };
  return () => ({ versionInfo });
}
