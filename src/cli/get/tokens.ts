import { APITokenSchema, type APIToken } from "../../../gen/kargo/api/v1/role_pb.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import type { Item, ResourceKind } from "./resource-kind.js";

const toItem = (t: APIToken): Item => ({
  row: [t.metadata?.name ?? "", t.roleName, formatAge(t.metadata?.creationTimestamp)],
  json: messageJson(APITokenSchema, t),
});

/** `get tokens`: RbacService.ListAPITokens / GetAPIToken (values redacted); without --project, system-level ones. */
export const tokens: ResourceKind = {
  name: "tokens",
  resource: "secrets",
  aliases: ["token", "apitokens"],
  project: "optional",
  headers: ["NAME", "ROLE", "AGE"],
  delete: async (client, project, name) => {
    await client.rbac.deleteAPIToken({ project, name, systemLevel: project === "" });
  },
  list: async (client, project) =>
    (
      await allPages(async (pageToken) => {
        const r = await client.rbac.listAPITokens({ project, systemLevel: project === "", pageToken });
        return { items: r.tokens, nextPageToken: r.nextPageToken };
      })
    ).map(toItem),
  get: async (client, project, name) => toItem((await client.rbac.getAPIToken({ project, name, systemLevel: project === "" })).result.value as APIToken),
};
