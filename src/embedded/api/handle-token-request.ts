import { API_AUDIENCE } from "../auth/token-authority.js";
import { requireResourceType } from "../resources/resource-types.js";
import { ApiError, badRequest, invalid, notFound } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { rfc3339Now } from "../store/rfc3339-now.js";
import { rfc3339 } from "../../util/rfc3339.js";

const secrets = requireResourceType("", "secrets");
// Kubernetes' bounds for TokenRequest.spec.expirationSeconds (10 minutes … 2^32 seconds).
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const DEFAULT_EXPIRATION_SECONDS = 3600;

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

function invalidField(field: string, message: string): ApiError {
  return invalid({ group: "authentication.k8s.io", kind: "TokenRequest" }, "", [{ reason: "FieldValueInvalid", message, field }]);
}

/**
 * POST serviceaccounts/<name>/token (TokenRequest): issues a JWT for the ServiceAccount with the
 * requested audiences (default: this API server) and lifetime (default 1 h). A boundObjectRef to
 * a Secret ties the token to that Secret's uid, so deleting the Secret revokes it; deleting the
 * ServiceAccount revokes every token of it.
 */
export async function handleTokenRequest(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path } = request;
  const namespace = path.namespace!;
  const name = path.name!;
  const body = await request.object();
  if (body["kind"] !== undefined && body["kind"] !== "TokenRequest") {
    throw badRequest(`the kind in the data (${String(body["kind"])}) does not match the expected kind (TokenRequest)`);
  }
  const spec = (body["spec"] ?? {}) as TokenRequestSpec;
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < MIN_EXPIRATION_SECONDS || expirationSeconds > MAX_EXPIRATION_SECONDS) {
    throw invalidField(
      "spec.expirationSeconds",
      `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes or longer than 2^32 seconds`,
    );
  }
  const account = deps.store.get(type, namespace, name);
  if (!account) throw notFound(type, name);
  let boundSecret: { name: string; uid: string } | undefined;
  if (spec.boundObjectRef) {
    const ref = spec.boundObjectRef;
    if (ref.kind !== "Secret") throw invalidField("spec.boundObjectRef.kind", `Unsupported value: ${JSON.stringify(ref.kind)}: supported values: "Secret"`);
    const secret = deps.store.get(secrets, namespace, ref.name ?? "");
    if (!secret) throw notFound(secrets, ref.name ?? "");
    if (ref.uid && ref.uid !== secret.metadata.uid)
      throw new ApiError(409, "Conflict", `the UID in the bound object reference (${ref.uid}) does not match the UID in record (${secret.metadata.uid})`);
    boundSecret = { name: secret.metadata.name!, uid: secret.metadata.uid! };
  }
  const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [API_AUDIENCE];
  const expiresAt = Math.floor(Date.now() / 1000) + expirationSeconds;
  const token = await deps.tokens.issue({
    namespace,
    serviceAccount: { name, uid: account.metadata.uid! },
    ...(boundSecret ? { secret: boundSecret } : {}),
    audiences,
    expiresAt,
  });
  return {
    code: 201,
    body: {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      metadata: { name, namespace, creationTimestamp: rfc3339Now() },
      spec: { audiences, expirationSeconds, ...(spec.boundObjectRef ? { boundObjectRef: spec.boundObjectRef } : {}) },
      status: { token, expirationTimestamp: rfc3339(new Date(expiresAt * 1000)) },
    },
  };
}
