import { toJson } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { parse } from "yaml";
import { RawFormat } from "../../gen/kargo/api/v1/common_pb.js";
import { ProjectSchema } from "../../gen/kargo/api/v1/project_pb.js";
import { StageSchema } from "../../gen/kargo/api/v1/stage_pb.js";
import { RESOURCES } from "../../src/kube/kargo-resources.js";
import type { KubeObject } from "../../src/kube/kube-object.js";
import { rawObject } from "../../src/kube/raw-object.js";
import { toMessage } from "../../src/kube/to-message.js";

// As a list item comes from the API: no apiVersion/kind, managedFields and a field our proto lacks.
const stored: KubeObject = {
  metadata: {
    name: "prod",
    namespace: "demo",
    resourceVersion: "42",
    generation: 3,
    labels: { tier: "live" },
    managedFields: [{ manager: "kubectl" }],
  },
  spec: {
    requestedFreight: [{ origin: { kind: "Warehouse", name: "images" }, sources: { direct: true } }],
    someFutureField: { x: 1 },
  },
};

describe("toMessage", () => {
  it("reads a Kubernetes object into its message, ignoring fields the proto does not know", () => {
    const stage = toMessage(StageSchema, stored);
    expect(stage.metadata?.name).toBe("prod");
    expect(stage.metadata?.generation).toBe(3);
    expect(stage.metadata?.labels).toEqual({ tier: "live" });
    expect(stage.spec?.requestedFreight[0]?.sources?.direct).toBe(true);
    expect(toJson(StageSchema, stage)).toMatchObject({ metadata: { name: "prod", namespace: "demo" } });
  });

  it("makes a stored object with a wrongly typed known field INTERNAL naming it", () => {
    const broken: KubeObject = { kind: "Stage", metadata: { name: "bad", namespace: "demo" }, spec: { requestedFreight: "not a list" } };
    let error: unknown;
    try {
      toMessage(StageSchema, broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Internal);
    expect((error as ConnectError).rawMessage).toContain('Stage "demo/bad"');
  });
  describe("memoised for frozen objects", () => {
    const frozen = (): KubeObject => structuredClone(stored) as KubeObject;
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === "object" && value !== null) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
      }
      return value;
    };

    it("returns the same message for the same frozen object and schema", () => {
      const object = deepFreeze(frozen());
      const first = toMessage(StageSchema, object);
      expect(toMessage(StageSchema, object)).toBe(first);
    });

    it("converts an updated object (a new frozen version) again", () => {
      const before = deepFreeze(frozen());
      const after = deepFreeze({ ...frozen(), metadata: { ...frozen().metadata, resourceVersion: "43", labels: { tier: "canary" } } });
      const old = toMessage(StageSchema, before);
      const updated = toMessage(StageSchema, after);
      expect(updated).not.toBe(old);
      expect(updated.metadata?.labels).toEqual({ tier: "canary" });
      expect(old.metadata?.labels).toEqual({ tier: "live" });
    });

    it("keeps one message per schema for the same object", () => {
      const object = deepFreeze({ metadata: { name: "prod", namespace: "demo" } } as KubeObject);
      const asStage = toMessage(StageSchema, object);
      const asProject = toMessage(ProjectSchema, object);
      expect(asProject.$typeName).toBe(ProjectSchema.typeName);
      expect(toMessage(StageSchema, object)).toBe(asStage);
      expect(toMessage(ProjectSchema, object)).toBe(asProject);
    });

    it("converts an object that is not frozen on every call", () => {
      const object = frozen();
      const first = toMessage(StageSchema, object);
      const second = toMessage(StageSchema, object);
      expect(second).not.toBe(first);
      expect(second).toEqual(first);
    });

    it("does not memoise a failed conversion", () => {
      const broken = deepFreeze({ kind: "Stage", metadata: { name: "bad", namespace: "demo" }, spec: { requestedFreight: "not a list" } } as KubeObject);
      expect(() => toMessage(StageSchema, broken)).toThrow(ConnectError);
      expect(() => toMessage(StageSchema, broken)).toThrow(ConnectError);
    });
  });
});

describe("rawObject", () => {
  it("serialises JSON with apiVersion and kind filled in, first, and every stored field kept", () => {
    const json = JSON.parse(new TextDecoder().decode(rawObject(RESOURCES.stages, stored, RawFormat.JSON)));
    expect(Object.keys(json).slice(0, 3)).toEqual(["apiVersion", "kind", "metadata"]);
    expect(json.apiVersion).toBe("kargo.akuity.io/v1alpha1");
    expect(json.kind).toBe("Stage");
    expect(json.spec.someFutureField).toEqual({ x: 1 });
    expect(json.metadata.managedFields).toEqual([{ manager: "kubectl" }]);
  });

  it("serialises YAML that parses back to the same document", () => {
    const yaml = new TextDecoder().decode(rawObject(RESOURCES.stages, stored, RawFormat.YAML));
    expect(yaml.startsWith("apiVersion: kargo.akuity.io/v1alpha1\nkind: Stage\n")).toBe(true);
    expect(parse(yaml)).toEqual({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", ...stored });
  });

  it("uses the core apiVersion for core kinds", () => {
    const json = JSON.parse(new TextDecoder().decode(rawObject(RESOURCES.configmaps, { metadata: { name: "c" } }, RawFormat.JSON)));
    expect(json.apiVersion).toBe("v1");
    expect(json.kind).toBe("ConfigMap");
  });

  it("refuses RAW_FORMAT_UNSPECIFIED with INVALID_ARGUMENT", () => {
    expect(() => rawObject(RESOURCES.stages, stored, RawFormat.UNSPECIFIED)).toThrow(ConnectError);
  });
});
