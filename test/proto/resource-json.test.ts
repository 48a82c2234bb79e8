import { create, equals, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FreightSchema } from "../../gen/kargo/api/v1/freight_pb.js";
import { GitSubscriptionSchema, WarehouseSchema } from "../../gen/kargo/api/v1/warehouse_pb.js";
import { StageSchema } from "../../gen/kargo/api/v1/stage_pb.js";
import { PromotionSchema } from "../../gen/kargo/api/v1/promotion_pb.js";
import { kargoFixtures, readKargoFixture } from "./kargo-fixtures.js";

describe("Kargo resource messages", () => {
  describe.each(kargoFixtures)("a $kind object ($file)", ({ file, kind, schema }) => {
    const object = readKargoFixture(file);

    it("has the fixture's kind", () => {
      expect(object.kind).toBe(kind);
    });

    it("converts from Kubernetes JSON without an unknown field", () => {
      expect(() => fromJson(schema, object, { ignoreUnknownFields: false })).not.toThrow();
    });

    it("converts back to the same Kubernetes JSON", () => {
      const message = fromJson(schema, object, { ignoreUnknownFields: false });
      expect(toJson(schema, message, { useProtoFieldName: false })).toEqual(object);
    });

    it("survives the binary encoding", () => {
      const message = fromJson(schema, object, { ignoreUnknownFields: false });
      const again = fromBinary(schema, toBinary(schema, message));
      expect(equals(schema, message, again)).toBe(true);
    });
  });

  describe("field names that differ from protoc's camelCase", () => {
    it("uses repoURL, not repoUrl, for artifact repositories", () => {
      const freight = fromJson(FreightSchema, readKargoFixture("freight.yaml"));
      expect(freight.images[0]?.repoUrl).toBe("public.ecr.aws/nginx/nginx");
      const json = toJson(FreightSchema, freight) as JsonObject;
      const images = json.images as JsonObject[];
      expect(Object.keys(images[0] ?? {})).toContain("repoURL");
      expect(Object.keys(images[0] ?? {})).not.toContain("repoUrl");
    });

    it("uses insecureSkipTLSVerify and lastFreightID on Warehouses", () => {
      const warehouse = fromJson(WarehouseSchema, readKargoFixture("warehouse.yaml"));
      expect(warehouse.spec?.subscriptions[1]?.git?.insecureSkipTlsVerify).toBe(true);
      expect(warehouse.status?.lastFreightId).toBe("8f3a1c9d2b7e4f60a5c1d3e2b4a6978877665544");
    });
  });

  describe("types chosen to keep the Kubernetes JSON shape", () => {
    it("reads timestamps as Timestamp and writes them back as RFC 3339", () => {
      const freight = fromJson(FreightSchema, readKargoFixture("freight.yaml"));
      const approvedAt = freight.status?.approvedFor.prod?.approvedAt;
      expect(approvedAt && timestampDate(approvedAt).toISOString()).toBe("2026-11-20T12:00:00.000Z");
    });

    it("writes integers as JSON numbers, not strings", () => {
      const promotion = fromJson(PromotionSchema, readKargoFixture("promotion.yaml"));
      const json = toJson(PromotionSchema, promotion) as JsonObject;
      expect((json.status as JsonObject).currentStep).toBe(2);
    });

    it("keeps step config as a free-form JSON object (a plain object in TypeScript)", () => {
      const stage = fromJson(StageSchema, readKargoFixture("stage.yaml"));
      const step = stage.spec?.promotionTemplate?.spec?.steps[1];
      expect(step?.if).toBe("${{ success() }}");
      expect(step?.config).toMatchObject({ method: "POST", expectedStatusCodes: [200, 204] });
    });

    it("keeps maps keyed by Stage name", () => {
      const freight = fromJson(FreightSchema, readKargoFixture("freight.yaml"));
      expect(Object.keys(freight.status?.verifiedIn ?? {}).sort()).toEqual(["test", "uat"]);
      expect(freight.status?.verifiedIn.test?.longestSoak).toBe("1h30m0s");
    });

    it("writes strictSemvers: false, which Kubernetes would otherwise default to true", () => {
      const subscription = create(GitSubscriptionSchema, { repoUrl: "https://example.com/a.git", strictSemvers: false });
      expect(toJson(GitSubscriptionSchema, subscription)).toEqual({
        repoURL: "https://example.com/a.git",
        strictSemvers: false,
      });
    });
  });

  describe("objects carrying fields the API does not model", () => {
    const stored: JsonObject = {
      ...readKargoFixture("warehouse.yaml"),
      metadata: {
        ...(readKargoFixture("warehouse.yaml").metadata as JsonObject),
        managedFields: [{ manager: "kubectl", operation: "Apply" }],
      },
    };

    it("are rejected by a strict conversion", () => {
      expect(() => fromJson(WarehouseSchema, stored, { ignoreUnknownFields: false })).toThrow(/managedFields/);
    });

    it("convert when unknown fields are ignored, as the server reads them", () => {
      const warehouse = fromJson(WarehouseSchema, stored, { ignoreUnknownFields: true });
      expect(warehouse.metadata?.name).toBe("kargo-demo");
    });
  });
});
