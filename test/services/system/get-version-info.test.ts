import { timestampDate } from "@bufbuild/protobuf/wkt";
import { CONTRACT_VERSION } from "../../../src/client/contract-version.js";
import { configFrom, sampleVersion, systemClient } from "./system-client.js";

describe("SystemService.GetVersionInfo", () => {
  it("returns the version information resolved at start", async () => {
    const { versionInfo } = await systemClient(configFrom({}), sampleVersion).getVersionInfo({});
    expect(versionInfo).toMatchObject({
      version: "1.2.3",
      gitCommit: sampleVersion.gitCommit,
      gitTreeDirty: true,
      nodeVersion: "v24.21.0",
      platform: "linux/x64",
      contractVersion: CONTRACT_VERSION,
    });
    expect(timestampDate(versionInfo!.buildTime!).toISOString()).toBe("2026-11-23T10:00:00.000Z");
  });

  it("leaves the build time unset when it is unknown", async () => {
    const { versionInfo } = await systemClient(configFrom({}), { ...sampleVersion, buildTime: undefined }).getVersionInfo({});
    expect(versionInfo?.buildTime).toBeUndefined();
  });
});
