import { usesBinaryFormat } from "../../../src/server/encoding/uses-binary-format.js";

describe("usesBinaryFormat", () => {
  it.each([
    "application/proto",
    "application/connect+proto",
    "application/grpc",
    "application/grpc+proto",
    "application/grpc-web",
    "application/grpc-web+proto",
    "Application/GRPC-Web+Proto; charset=utf-8",
  ])("%s is binary", (ct) => expect(usesBinaryFormat(ct, "POST", "/x")).toBe(true));

  it.each(["application/json", "application/connect+json", "application/grpc+json", "application/grpc-web+json", "application/protobuf-ish", "text/plain"])(
    "%s is not",
    (ct) => expect(usesBinaryFormat(ct, "POST", "/x")).toBe(false),
  );

  it("reads a Connect GET's encoding parameter", () => {
    expect(usesBinaryFormat(null, "GET", "/kargo.api.v1.StageService/GetStage?encoding=proto&message=x")).toBe(true);
    expect(usesBinaryFormat(null, "GET", "/kargo.api.v1.StageService/GetStage?encoding=json&message=x")).toBe(false);
    expect(usesBinaryFormat(null, "POST", "/x?encoding=proto")).toBe(false);
  });
});
