import { createHash } from "node:crypto";
import { BoundedCache } from "./bounded-cache.js";
import type { ImageRepository } from "./image-repository.js";
import { createRegistryClient, type RegistryClient, type RegistryCredentials } from "./registry-client.js";

/** Options a client is made with, besides the repository. */
export interface RegistryClientKey {
  credentials?: RegistryCredentials | undefined;
  insecureSkipTLSVerify?: boolean | undefined;
  tagPageSize?: number | undefined;
}

/**
 * Registry clients kept across discoveries, one per repository, credentials and TLS setting, so
 * that a Bearer token obtained once serves every refresh until the registry refuses it. Keyed
 * by a hash of the credentials: the secret itself is never a map key.
 */
export function createRegistryClients(maxClients = 1000): { clientFor(repository: ImageRepository, options: RegistryClientKey): RegistryClient } {
  const clients = new BoundedCache<string, RegistryClient>(maxClients);
  return {
    clientFor(repository, options) {
      const secret = options.credentials ? createHash("sha256").update(`${options.credentials.username}\0${options.credentials.password}`).digest("hex") : "";
      const key = [repository.canonical, secret, options.insecureSkipTLSVerify === true, options.tagPageSize ?? ""].join("|");
      let client = clients.get(key);
      if (!client) {
        client = createRegistryClient({
          repository,
          ...(options.credentials ? { credentials: options.credentials } : {}),
          ...(options.insecureSkipTLSVerify ? { insecureSkipTLSVerify: true } : {}),
          ...(options.tagPageSize ? { tagPageSize: options.tagPageSize } : {}),
        });
        clients.set(key, client);
      }
      return client;
    },
  };
}
