import { decodeKubernetesProtobuf } from "../../../../src/embedded/api/protobuf/decode-kubernetes-protobuf.js";
import { isApiError } from "../../../../src/embedded/api/api-error.js";

// A minimal protobuf writer for building test bodies: field numbers and wire types by hand.
function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}
const bytesField = (field: number, content: Buffer | string) => {
  const data = typeof content === "string" ? Buffer.from(content) : content;
  return Buffer.concat([varint((field << 3) | 2), varint(data.length), data]);
};
const varintField = (field: number, value: number) => Buffer.concat([varint(field << 3), varint(value)]);

function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([bytesField(1, apiVersion), bytesField(2, kind)]);
  return Buffer.concat([Buffer.from("k8s\0", "binary"), bytesField(1, typeMeta), bytesField(2, raw)]);
}

describe("decodeKubernetesProtobuf", () => {
  it("decodes a SelfSubjectAccessReview as kubectl auth can-i sends it", () => {
    const attributes = Buffer.concat([bytesField(1, "team"), bytesField(2, "get"), bytesField(5, "secrets"), bytesField(7, "db")]);
    const review = Buffer.concat([bytesField(1, Buffer.alloc(0)), bytesField(2, bytesField(1, attributes))]);
    expect(decodeKubernetesProtobuf(envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", review))).toEqual({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      metadata: {},
      spec: { resourceAttributes: { namespace: "team", verb: "get", resource: "secrets", name: "db" } },
    });
  });

  it("decodes maps, bytes, repeated fields and int64", () => {
    const entry = (key: string, value: Buffer | string) => Buffer.concat([bytesField(1, key), bytesField(2, value)]);
    const metadata = Buffer.concat([
      bytesField(1, "creds"),
      bytesField(11, entry("app", "x")),
      bytesField(14, "a.io/one"),
      bytesField(14, "a.io/two"),
      varintField(7, 3),
    ]);
    const secret = Buffer.concat([bytesField(1, metadata), bytesField(2, entry("password", Buffer.from([0xff, 0x00]))), bytesField(3, "Opaque")]);
    expect(decodeKubernetesProtobuf(envelope("v1", "Secret", secret))).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "creds", labels: { app: "x" }, finalizers: ["a.io/one", "a.io/two"], generation: 3 },
      data: { password: Buffer.from([0xff, 0x00]).toString("base64") },
      type: "Opaque",
    });
  });

  it("skips fields it does not know", () => {
    const namespace = Buffer.concat([bytesField(1, bytesField(1, "team")), bytesField(9, "future"), varintField(10, 1)]);
    expect(decodeKubernetesProtobuf(envelope("v1", "Namespace", namespace))).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
  });

  it.each([
    ["a body without the magic", Buffer.from("{}"), 400],
    ["a truncated message", Buffer.concat([Buffer.from("k8s\0", "binary"), Buffer.from([0x0a, 0x7f])]), 400],
    ["a kind without a schema", envelope("v1", "Pod", Buffer.alloc(0)), 415],
  ])("rejects %s", (_label, body, code) => {
    try {
      decodeKubernetesProtobuf(body);
      throw new Error("expected a failure");
    } catch (error) {
      expect(isApiError(error) && error.code).toBe(code);
    }
  });
});
