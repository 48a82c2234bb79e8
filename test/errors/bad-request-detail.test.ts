import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "../../gen/google/rpc/error_details_pb.js";
import { WarehouseService } from "../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WarehouseSpecSchema } from "../../gen/kargo/api/v1/warehouse_pb.js";
import { invalidFields } from "../../src/errors/invalid-fields.js";
import { RESOURCES, createKubeClient } from "../../src/kube/index.js";
import { useKargoStack } from "../support/use-kargo-stack.js";

const errorOf = (call: Promise<unknown>): Promise<ConnectError> =>
  call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => ConnectError.from(e),
  );

const violationsOf = (error: ConnectError) =>
  error.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => ({ field: v.field, description: v.description })));

describe("invalidFields", () => {
  it("names every field in the message and in a google.rpc.BadRequest detail", () => {
    const error = invalidFields([
      { field: "name", description: "should not be empty" },
      { field: "spec.interval", description: "is not a duration" },
    ]);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("name should not be empty; spec.interval is not a duration");
    expect(violationsOf(error)).toEqual([
      { field: "name", description: "should not be empty" },
      { field: "spec.interval", description: "is not a duration" },
    ]);
  });
});

describe("the BadRequest detail on the wire", () => {
  const stack = useKargoStack();

  beforeAll(async () => {
    await stack().core.createNamespace({ body: { metadata: { name: "detail", labels: { "kargo.akuity.io/project": "true" } } } });
  });

  it("reaches a Connect client for an empty required field", async () => {
    const error = await errorOf(
      stack()
        .client(WarehouseService)
        .createWarehouse({ project: "detail", name: "", spec: create(WarehouseSpecSchema, {}) }),
    );
    expect(error.code).toBe(Code.InvalidArgument);
    expect(violationsOf(error)).toEqual([{ field: "name", description: "should not be empty" }]);
  });

  it("reaches a Connect client for an invalid nested spec field", async () => {
    const spec = create(WarehouseSpecSchema, { subscriptions: [{ git: { repoUrl: " " } }] });
    const error = await errorOf(stack().client(WarehouseService).createWarehouse({ project: "detail", name: "wh", spec }));
    expect(violationsOf(error)).toEqual([{ field: "spec.subscriptions[0].git.repoURL", description: "should not be empty" }]);
  });

  it("carries the field paths of a Kubernetes 422 Invalid", async () => {
    const kube = createKubeClient(stack().kubeConfig);
    const stage = {
      metadata: { name: "broken", namespace: "detail" },
      spec: { requestedFreight: [{ origin: { kind: "Warehouse" }, sources: { direct: true } }] },
    };
    const error = await errorOf(kube.create(RESOURCES.stages, stage));
    expect(error.code).toBe(Code.InvalidArgument);
    const fields = violationsOf(error).map((v) => v.field);
    expect(fields).toContain("spec.requestedFreight[0].origin.name");
  });
});
