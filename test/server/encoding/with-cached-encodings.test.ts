import { create, toBinary } from "@bufbuild/protobuf";
import { FreightListSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { QueryFreightResponseSchema } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { ListStagesResponseSchema, WatchStagesResponseSchema, type WatchStagesResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { toMessage, type KubeObject } from "../../../src/kube/index.js";
import { cachedEncoding } from "../../../src/server/encoding/cached-encoding.js";
import { withCachedEncodings } from "../../../src/server/encoding/with-cached-encodings.js";
import { deepFreeze } from "../../../src/util/deep-freeze.js";
import { sharedFreight } from "../../support/shared-freight.js";

const stage = (name: string): KubeObject =>
  ({
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Stage",
    metadata: { name, namespace: "demo", resourceVersion: "7", labels: { tier: "web" } },
    spec: { requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } }] },
  }) as KubeObject;

describe("withCachedEncodings", () => {
  it("writes a List of cached objects byte for byte as toBinary of the original, from stand-ins", () => {
    const stages = ["a", "b", "c"].map((n) => toMessage(StageSchema, deepFreeze(stage(n))));
    const response = create(ListStagesResponseSchema, { stages, nextPageToken: "next", totalSize: 3 });
    const substituted = withCachedEncodings(ListStagesResponseSchema, response) as typeof response;
    // A stand-in: no known field, the assembled bytes as one unknown record.
    expect(substituted).not.toBe(response);
    expect(substituted.stages).toHaveLength(0);
    expect(substituted.$unknown).toHaveLength(1);
    expect(cachedEncoding(StageSchema, stages[0])).toEqual(toBinary(StageSchema, stages[0]));
    expect(Buffer.from(toBinary(ListStagesResponseSchema, substituted))).toEqual(Buffer.from(toBinary(ListStagesResponseSchema, response)));
    // The original is untouched.
    expect(response.stages[0].metadata?.name).toBe("a");
  });

  it("reaches objects in map values (QueryFreight's groups)", () => {
    const response = create(QueryFreightResponseSchema, {
      groups: { "": create(FreightListSchema, { freight: [sharedFreight("f1"), sharedFreight("f2")] }) },
      resourceVersion: "9",
    });
    const substituted = withCachedEncodings(QueryFreightResponseSchema, response) as typeof response;
    expect(substituted.$unknown).toHaveLength(1);
    expect(Buffer.from(toBinary(QueryFreightResponseSchema, substituted))).toEqual(Buffer.from(toBinary(QueryFreightResponseSchema, response)));
  });

  it("never caches a message made for one caller (from an object that is not frozen)", () => {
    const fresh = toMessage(StageSchema, stage("mine"));
    expect(cachedEncoding(StageSchema, fresh)).toBeUndefined();
    const response = create(ListStagesResponseSchema, { stages: [fresh] });
    expect(withCachedEncodings(ListStagesResponseSchema, response)).toBe(response);
    // A later change to that message is seen: nothing about it was kept.
    fresh.metadata!.name = "changed";
    expect(toBinary(ListStagesResponseSchema, withCachedEncodings(ListStagesResponseSchema, response) as typeof response)).toEqual(
      toBinary(ListStagesResponseSchema, response),
    );
  });
});

describe("withCachedEncodings in a oneof", () => {
  it("writes GetStage's `stage` member from the cache", async () => {
    const { GetStageResponseSchema } = await import("../../../gen/kargo/api/v1/stage_service_pb.js");
    const response = create(GetStageResponseSchema, { result: { case: "stage", value: toMessage(StageSchema, deepFreeze(stage("one"))) } });
    const substituted = withCachedEncodings(GetStageResponseSchema, response) as typeof response;
    expect(substituted.result.case).toBeUndefined();
    expect(Buffer.from(toBinary(GetStageResponseSchema, substituted))).toEqual(Buffer.from(toBinary(GetStageResponseSchema, response)));
    const raw = create(GetStageResponseSchema, { result: { case: "raw", value: new Uint8Array([1, 2, 3]) } });
    expect(withCachedEncodings(GetStageResponseSchema, raw)).toBe(raw);
  });
});

describe("withCachedEncodings on messages holding JSON", () => {
  it("leaves google.protobuf.Struct fields (plain JSON in protobuf-es) alone, whatever their keys", async () => {
    const { WhoAmIResponseSchema } = await import("../../../gen/kargo/api/v1/auth_service_pb.js");
    const response = create(WhoAmIResponseSchema, { subject: "s", claims: { fields: { nested: [1, "x"] }, email: "a@b" } });
    expect(withCachedEncodings(WhoAmIResponseSchema, response)).toBe(response);
  });

  it("assembles one stand-in per watch event and object version, shared by every stream's response", () => {
    const object = toMessage(StageSchema, deepFreeze(stage("ev")));
    const event = (type: WatchEventType, resourceVersion: string) => create(WatchStagesResponseSchema, { type, stage: object, resourceVersion });
    const first = withCachedEncodings(WatchStagesResponseSchema, event(WatchEventType.MODIFIED, "8")) as WatchStagesResponse;
    // Another stream's response to the same event: the same stand-in, nothing assembled again.
    expect(withCachedEncodings(WatchStagesResponseSchema, event(WatchEventType.MODIFIED, "8"))).toBe(first);
    expect(Buffer.from(toBinary(WatchStagesResponseSchema, first))).toEqual(
      Buffer.from(toBinary(WatchStagesResponseSchema, event(WatchEventType.MODIFIED, "8"))),
    );
    // Any other field value is another encoding.
    for (const other of [event(WatchEventType.ADDED, "8"), event(WatchEventType.MODIFIED, "9")]) {
      const standIn = withCachedEncodings(WatchStagesResponseSchema, other) as WatchStagesResponse;
      expect(standIn).not.toBe(first);
      expect(Buffer.from(toBinary(WatchStagesResponseSchema, standIn))).toEqual(Buffer.from(toBinary(WatchStagesResponseSchema, other)));
    }
    // A response whose object was made for one caller is not shared.
    const own = create(WatchStagesResponseSchema, { type: WatchEventType.MODIFIED, stage: toMessage(StageSchema, stage("ev")), resourceVersion: "8" });
    expect(withCachedEncodings(WatchStagesResponseSchema, own)).toBe(own);
  });
});
