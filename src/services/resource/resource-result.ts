import { create, type JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ResourceErrorSchema, ResourceResultSchema, type ResourceResult } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { toConnectError, type KubeObject } from "../../kube/index.js";
import { codeName } from "../../server/code-name.js";
import type { ObjectIdentity } from "./manifest-object.js";

/** What happened to one object that succeeded. */
export type Outcome = "createdResource" | "updatedResource" | "deletedResource";

/** The result of an object that succeeded; the name is the written object's (generateName resolved). */
export function successResult(identity: ObjectIdentity, outcome: Outcome, object: KubeObject | Record<string, unknown>): ResourceResult {
  const metadata = (object as KubeObject).metadata ?? {};
  return create(ResourceResultSchema, {
    ...identity,
    name: typeof metadata.name === "string" && metadata.name !== "" ? metadata.name : identity.name,
    result: { case: outcome, value: object as JsonObject },
  });
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
