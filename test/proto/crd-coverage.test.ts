// Walks the Kargo CRD schemas (../shared/reference, when present) next to the
// resource messages and lists every property the messages do not model, every
// field the CRDs do not have, and every type that would change the JSON shape.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ScalarType } from "@bufbuild/protobuf";
import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { fromJson, toJson } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { parse, parseAllDocuments } from "yaml";
import { ClusterConfigSchema } from "../../gen/kargo/api/v1/cluster_config_pb.js";
import { FreightSchema } from "../../gen/kargo/api/v1/freight_pb.js";
import { ProjectConfigSchema, ProjectSchema } from "../../gen/kargo/api/v1/project_pb.js";
import { PromotionSchema } from "../../gen/kargo/api/v1/promotion_pb.js";
import { PromotionTaskSchema } from "../../gen/kargo/api/v1/promotion_task_pb.js";
import { StageSchema } from "../../gen/kargo/api/v1/stage_pb.js";
import { WarehouseSchema } from "../../gen/kargo/api/v1/warehouse_pb.js";

interface JsonSchema {
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
}

const referenceDir = fileURLToPath(new URL("../../../shared/reference/", import.meta.url));
const crdDir = `${referenceDir}kargo-crds-v1.11.2/`;
const quickstart = `${referenceDir}kargo-quickstart.yaml`;

const kinds: ReadonlyArray<{ file: string; schema: DescMessage }> = [
  { file: "kargo.akuity.io_projects.yaml", schema: ProjectSchema },
  { file: "kargo.akuity.io_projectconfigs.yaml", schema: ProjectConfigSchema },
  { file: "kargo.akuity.io_clusterconfigs.yaml", schema: ClusterConfigSchema },
  { file: "kargo.akuity.io_warehouses.yaml", schema: WarehouseSchema },
  { file: "kargo.akuity.io_stages.yaml", schema: StageSchema },
  { file: "kargo.akuity.io_freights.yaml", schema: FreightSchema },
  { file: "kargo.akuity.io_promotions.yaml", schema: PromotionSchema },
  { file: "kargo.akuity.io_promotiontasks.yaml", schema: PromotionTaskSchema },
  { file: "kargo.akuity.io_clusterpromotiontasks.yaml", schema: PromotionTaskSchema },
];

const freeForm = new Set(["google.protobuf.Struct", "google.protobuf.Value"]);

function readCrdSchema(file: string): JsonSchema {
  const crd = parse(readFileSync(crdDir + file, "utf8")) as {
    spec: { versions: Array<{ schema: { openAPIV3Schema: JsonSchema } }> };
  };
  return crd.spec.versions[0]!.schema.openAPIV3Schema;
}

function isPreserved(node: JsonSchema): boolean {
  return node["x-kubernetes-preserve-unknown-fields"] === true;
}

/** Lists the differences between a CRD schema node and a message. */
function compareObject(node: JsonSchema, message: DescMessage, path: string, out: string[]): void {
  const properties = node.properties ?? {};
  for (const [key, property] of Object.entries(properties)) {
    const field = message.fields.find((f) => f.jsonName === key);
    if (!field) {
      out.push(`${path}.${key}: not modelled by ${message.typeName}`);
      continue;
    }
    if (path === "" && key === "metadata") continue; // ObjectMeta: the CRD leaves it open
    compareField(property, field, `${path}.${key}`, out);
  }
  for (const field of message.fields) {
    if (!(field.jsonName in properties)) out.push(`${path}.${field.jsonName}: not in the CRD (${message.typeName})`);
  }
}

function compareField(node: JsonSchema, field: DescField, path: string, out: string[]): void {
  switch (field.fieldKind) {
    case "list":
      if (node.type !== "array" || !node.items) return void out.push(`${path}: CRD ${node.type}, message list`);
      return field.listKind === "message"
        ? compareValue(node.items, field.message, `${path}[]`, out)
        : compareScalar(node.items, field.listKind === "scalar" ? field.scalar : undefined, `${path}[]`, out);
    case "map": {
      const value = node.additionalProperties;
      if (typeof value !== "object") return void out.push(`${path}: CRD has no map, message has a map`);
      return field.mapKind === "message"
        ? compareValue(value, field.message, `${path}{}`, out)
        : compareScalar(value, field.mapKind === "scalar" ? field.scalar : undefined, `${path}{}`, out);
    }
    case "message":
      return compareValue(node, field.message, path, out);
    case "scalar":
      return compareScalar(node, field.scalar, path, out);
    case "enum":
      return void out.push(`${path}: an enum would change the Kubernetes JSON`);
  }
}

