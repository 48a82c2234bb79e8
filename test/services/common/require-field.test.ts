import { Code, ConnectError } from "@connectrpc/connect";
import { requireField, requireMessage } from "../../../src/services/common/require-field.js";

describe("requireField", () => {
  it("returns the value trimmed", () => {
    expect(requireField(" demo ", "project")).toBe("demo");
  });

  it.each(["", "   ", undefined])("is INVALID_ARGUMENT '<field> should not be empty' for %j", (value) => {
    let error: ConnectError | undefined;
    try {
      requireField(value, "project");
    } catch (e) {
      error = ConnectError.from(e);
    }
    expect(error?.code).toBe(Code.InvalidArgument);
    expect(error?.rawMessage).toBe("project should not be empty");
  });
});

describe("requireMessage", () => {
  it("returns a set message and rejects an unset one", () => {
    expect(requireMessage({ a: 1 }, "spec")).toEqual({ a: 1 });
    expect(() => requireMessage(undefined, "spec")).toThrow("spec should not be empty");
  });
});
