import { Code, ConnectError } from "@connectrpc/connect";
import { describeError, LocalError, UsageError } from "../../src/cli/cli-errors.js";

describe("describeError", () => {
  it.each([
    [new UsageError("bad"), "error: usage: bad (see kargo-api --help)", 2],
    [new LocalError("file", "cannot read x:\n  ENOENT"), "error: file: cannot read x: ENOENT", 3],
    [new ConnectError('stage "x" not found', Code.NotFound), 'error: not_found: stage "x" not found', 1],
    [new ConnectError("", Code.FailedPrecondition), "error: failed_precondition: FailedPrecondition", 1],
    [new Error("boom"), "error: unknown: boom", 1],
  ])("%s → one line and its exit code", (error, line, exitCode) => {
    expect(describeError(error)).toEqual({ line, exitCode });
  });
});
