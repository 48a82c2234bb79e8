import { arr, obj, str, type ObjectSchema } from "../schema.js";
import { link, promotionWindows, webhookReceiver } from "./common.js";

/** ClusterConfig (the cluster-wide singleton): webhook receivers, the Git identity, UI links. */
export const clusterConfigSchema: ObjectSchema = obj({
  apiVersion: str(),
  kind: str(),
  spec: obj({
    webhookReceivers: arr(webhookReceiver()),
    gitClient: obj(
      {
        name: str({ minLength: 1 }),
        email: str({ minLength: 1, format: "email" }),
        signingKeySecret: obj({ name: str({ default: "" }) }),
      },
      { required: ["name", "email"] },
    ),
    freightLinks: arr(link()),
    stageLinks: arr(link()),
    promotionWindows: promotionWindows(true),
  }),
});
