import { Code, ConnectError } from "@connectrpc/connect";
import { checkContractVersion } from "../../src/client/check-contract-version.js";

function failure(server: string, client: string): ConnectError {
  try {
    checkContractVersion(server, client, "the server at http://127.0.0.1:1");
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error(`expected ${server} vs ${client} to be refused`);
}

describe("checkContractVersion", () => {
  it("accepts the same major version either way round, and an unknown (empty) server version", () => {
    expect(() => checkContractVersion("1.0.0", "1.0.0")).not.toThrow();
    expect(() => checkContractVersion("1.7.2", "1.0.0")).not.toThrow();
    expect(() => checkContractVersion("1.0.0", "1.9.0-rc.1")).not.toThrow();
    expect(() => checkContractVersion("", "1.0.0")).not.toThrow();
  });

  it("refuses another major version with FAILED_PRECONDITION naming both versions and the server", () => {
    const error = failure("2.1.0", "1.4.0");
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toBe(
      "incompatible Kargo API contract: this client speaks 1.4.0, the server at http://127.0.0.1:1 speaks 2.1.0; use a client of contract 2.x",
    );
    expect(failure("1.0.0", "2.0.0").rawMessage).toContain("this client speaks 2.0.0, the server at http://127.0.0.1:1 speaks 1.0.0");
  });

  it("refuses a version that is not semver, and bounds what it repeats of it", () => {
    expect(failure("v1", "1.0.0").rawMessage).toContain("speaks v1");
    const long = failure("1".repeat(10_000), "1.0.0").rawMessage;
    expect(long.length).toBeLessThan(300);
  });
});
