import { create, toBinary } from "@bufbuild/protobuf";
import { FreightListSchema, FreightSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { QueryFreightResponseSchema } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { ListStagesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { toMessage, type KubeObject } from "../../../src/kube/index.js";
import { preEncodedMessage } from "../../../src/server/encoding/pre-encoded-message.js";
import { withCachedEncodings } from "../../../src/server/encoding/with-cached-encodings.js";
import { deepFreeze } from "../../../src/util/deep-freeze.js";


const stage = (name: string): KubeObject => ({
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Stage",
  metadata: { name, namespace: "demo", resourceVersion: "7", labels: { tier: "web" } },
  spec: { requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } }] },
} as KubeObject);

describe("withCachedEncodings", () => {
  it("writes a List of cached objects byte for byte as toBinary of the original, from stand-ins", () => {
    const stages = ["a", "b", "c"].map((n) => toMessage(StageSchema, deepFreeze(stage(n))));
    const response = create(ListStagesResponseSchema, { stages, nextPageToken: "next", totalSize: 3 });
    const substituted = withCachedEncodings(ListStagesResponseSchema, response) as typeof response;
    expect(substituted).not.toBe(response);
    expect(substituted.stages[0]).toBe(preEncodedMessage(StageSchema, stages[0]));
    expect(substituted.stages[0].metadata).toBeUndefined();
    expect(Buffer.from(toBinary(ListStagesResponseSchema, substituted))).toEqual(Buffer.from(toBinary(ListStagesResponseSchema, response)));
    // The original is untouched.
    expect(response.stages[0].metadata?.name).toBe("a");
  });

  it("reaches objects in map values (QueryFreight's groups)", () => {
    const freight = (name: string) => toMessage(FreightSchema, deepFreeze({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Freight", metadata: { name, namespace: "demo" }, origin: { kind: "Warehouse", name: "wh" } } as KubeObject));
    const response = create(QueryFreightResponseSchema, { groups: { "": create(FreightListSchema, { freight: [freight("f1"), freight("f2")] }) }, resourceVersion: "9" });
    const substituted = withCachedEncodings(QueryFreightResponseSchema, response) as typeof response;
    expect(substituted.groups[""].freight[1]).toBe(preEncodedMessage(FreightSchema, response.groups[""].freight[1]));
    expect(Buffer.from(toBinary(QueryFreightResponseSchema, substituted))).toEqual(Buffer.from(toBinary(QueryFreightResponseSchema, response)));
  });

  it("never caches a message made for one caller (from an object that is not frozen)", () => {
    const fresh = toMessage(StageSchema, stage("mine"));
    expect(preEncodedMessage(StageSchema, fresh)).toBeUndefined();
    const response = create(ListStagesResponseSchema, { stages: [fresh] });
    expect(withCachedEncodings(ListStagesResponseSchema, response)).toBe(response);
    // A later change to that message is seen: nothing about it was kept.
    fresh.metadata!.name = "changed";
    expect(toBinary(ListStagesResponseSchema, withCachedEncodings(ListStagesResponseSchema, response) as typeof response)).toEqual(toBinary(ListStagesResponseSchema, response));
  });
});

describe("withCachedEncodings on messages holding JSON", () => {
  it("leaves google.protobuf.Struct fields (plain JSON in protobuf-es) alone, whatever their keys", async () => {
    const { WhoAmIResponseSchema } = await import("../../../gen/kargo/api/v1/auth_service_pb.js");
    const response = create(WhoAmIResponseSchema, { subject: "s", claims: { fields: { nested: [1, "x"] }, email: "a@b" } });
    expect(withCachedEncodings(WhoAmIResponseSchema, response)).toBe(response);
  });
});
