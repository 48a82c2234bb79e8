import { Code } from "@connectrpc/connect";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { freightName } from "../../../src/domain/freight-name.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "./kargo-fixtures.js";

const project = "create-freight";
const APP = "ghcr.io/example/app";
const origin = { kind: "Warehouse", name: "images" };

describe("FreightService.CreateFreight", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const createFreight = (req: Record<string, unknown>) =>
    stack()
      .client(FreightService)
      .createFreight({ project, origin, ...req });

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images", [{ image: { repoURL: APP } }, { git: { repoURL: "http://127.0.0.1:1/app.git" } }]);
  });

  describe("with an invalid request", () => {
    it("is INVALID_ARGUMENT without an origin, for another origin kind, or without artifacts", async () => {
      expect(
        await codeOf(
          stack()
            .client(FreightService)
            .createFreight({ project, images: [{ repoUrl: APP, tag: "1" }] }),
        ),
      ).toBe(Code.InvalidArgument);
      const kind = await errorOf(createFreight({ origin: { kind: "Stage", name: "x" }, images: [{ repoUrl: APP, tag: "1" }] }));
      expect(kind.code).toBe(Code.InvalidArgument);
      expect(kind.rawMessage).toContain('origin.kind must be "Warehouse"');
      const empty = await errorOf(createFreight({}));
      expect(empty.code).toBe(Code.InvalidArgument);
      expect(empty.rawMessage).toContain("at least one image, commit, chart or artifact");
    });

    it("is INVALID_ARGUMENT for an alias that is not a label value", async () => {
      expect(await codeOf(createFreight({ images: [{ repoUrl: APP, tag: "1" }], alias: "Not An Alias!" }))).toBe(Code.InvalidArgument);
    });
  });

  describe("when the warehouse does not exist", () => {
    it("is NOT_FOUND naming it", async () => {
      const error = await errorOf(createFreight({ origin: { kind: "Warehouse", name: "ghost" }, images: [{ repoUrl: APP, tag: "1" }] }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe(`warehouse "ghost" not found in project "${project}"`);
    });
  });

  describe("with artifacts the warehouse does not subscribe to", () => {
    it("is INVALID_ARGUMENT naming them", async () => {
      const error = await errorOf(createFreight({ images: [{ repoUrl: "docker.io/library/nginx", tag: "1" }] }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain('no image subscription for "docker.io/library/nginx"');
    });
  });

  describe("with new artifacts", () => {
    it("creates the Freight named by its artifacts, with a generated alias, and records FreightCreated", async () => {
      const images = [{ repoUrl: APP, tag: "2.0.0", digest: "sha256:abc" }];
      const commits = [{ repoUrl: "http://127.0.0.1:1/app.git", id: "0123456789abcdef0123456789abcdef01234567" }];
      const { freight } = await createFreight({ images, commits });
      const name = freightName({
        origin,
        images: [{ repoURL: APP, tag: "2.0.0", digest: "sha256:abc" }],
        commits: [{ repoURL: "http://127.0.0.1:1/app.git", id: "0123456789abcdef0123456789abcdef01234567" }],
      });
      expect(freight?.metadata?.name).toBe(name);
      expect(freight?.alias).toMatch(/^[a-z]+-[a-z]+(-\d+)?$/);
      expect(freight?.metadata?.labels?.["kargo.akuity.io/alias"]).toBe(freight?.alias);
      expect(freight?.images[0]).toMatchObject({ repoUrl: APP, tag: "2.0.0", digest: "sha256:abc" });

      const fetched = await stack().client(FreightService).getFreight({ project, alias: freight!.alias });
      expect(fetched.result.case === "freight" && fetched.result.value.metadata?.name).toBe(name);
      const events = await stack().core.listNamespacedEvent({ namespace: project });
      const event = events.items.find((e) => e.reason === "FreightCreated" && e.involvedObject.name === name);
      expect(event?.metadata.annotations).toMatchObject({
        "event.kargo.akuity.io/actor": "admin",
        "event.kargo.akuity.io/freight-name": name,
        "event.kargo.akuity.io/freight-alias": freight!.alias,
        "event.kargo.akuity.io/freight-warehouse-name": "images",
      });
    });
  });

  describe("when Freight with the same artifacts exists", () => {
    it("is ALREADY_EXISTS", async () => {
      const images = [{ repoUrl: APP, tag: "3.0.0" }];
      await createFreight({ images, alias: "first-copy" });
      const error = await errorOf(createFreight({ images, alias: "second-copy" }));
      expect(error.code).toBe(Code.AlreadyExists);
      expect(error.rawMessage).toContain('(alias "first-copy")');
    });
  });

  describe("when the alias is taken", () => {
    it("is ALREADY_EXISTS", async () => {
      await createFreight({ images: [{ repoUrl: APP, tag: "4.0.0" }], alias: "taken-tapir" });
      const error = await errorOf(createFreight({ images: [{ repoUrl: APP, tag: "4.0.1" }], alias: "taken-tapir" }));
      expect(error.code).toBe(Code.AlreadyExists);
      expect(error.rawMessage).toContain('alias "taken-tapir"');
    });
  });
});