function compareValue(node: JsonSchema, message: DescMessage, path: string, out: string[]): void {
  if (message.typeName === "google.protobuf.Timestamp") {
    if (node.format !== "date-time") out.push(`${path}: Timestamp for a non date-time property`);
  } else if (freeForm.has(message.typeName)) {
    if (!isPreserved(node)) out.push(`${path}: free-form ${message.typeName} for a typed property`);
  } else if (node.properties) {
    compareObject(node, message, path, out);
  } else if (!isPreserved(node)) {
    // A preserved (opaque) property may be given a typed model, e.g. Warehouse subscriptions.
    out.push(`${path}: message ${message.typeName} for a ${node.type ?? "untyped"} property`);
  }
}

const expectedScalar: Record<string, ScalarType[]> = {
  string: [ScalarType.STRING],
  boolean: [ScalarType.BOOL],
  integer: [ScalarType.INT32],
  number: [ScalarType.DOUBLE],
};

function compareScalar(node: JsonSchema, scalar: ScalarType | undefined, path: string, out: string[]): void {
  if (node.format === "date-time") return void out.push(`${path}: date-time as a scalar, not a Timestamp`);
  const allowed = expectedScalar[node.type ?? ""];
  if (scalar === undefined || !allowed?.includes(scalar)) {
    out.push(`${path}: CRD ${node.type}, message ${scalar === undefined ? "enum" : ScalarType[scalar]}`);
  }
}

/**
 * Fields this server adds to Kargo's kinds on purpose, documented in docs/api-behaviour.md:
 * promotion windows (Kargo OSS v1.11 has neither the spec field nor a Stage status for them).
 */
const DELIBERATE_ADDITIONS = new Set([
  ".spec.promotionWindows: not in the CRD (kargo.api.v1.ProjectConfigSpec)",
  ".spec.promotionWindows: not in the CRD (kargo.api.v1.ClusterConfigSpec)",
  ".status.promotionWindowStatus: not in the CRD (kargo.api.v1.StageStatus)",
]);

const describeIfCrds = existsSync(crdDir) ? describe : describe.skip;

describeIfCrds("resource messages against the Kargo v1.11.2 CRDs", () => {
  it.each(kinds)("$file is covered field by field, with JSON-compatible types", ({ file, schema }) => {
    const out: string[] = [];
    compareObject(readCrdSchema(file), schema, "", out);
    expect(out.filter((difference) => !DELIBERATE_ADDITIONS.has(difference))).toEqual([]);
  });

  it("reports missing fields, extra fields and incompatible types", () => {
    const out: string[] = [];
    compareObject(readCrdSchema("kargo.akuity.io_stages.yaml"), PromotionSchema, "", out);
    expect(out).toEqual(
      expect.arrayContaining([
        ".spec.requestedFreight: not modelled by kargo.api.v1.PromotionSpec",
        ".spec.stage: not in the CRD (kargo.api.v1.PromotionSpec)",
        ".status.freightHistory: not modelled by kargo.api.v1.PromotionStatus",
      ]),
    );
    const types: string[] = [];
    compareScalar({ type: "integer" }, ScalarType.INT64, ".count", types);
    compareScalar({ type: "string", format: "date-time" }, ScalarType.STRING, ".at", types);
    expect(types).toEqual([".count: CRD integer, message INT64", ".at: date-time as a scalar, not a Timestamp"]);
  });
});

const describeIfQuickstart = existsSync(quickstart) ? describe : describe.skip;

describeIfQuickstart("the Kargo quickstart manifest", () => {
  const byKind: Record<string, DescMessage> = {
    Project: ProjectSchema,
    Warehouse: WarehouseSchema,
    Stage: StageSchema,
    PromotionTask: PromotionTaskSchema,
  };
  // Read only when the suite runs: describe.skip still collects its body.
  const objects = (existsSync(quickstart) ? parseAllDocuments(readFileSync(quickstart, "utf8")) : [])
    .map((doc) => doc.toJSON() as JsonObject)
    .filter((object) => typeof object.kind === "string" && object.kind in byKind)
    .map((object) => ({ name: `${String(object.kind)} ${String((object.metadata as JsonObject).name)}`, object }));

  it("has Kargo objects to check", () => {
    expect(objects.length).toBeGreaterThanOrEqual(4);
  });

  it.each(objects)("$name converts strictly and back unchanged", ({ object }) => {
    const schema = byKind[object.kind as string]!;
    const message = fromJson(schema, object, { ignoreUnknownFields: false });
    expect(toJson(schema, message)).toEqual(object);
  });
});
