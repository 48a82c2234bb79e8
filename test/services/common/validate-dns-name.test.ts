import { Code, ConnectError } from "@connectrpc/connect";
import { validateDnsLabel, validateDnsSubdomain } from "../../../src/services/common/validate-dns-name.js";

function codeOf(f: () => void): Code | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    return ConnectError.from(error).code;
  }
}

describe("validateDnsLabel", () => {
  it.each(["a", "kargo-demo", "a1", "x".repeat(63)])("accepts %s", (name) => {
    expect(codeOf(() => validateDnsLabel(name, "name"))).toBeUndefined();
  });

  it.each(["", "A", "a.b", "-a", "a-", "a_b", "x".repeat(64)])("rejects %j as INVALID_ARGUMENT", (name) => {
    expect(codeOf(() => validateDnsLabel(name, "name"))).toBe(Code.InvalidArgument);
  });
});

describe("validateDnsSubdomain", () => {
  it.each(["a", "a.b-c", "x".repeat(253)])("accepts %s", (name) => {
    expect(codeOf(() => validateDnsSubdomain(name.length > 63 ? `${"x".repeat(63)}.${"y".repeat(63)}` : name, "name"))).toBeUndefined();
  });

  it.each(["", "A", "a..b", ".a", "a_b", "x".repeat(254)])("rejects %j as INVALID_ARGUMENT", (name) => {
    expect(codeOf(() => validateDnsSubdomain(name, "name"))).toBe(Code.InvalidArgument);
  });
});
