import { create } from "@bufbuild/protobuf";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { GetStageResponseSchema, ListStagesResponseSchema, WatchStagesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { toMessage, type KubeObject } from "../../../src/kube/index.js";
import { eventKey } from "../../../src/server/encoding/event-key.js";
import { deepFreeze } from "../../../src/util/deep-freeze.js";

// Equal keys must mean equal encodings: every field other than the shared object is in the key.

const shared = toMessage(
  StageSchema,
  deepFreeze({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", metadata: { name: "a", namespace: "demo", resourceVersion: "3" } } as KubeObject),
);

describe("eventKey", () => {
  it("keys a watch event by its type and resourceVersion, with the shared object apart", () => {
    const key = (type: WatchEventType, resourceVersion: string) =>
      eventKey(WatchStagesResponseSchema, create(WatchStagesResponseSchema, { type, stage: shared, resourceVersion }));
    const modified = key(WatchEventType.MODIFIED, "3");
    expect(modified?.shared).toBe(shared);
    expect(key(WatchEventType.MODIFIED, "3")?.key).toBe(modified?.key);
    expect(key(WatchEventType.ADDED, "3")?.key).not.toBe(modified?.key);
    expect(key(WatchEventType.MODIFIED, "4")?.key).not.toBe(modified?.key);
    // A string that would collide if values were written unquoted.
    expect(key(WatchEventType.MODIFIED, '3"')?.key).not.toBe(modified?.key);
  });

  it("keys a shared object in a oneof (GetStage's stage)", () => {
    expect(eventKey(GetStageResponseSchema, create(GetStageResponseSchema, { result: { case: "stage", value: shared } }))?.shared).toBe(shared);
  });

  it("leaves out responses with lists, bytes, or objects made for one caller", () => {
    expect(eventKey(ListStagesResponseSchema, create(ListStagesResponseSchema, { stages: [shared] }))).toBeUndefined();
    expect(eventKey(GetStageResponseSchema, create(GetStageResponseSchema, { result: { case: "raw", value: new Uint8Array([1]) } }))).toBeUndefined();
    const own = toMessage(StageSchema, { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", metadata: { name: "a" } } as KubeObject);
    expect(eventKey(WatchStagesResponseSchema, create(WatchStagesResponseSchema, { type: WatchEventType.ADDED, stage: own }))).toBeUndefined();
    expect(eventKey(WatchStagesResponseSchema, create(WatchStagesResponseSchema, { type: WatchEventType.BOOKMARK, resourceVersion: "5" }))).toBeUndefined();
  });
});
