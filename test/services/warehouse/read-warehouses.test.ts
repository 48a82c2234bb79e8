import { Code } from "@connectrpc/connect";
import { parse } from "yaml";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { WarehouseService } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();

beforeAll(async () => {
  const f = fixtures(stack());
  await f.project("demo");
  await f.namespace("plain");
  await f.warehouse("demo", "c");
  await f.warehouse("demo", "a", { interval: "1m", subscriptions: [{ git: { repoURL: "https://github.com/example/repo.git", branch: "main" } }] });
  await f.warehouse("demo", "b", { subscriptions: [{ chart: { repoURL: "https://charts.example.com", name: "app" } }] });
});

describe("WarehouseService.GetWarehouse", () => {
  it("is NOT_FOUND when the project does not exist", async () => {
    const error = await errorOf(stack().client(WarehouseService).getWarehouse({ project: "nope", name: "a" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('project "nope" not found');
  });

  it("is INVALID_ARGUMENT when the namespace is not a project", async () => {
    expect((await errorOf(stack().client(WarehouseService).getWarehouse({ project: "plain", name: "a" }))).code).toBe(Code.InvalidArgument);
  });

  it("is INVALID_ARGUMENT when the name is empty", async () => {
    const error = await errorOf(stack().client(WarehouseService).getWarehouse({ project: "demo", name: "" }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("name should not be empty");
  });

  it("is NOT_FOUND when the warehouse does not exist", async () => {
    const error = await errorOf(stack().client(WarehouseService).getWarehouse({ project: "demo", name: "ghost" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('warehouse "ghost" not found in project "demo"');
  });

  it("returns the typed warehouse", async () => {
    const res = await stack().client(WarehouseService).getWarehouse({ project: "demo", name: "a" });
    const warehouse = res.result.case === "warehouse" ? res.result.value : undefined;
    expect(warehouse?.spec?.interval).toBe("1m");
    expect(warehouse?.spec?.subscriptions[0]?.git?.repoUrl).toBe("https://github.com/example/repo.git");
  });

  it("returns the stored object as JSON or YAML", async () => {
    const client = stack().client(WarehouseService);
    const json = await client.getWarehouse({ project: "demo", name: "b", format: RawFormat.JSON });
    expect(JSON.parse(new TextDecoder().decode(json.result.value as Uint8Array))).toMatchObject({
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Warehouse",
      spec: { subscriptions: [{ chart: { repoURL: "https://charts.example.com", name: "app" } }] },
    });
    const yaml = await client.getWarehouse({ project: "demo", name: "b", format: RawFormat.YAML });
    expect(parse(new TextDecoder().decode(yaml.result.value as Uint8Array))).toMatchObject({ kind: "Warehouse", metadata: { name: "b" } });
  });
});

describe("WarehouseService.ListWarehouses", () => {
  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(stack().client(WarehouseService).listWarehouses({ project: "nope" }))).code).toBe(Code.NotFound);
  });

  it("is INVALID_ARGUMENT for a malformed page token", async () => {
    expect((await errorOf(stack().client(WarehouseService).listWarehouses({ project: "demo", pageToken: "garbage" }))).code).toBe(Code.InvalidArgument);
  });

  it("lists the warehouses by name", async () => {
    const res = await stack().client(WarehouseService).listWarehouses({ project: "demo" });
    expect(res.warehouses.map((w) => w.metadata?.name)).toEqual(["a", "b", "c"]);
    expect(res.totalSize).toBe(3);
  });

  it("pages through them", async () => {
    const client = stack().client(WarehouseService);
    const first = await client.listWarehouses({ project: "demo", pageSize: 2 });
    expect(first.warehouses.map((w) => w.metadata?.name)).toEqual(["a", "b"]);
    expect(first.nextPageToken).not.toBe("");
    const second = await client.listWarehouses({ project: "demo", pageSize: 2, pageToken: first.nextPageToken });
    expect(second.warehouses.map((w) => w.metadata?.name)).toEqual(["c"]);
    expect(second.nextPageToken).toBe("");
    expect(second.totalSize).toBe(3);
  });
});
