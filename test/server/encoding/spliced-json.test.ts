import { create, toJsonString } from "@bufbuild/protobuf";
import { FreightListSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { QueryFreightResponseSchema } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { GetStageResponseSchema, ListStagesResponseSchema, WatchStagesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { toMessage, type KubeObject } from "../../../src/kube/index.js";
import { cachedJsonEncoding } from "../../../src/server/encoding/cached-json-encoding.js";
import { splicedJson } from "../../../src/server/encoding/spliced-json.js";
import { deepFreeze } from "../../../src/util/deep-freeze.js";
import { sharedFreight } from "../../support/shared-freight.js";

// Issue 18: Connect JSON responses spliced from each shared object's cached JSON must be
// toJsonString of the response, byte for byte (the HTTP comparison is test/server/encode-once.test.ts).

const stage = (name: string): KubeObject =>
  ({
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Stage",
    // Non-ASCII and characters JSON escapes: the pieces are UTF-8 bytes, spliced without re-encoding.
    metadata: { name, namespace: "demo", resourceVersion: "7", labels: { tier: 'wéb "quoted" \u2028' }, creationTimestamp: "2026-12-02T10:00:00Z" },
    spec: { requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } }] },
  }) as KubeObject;

const shared = (name: string) => toMessage(StageSchema, deepFreeze(stage(name)));
const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8"));

describe("splicedJson", () => {
  it("writes a List of shared objects exactly as toJsonString, around the other fields", () => {
    const stages = ["a", "b", "c"].map(shared);
    const response = create(ListStagesResponseSchema, { stages, nextPageToken: "next", totalSize: 3 });
    expect(text(cachedJsonEncoding(StageSchema, stages[0]))).toBe(toJsonString(StageSchema, stages[0]));
    expect(text(splicedJson(ListStagesResponseSchema, response))).toBe(toJsonString(ListStagesResponseSchema, response));
    // Defaults left out, as toJson does: an empty page of a non-empty list.
    const onlyTotal = create(ListStagesResponseSchema, { stages: [shared("a")] });
    expect(text(splicedJson(ListStagesResponseSchema, onlyTotal))).toBe(toJsonString(ListStagesResponseSchema, onlyTotal));
  });

  it("reaches objects in map values (QueryFreight's groups), in the map's key order", () => {
    const response = create(QueryFreightResponseSchema, {
      groups: {
        "ghcr.io/b": create(FreightListSchema, { freight: [sharedFreight("f1"), sharedFreight("f2")] }),
        "10": create(FreightListSchema, {}),
        "ghcr.io/a": create(FreightListSchema, { freight: [sharedFreight("f3")] }),
      },
      resourceVersion: "9",
    });
    expect(text(splicedJson(QueryFreightResponseSchema, response))).toBe(toJsonString(QueryFreightResponseSchema, response));
  });

  it("writes oneof members and enums around a shared message", () => {
    const get = create(GetStageResponseSchema, { result: { case: "stage", value: shared("one") } });
    expect(text(splicedJson(GetStageResponseSchema, get))).toBe(toJsonString(GetStageResponseSchema, get));
    const event = create(WatchStagesResponseSchema, { type: WatchEventType.MODIFIED, stage: shared("two") });
    expect(text(splicedJson(WatchStagesResponseSchema, event))).toBe(toJsonString(WatchStagesResponseSchema, event));
  });

  it("is undefined when nothing is shared: a message made for one caller is never cached", () => {
    const own = toMessage(StageSchema, stage("mine"));
    expect(cachedJsonEncoding(StageSchema, own)).toBeUndefined();
    expect(splicedJson(ListStagesResponseSchema, create(ListStagesResponseSchema, { stages: [own], totalSize: 1 }))).toBeUndefined();
    const raw = create(GetStageResponseSchema, { result: { case: "raw", value: new Uint8Array([1, 2, 3]) } });
    expect(splicedJson(GetStageResponseSchema, raw)).toBeUndefined();
  });
});
