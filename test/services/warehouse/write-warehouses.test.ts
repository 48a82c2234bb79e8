import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { WarehouseSpecSchema, type WarehouseSpec } from "../../../gen/kargo/api/v1/warehouse_pb.js";
import { WarehouseService } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();

function spec(init: MessageInitShape<typeof WarehouseSpecSchema> = { subscriptions: [{ image: { repoUrl: "ghcr.io/example/app" } }] }): WarehouseSpec {
  return create(WarehouseSpecSchema, init);
}

beforeAll(async () => {
  await fixtures(stack()).project("demo");
});

describe("WarehouseService.CreateWarehouse", () => {
  const createWarehouse = (req: { project: string; name: string; spec?: WarehouseSpec }) => stack().client(WarehouseService).createWarehouse(req);

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(createWarehouse({ project: "nope", name: "wh", spec: spec() }))).code).toBe(Code.NotFound);
  });

  it("is INVALID_ARGUMENT when the name is empty", async () => {
    const error = await errorOf(createWarehouse({ project: "demo", name: "", spec: spec() }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("name should not be empty");
  });

  it("is INVALID_ARGUMENT when the name is not a DNS subdomain", async () => {
    expect((await errorOf(createWarehouse({ project: "demo", name: "UPPER", spec: spec() }))).code).toBe(Code.InvalidArgument);
  });

  it("is INVALID_ARGUMENT when the spec is missing", async () => {
    const error = await errorOf(createWarehouse({ project: "demo", name: "wh" }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("spec should not be empty");
  });

  describe("when the spec is invalid", () => {
    const cases: [string, MessageInitShape<typeof WarehouseSpecSchema>, RegExp][] = [
      ["no subscriptions", { subscriptions: [] }, /^spec\.subscriptions should not be empty$/],
      ["an empty subscription", { subscriptions: [{}] }, /^spec\.subscriptions\[0\] must set exactly one of git, image or chart \(it sets 0\)$/],
      ["two kinds in one subscription", { subscriptions: [{ git: { repoUrl: "https://g/r" }, image: { repoUrl: "r" } }] }, /it sets 2/],
      [
        "a subscription without repoURL",
        { subscriptions: [{ image: { repoUrl: "ghcr.io/x" } }, { git: { repoUrl: " " } }] },
        /^spec\.subscriptions\[1\]\.git\.repoURL should not be empty$/,
      ],
      ["a discovery limit above 100", { subscriptions: [{ image: { repoUrl: "r", discoveryLimit: 101 } }] }, /discoveryLimit 101 must be between 1 and 100/],
      ["a negative discovery limit", { subscriptions: [{ chart: { repoUrl: "oci://r/c", discoveryLimit: -1 } }] }, /discoveryLimit -1/],
      ["an HTTP chart without a name", { subscriptions: [{ chart: { repoUrl: "https://charts.example.com" } }] }, /chart\.name should not be empty/],
      ["an OCI chart with a name", { subscriptions: [{ chart: { repoUrl: "oci://r/c", name: "c" } }] }, /chart\.name must be empty for an OCI repository/],
      ["an unknown image strategy", { subscriptions: [{ image: { repoUrl: "r", imageSelectionStrategy: "Newest" } }] }, /imageSelectionStrategy "Newest"/],
      ["a malformed interval", { interval: "often", subscriptions: [{ image: { repoUrl: "r" } }] }, /spec\.interval "often"/],
      [
        "an interval past Go's time.Duration",
        { interval: "99999999999h", subscriptions: [{ image: { repoUrl: "r" } }] },
        /^spec\.interval "99999999999h" is longer than Go's time\.Duration holds/,
      ],
      ["an unknown creation policy", { freightCreationPolicy: "Sometimes", subscriptions: [{ image: { repoUrl: "r" } }] }, /freightCreationPolicy "Sometimes"/],
    ];
    it.each(cases)("is INVALID_ARGUMENT for %s", async (_what, init, message) => {
      const error = await errorOf(createWarehouse({ project: "demo", name: "wh", spec: spec(init) }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toMatch(message);
    });
  });

  it("creates the warehouse with the default interval", async () => {
    const res = await createWarehouse({
      project: "demo",
      name: "created",
      spec: spec({ subscriptions: [{ git: { repoUrl: "https://github.com/example/repo.git", discoveryLimit: 5 } }] }),
    });
    expect(res.warehouse?.metadata?.name).toBe("created");
    const stored = await fixtures(stack()).kube.get(RESOURCES.warehouses, { namespace: "demo", name: "created" });
    expect(stored["spec"]).toMatchObject({ interval: "5m0s", subscriptions: [{ git: { repoURL: "https://github.com/example/repo.git", discoveryLimit: 5 } }] });
  });

  it("is ALREADY_EXISTS when the name is taken", async () => {
    await fixtures(stack()).warehouse("demo", "taken");
    expect((await errorOf(createWarehouse({ project: "demo", name: "taken", spec: spec() }))).code).toBe(Code.AlreadyExists);
  });
});

describe("WarehouseService.UpdateWarehouse", () => {
  beforeAll(async () => {
    const f = fixtures(stack());
    // Written with client-node as another tool would: a label this API does not own.
    await stack().custom.createNamespacedCustomObject({
      group: "kargo.akuity.io",
      version: "v1alpha1",
      namespace: "demo",
      plural: "warehouses",
      body: {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Warehouse",
        metadata: { name: "upd", namespace: "demo", labels: { team: "a" } },
        spec: { interval: "1m", freightCreationPolicy: "Manual", subscriptions: [{ image: { repoURL: "ghcr.io/old/app" } }] },
      },
    });
    await f.warehouse("demo", "generic", { interval: "5m0s", subscriptions: [{ myRegistry: { name: "x", config: { a: 1 } } }] });
  });

  it("is INVALID_ARGUMENT when the name is empty", async () => {
    expect((await errorOf(stack().client(WarehouseService).updateWarehouse({ project: "demo", name: "", spec: spec() }))).code).toBe(Code.InvalidArgument);
  });

  it("is INVALID_ARGUMENT when the spec is invalid", async () => {
    expect(
      (
        await errorOf(
          stack()
            .client(WarehouseService)
            .updateWarehouse({ project: "demo", name: "upd", spec: spec({ subscriptions: [] }) }),
        )
      ).code,
    ).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the warehouse does not exist", async () => {
    const error = await errorOf(stack().client(WarehouseService).updateWarehouse({ project: "demo", name: "ghost", spec: spec() }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('warehouse "ghost" not found in project "demo"');
  });

  it("is FAILED_PRECONDITION when the stored warehouse has generic subscriptions", async () => {
    const error = await errorOf(stack().client(WarehouseService).updateWarehouse({ project: "demo", name: "generic", spec: spec() }));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toMatch(/does not model \(myRegistry\)/);
    const stored = await fixtures(stack()).kube.get(RESOURCES.warehouses, { namespace: "demo", name: "generic" });
    expect(stored["spec"]).toMatchObject({ subscriptions: [{ myRegistry: { name: "x" } }] });
  });

  it("is ABORTED when resource_version is stale", async () => {
    expect((await errorOf(stack().client(WarehouseService).updateWarehouse({ project: "demo", name: "upd", spec: spec(), resourceVersion: "1" }))).code).toBe(
      Code.Aborted,
    );
  });

  it("replaces the spec and keeps what it does not own", async () => {
    const res = await stack()
      .client(WarehouseService)
      .updateWarehouse({ project: "demo", name: "upd", spec: spec({ interval: "10m", subscriptions: [{ image: { repoUrl: "ghcr.io/new/app" } }] }) });
    expect(res.warehouse?.spec?.subscriptions.map((s) => s.image?.repoUrl)).toEqual(["ghcr.io/new/app"]);
    const stored = await fixtures(stack()).kube.get(RESOURCES.warehouses, { namespace: "demo", name: "upd" });
    expect(stored.metadata.labels?.["team"]).toBe("a");
    expect(stored["spec"]).toMatchObject({ interval: "10m", subscriptions: [{ image: { repoURL: "ghcr.io/new/app" } }] });
    // Left unset by the request: back to the CRD default, or gone.
    expect((stored["spec"] as Record<string, unknown>)["freightCreationPolicy"]).not.toBe("Manual");
  });
});

describe("WarehouseService.DeleteWarehouse", () => {
  it("is NOT_FOUND when the warehouse does not exist", async () => {
    const error = await errorOf(stack().client(WarehouseService).deleteWarehouse({ project: "demo", name: "ghost" }));
    expect(error.code).toBe(Code.NotFound);
  });

  it("deletes the warehouse", async () => {
    await fixtures(stack()).warehouse("demo", "doomed");
    await stack().client(WarehouseService).deleteWarehouse({ project: "demo", name: "doomed" });
    expect((await errorOf(stack().client(WarehouseService).getWarehouse({ project: "demo", name: "doomed" }))).code).toBe(Code.NotFound);
  });
});

describe("WarehouseService.RefreshWarehouse", () => {
  it("is INVALID_ARGUMENT when the name is empty", async () => {
    expect((await errorOf(stack().client(WarehouseService).refreshWarehouse({ project: "demo", name: "" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the warehouse does not exist", async () => {
    expect((await errorOf(stack().client(WarehouseService).refreshWarehouse({ project: "demo", name: "ghost" }))).code).toBe(Code.NotFound);
  });

  it("sets a new refresh token on every call", async () => {
    await fixtures(stack()).warehouse("demo", "fresh");
    const client = stack().client(WarehouseService);
    const first = (await client.refreshWarehouse({ project: "demo", name: "fresh" })).warehouse?.metadata?.annotations["kargo.akuity.io/refresh"];
    const second = (await client.refreshWarehouse({ project: "demo", name: "fresh" })).warehouse?.metadata?.annotations["kargo.akuity.io/refresh"];
    expect(first).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(second).not.toBe(first);
    const stored = await fixtures(stack()).kube.get(RESOURCES.warehouses, { namespace: "demo", name: "fresh" });
    expect(stored.metadata.annotations?.["kargo.akuity.io/refresh"]).toBe(second);
  });
});
