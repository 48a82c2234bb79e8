import { FreightSchema } from "../../gen/kargo/api/v1/freight_pb.js";
import { toMessage, type KubeObject } from "../../src/kube/index.js";
import { deepFreeze } from "../../src/util/deep-freeze.js";

/** A shared (cached, read-only) Freight message named `name`, as the Kubernetes caches hand out. */
export const sharedFreight = (name: string) =>
  toMessage(
    FreightSchema,
    deepFreeze({
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Freight",
      metadata: { name, namespace: "demo" },
      origin: { kind: "Warehouse", name: "wh" },
    } as KubeObject),
  );
