import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";
import { failureOf, kargoClient, type KargoClient } from "./kargo-client.js";

const NS = "configs";
const origin = { kind: "Warehouse", name: "w" };

describe("ProjectConfig, ClusterConfig, Stage and Warehouse admission", () => {
  const fixture = useEmbeddedControlPlane();
  let api: KargoClient;

  beforeAll(async () => {
    api = kargoClient(fixture.kubeConfig());
    await api.create("projects", undefined, { metadata: { name: NS } });
  });

  it("accepts a ProjectConfig named after its project and refuses another name (422)", async () => {
    const failure = await failureOf(api.create("projectconfigs", NS, { metadata: { name: "other" }, spec: {} }));
    expect(failure.code).toBe(422);
    expect(failure.message).toContain(`must be named after its project, "${NS}"`);
    expect((await api.create("projectconfigs", NS, { metadata: { name: NS }, spec: {} })).metadata.name).toBe(NS);
  });

  it("accepts only the ClusterConfig named cluster (422 otherwise)", async () => {
    expect((await failureOf(api.create("clusterconfigs", undefined, { metadata: { name: "other" }, spec: {} }))).code).toBe(422);
    expect((await api.create("clusterconfigs", undefined, { metadata: { name: "cluster" }, spec: {} })).metadata.name).toBe("cluster");
  });

  describe("a Stage", () => {
    it("is refused when it requests one origin twice (422)", async () => {
      const spec = {
        requestedFreight: [
          { origin, sources: { direct: true } },
          { origin, sources: { stages: ["a"] } },
        ],
      };
      const failure = await failureOf(api.create("stages", NS, { metadata: { name: "dup" }, spec }));
      expect(failure.code).toBe(422);
      expect(failure.details.causes).toContainEqual(expect.objectContaining({ field: "spec.requestedFreight[1].origin", reason: "FieldValueDuplicate" }));
    });

    it("is refused when it names itself upstream (422)", async () => {
      const failure = await failureOf(
        api.create("stages", NS, { metadata: { name: "self" }, spec: { requestedFreight: [{ origin, sources: { stages: ["self"] } }] } }),
      );
      expect(failure.code).toBe(422);
    });

    it("is refused with a reserved or repeated step alias (422)", async () => {
      const steps = [
        { uses: "a", as: "step-1" },
        { uses: "b", as: "x" },
        { uses: "c", as: "x" },
      ];
      const failure = await failureOf(
        api.create("stages", NS, {
          metadata: { name: "aliases" },
          spec: { requestedFreight: [{ origin, sources: { direct: true } }], promotionTemplate: { spec: { steps } } },
        }),
      );
      expect(failure.code).toBe(422);
      expect(failure.details.causes.map((c: any) => c.field)).toEqual(["spec.promotionTemplate.spec.steps[0].as", "spec.promotionTemplate.spec.steps[2].as"]);
    });
  });

  it("refuses a Warehouse subscribing twice to one repository (422)", async () => {
    const subscriptions = [{ git: { repoURL: "https://github.com/x/y.git" } }, { git: { repoURL: "https://github.com/X/y" } }];
    const failure = await failureOf(api.create("warehouses", NS, { metadata: { name: "twice" }, spec: { subscriptions } }));
    expect(failure.code).toBe(422);
    expect(failure.details.causes).toContainEqual(expect.objectContaining({ field: "spec.subscriptions[1]", reason: "FieldValueDuplicate" }));
  });
});
