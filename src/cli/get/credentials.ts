import { GenericCredentialsSchema, RepoCredentialsSchema, type GenericCredentials, type RepoCredentials } from "../../../gen/kargo/api/v1/credentials_pb.js";
import { messageJson } from "../format-messages.js";
import { formatAge } from "../format-age.js";
import { allPages } from "./all-pages.js";
import { orElseWhenMissing } from "./or-else-when-missing.js";
import type { Item, ResourceKind } from "./resource-kind.js";

const repoItem = (c: RepoCredentials): Item => ({
  row: [c.name, c.type, c.repoUrl, c.username, formatAge(c.createTime)],
  json: messageJson(RepoCredentialsSchema, c),
});
const genericItem = (c: GenericCredentials): Item => ({
  row: [c.name, "generic", "", Object.keys(c.data).sort().join(","), formatAge(c.createTime)],
  json: messageJson(GenericCredentialsSchema, c),
});

/**
 * `get credentials`: repository credentials (CredentialsService.ListRepoCredentials) then generic
 * ones (ListGenericCredentials), values redacted; without --project, the shared ones.
 */
export const credentials: ResourceKind = {
  name: "credentials",
  resource: "secrets",
  aliases: ["credential", "creds"],
  project: "optional",
  headers: ["NAME", "TYPE", "REPO URL", "USERNAME/KEYS", "AGE"],
  // Repository credentials, else generic ones of that name.
  delete: async (client, project, name) => {
    await orElseWhenMissing(
      () => client.credentials.deleteRepoCredentials({ project, name }),
      () => client.credentials.deleteGenericCredentials({ project, name }),
    );
  },
  list: async (client, project) => {
    const repo = await allPages(async (pageToken) => {
      const r = await client.credentials.listRepoCredentials({ project, pageToken });
      return { items: r.credentials, nextPageToken: r.nextPageToken };
    });
    const generic = await allPages(async (pageToken) => {
      const r = await client.credentials.listGenericCredentials({ project, pageToken });
      return { items: r.credentials, nextPageToken: r.nextPageToken };
    });
    return [...repo.map(repoItem), ...generic.map(genericItem)];
  },
  get: async (client, project, name) => {
    try {
      return repoItem((await client.credentials.getRepoCredentials({ project, name })).result.value as RepoCredentials);
    } catch (e) {
      try {
        return genericItem((await client.credentials.getGenericCredentials({ project, name })).result.value as GenericCredentials);
      } catch {
        throw e;
      }
    }
  },
};
