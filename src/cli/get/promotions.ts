import { PromotionSchema, type Promotion } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { watchResumable } from "../../client/watch-resumable.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import type { Item, ResourceKind } from "./resource-kind.js";
import { watchItems } from "./watch-items.js";

const toItem = (p: Promotion): Item => ({
  row: [
    p.metadata?.name ?? "",
    p.spec?.stage ?? "",
    p.spec?.freight ?? "",
    p.status?.phase || "Pending",
    formatAge(p.metadata?.creationTimestamp),
    p.status?.message ?? "",
  ],
  json: messageJson(PromotionSchema, p),
});

/** `get promotions`: PromotionService.ListPromotions / GetPromotion / WatchPromotions (WatchPromotion for one). */
export const promotions: ResourceKind = {
  name: "promotions",
  resource: "promotions",
  aliases: ["promotion", "promo"],
  project: "required",
  // MESSAGE last: it is the long one (why a Promotion failed).
  headers: ["NAME", "STAGE", "FREIGHT", "PHASE", "AGE", "MESSAGE"],
  list: async (client, project) =>
    (
      await allPages(async (pageToken) => {
        const r = await client.promotions.listPromotions({ project, pageToken });
        return { items: r.promotions, nextPageToken: r.nextPageToken };
      })
    ).map(toItem),
  get: async (client, project, name) => toItem((await client.promotions.getPromotion({ project, name })).result.value as Promotion),
  // One Promotion by name (WatchPromotion), or all of the project's.
  watch: (client, project, name, signal) =>
    name
      ? watchItems(watchResumable(client.promotions.watchPromotion, { project, name }, { signal }), (r) => r.promotion, toItem)
      : watchItems(watchResumable(client.promotions.watchPromotions, { project }, { signal }), (r) => r.promotion, toItem),
};
