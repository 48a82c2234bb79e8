import { RoleSchema, type Role } from "../../../gen/kargo/api/v1/role_pb.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import type { Item, ResourceKind } from "./resource-kind.js";

const toItem = (r: Role): Item => ({
  row: [
    r.metadata?.name ?? "",
    String(r.kargoManaged),
    r.claims.map((c) => `${c.name}=${c.values.join(",")}`).join(" "),
    formatAge(r.metadata?.creationTimestamp),
  ],
  json: messageJson(RoleSchema, r),
});

/** `get roles`: RbacService.ListRoles / GetRole; without --project, the system-level roles. */
export const roles: ResourceKind = {
  name: "roles",
  resource: "roles",
  aliases: ["role"],
  project: "optional",
  headers: ["NAME", "KARGO MANAGED", "CLAIMS", "AGE"],
  delete: async (client, project, name) => {
    await client.rbac.deleteRole({ project, name });
  },
  list: async (client, project) =>
    (
      await allPages(async (pageToken) => {
        const r = await client.rbac.listRoles({ project, systemLevel: project === "", pageToken });
        return { items: r.roles, nextPageToken: r.nextPageToken };
      })
    ).map(toItem),
  get: async (client, project, name) => toItem((await client.rbac.getRole({ project, name, systemLevel: project === "" })).result.value as Role),
};
