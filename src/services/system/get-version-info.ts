import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import type { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import type { VersionInfo } from "../../version/version-info.js";

/** SystemService.GetVersionInfo: the version information resolved at start. */
export function getVersionInfo(info: VersionInfo): ServiceImpl<typeof SystemService>["getVersionInfo"] {
  const versionInfo = {
    version: info.version,
    gitCommit: info.gitCommit,
    gitTreeDirty: info.gitTreeDirty,
    buildTime: info.buildTime ? timestampFromDate(info.buildTime) : undefined,
    nodeVersion: info.nodeVersion,
    platform: info.platform,
  };
  return () => ({ versionInfo });
}
