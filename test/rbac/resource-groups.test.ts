import { Code } from "@connectrpc/connect";
import { createKubeDiscovery } from "../../src/kube/index.js";
import { createResourceGroups } from "../../src/rbac/index.js";
import { useKube } from "../support/use-kube.js";

// Against the embedded control plane's real discovery documents.
describe("createResourceGroups", () => {
  const kube = useKube();

  it("resolves core, RBAC and Kargo resources (and subresources) to their groups", async () => {
    const groups = createResourceGroups(createKubeDiscovery(kube.kubeConfig));
    expect(await groups.groupOf("secrets", "f")).toBe("");
    expect(await groups.groupOf("rolebindings", "f")).toBe("rbac.authorization.k8s.io");
    expect(await groups.groupOf("stages", "f")).toBe("kargo.akuity.io");
    expect(await groups.groupOf("freights/status", "f")).toBe("kargo.akuity.io");
  });

  it("is INVALID_ARGUMENT naming the field for a resource nobody serves", async () => {
    await expect(
      createResourceGroups(createKubeDiscovery(kube.kubeConfig, { missRefreshMs: 0 })).groupOf("widgets", "rules[2].resources"),
    ).rejects.toMatchObject({
      code: Code.InvalidArgument,
      rawMessage: 'rules[2].resources: unrecognized resource type "widgets"',
    });
  });
});
