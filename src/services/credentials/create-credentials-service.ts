import { Code, ConnectError } from "@connectrpc/connect";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import { unimplementedService } from "../../server/unimplemented.js";
import type { ServiceDeps } from "../create-services.js";
import { createGenericCredentials } from "./create-generic-credentials.js";
import { createRepoCredentials } from "./create-repo-credentials.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { deleteGenericCredentials } from "./delete-generic-credentials.js";
import { deleteRepoCredentials } from "./delete-repo-credentials.js";
import { getGenericCredentials } from "./get-generic-credentials.js";
import { getRepoCredentials } from "./get-repo-credentials.js";
import { listGenericCredentials } from "./list-generic-credentials.js";
import { listRepoCredentials } from "./list-repo-credentials.js";
import { updateGenericCredentials } from "./update-generic-credentials.js";
import { updateRepoCredentials } from "./update-repo-credentials.js";

/**
 * CredentialsService, all ten RPCs, or — with SECRET_MANAGEMENT_ENABLED=false — every RPC
 * UNIMPLEMENTED "secret management is not enabled" (as Kargo's Connect handlers; Kargo's REST twin
 * returned it as INTERNAL on the Connect path). Authorization is the table's.
 */
export function createCredentialsService(deps: Pick<ServiceDeps, "config" | "caches" | "kube">): ServiceImplementation {
  if (!deps.config.kargo.secretManagementEnabled) {
    return implement(
      CredentialsService,
      unimplementedService(CredentialsService, () => new ConnectError("secret management is not enabled", Code.Unimplemented)),
    );
  }
  return credentialsService(deps);
}

/** CredentialsService over ready-made {@link CredentialsDeps}. */
export function credentialsService(deps: CredentialsDeps): ServiceImplementation {
  return implement(CredentialsService, {
    createRepoCredentials: createRepoCredentials(deps),
    getRepoCredentials: getRepoCredentials(deps),
    listRepoCredentials: listRepoCredentials(deps),
    updateRepoCredentials: updateRepoCredentials(deps),
    deleteRepoCredentials: deleteRepoCredentials(deps),
    createGenericCredentials: createGenericCredentials(deps),
    getGenericCredentials: getGenericCredentials(deps),
    listGenericCredentials: listGenericCredentials(deps),
    updateGenericCredentials: updateGenericCredentials(deps),
    deleteGenericCredentials: deleteGenericCredentials(deps),
  });
}
