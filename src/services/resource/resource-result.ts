import { create, type JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ResourceErrorSchema, ResourceResultSchema, type ResourceResult } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { toConnectError, type KubeObject } from "../../kube/index.js";
import { codeName } from "../../server/code-name.js";
import { redactSecretOfAnyKind } from "../credentials/redact-secret-of-any-kind.js";
import type { ObjectIdentity } from "./manifest-object.js";

/** What happened to one object that succeeded. */
export type Outcome = "createdResource" | "updatedResource" | "deletedResource";

/**
 * The result of an object that succeeded; the name is the written object's (generateName resolved).
 * Every result of every ResourceService RPC is made here, so this is where a Secret — as stored, or
 * as the manifest gave it for a delete — is redacted as CredentialsService redacts it: a Secret's
 * values never leave this API.
 */
export function successResult(identity: ObjectIdentity, outcome: Outcome, object: KubeObject | Record<string, unknown>): ResourceResult {
  const metadata = (object as KubeObject).metadata ?? {};
  const shown = isSecret(identity, object) ? redactSecretOfAnyKind(object as KubeObject) : object;
  return create(ResourceResultSchema, {
    ...identity,
    name: typeof metadata.name === "string" && metadata.name !== "" ? metadata.name : identity.name,
    result: { case: outcome, value: shown as JsonObject },
  });
}

// By the manifest's identity or by the object's own apiVersion/kind: either is enough (fail closed).
function isSecret(identity: ObjectIdentity, object: Record<string, unknown>): boolean {
  return (identity.group === "" && identity.kind === "Secret") || (object["apiVersion"] === "v1" && object["kind"] === "Secret");
}

/**
 * The result of an object that failed: its Connect code name ("already_exists") and a message that
 * names it. Anything that is not already a ConnectError is mapped like every Kubernetes failure
 * (a bug on our side stays a generic INTERNAL; its cause is not sent).
 */
export function errorResult(identity: ObjectIdentity, error: unknown): ResourceResult {
  const connectError = error instanceof ConnectError ? error : toConnectError(error);
  return create(ResourceResultSchema, {
    ...identity,
    result: { case: "error", value: create(ResourceErrorSchema, { code: codeName(connectError.code ?? Code.Unknown), message: connectError.rawMessage }) },
  });
}
