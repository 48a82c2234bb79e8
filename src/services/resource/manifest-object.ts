import { Code, ConnectError } from "@connectrpc/connect";
import type { KubeObject, ResourceType } from "../../kube/index.js";
import type { ManifestDocument } from "./parse-manifest.js";
import type { ResourceTypeResolver } from "./resolve-resource-type.js";
import { isRecord } from "../../util/is-record.js";

/** What a result names: the object's group, version, kind, namespace and name, as far as known. */
export interface ObjectIdentity {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** One object of a manifest that passed the field checks: its resource is known. */
export interface ManifestObject {
  readonly label: string;
  readonly identity: ObjectIdentity;
  readonly type: ResourceType;
  /** The object to write: apiVersion/kind as given; metadata.namespace removed for cluster-scoped kinds. */
  readonly object: KubeObject;
  /** Undefined for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  /** Empty when only generateName is given (create only). */
  readonly name: string;
}

/** An object that failed its checks, with what is known of its identity. */
export interface ObjectProblem {
  readonly label: string;
  readonly identity: ObjectIdentity;
  readonly error: ConnectError;
}

/**
 * Checks the fields every object needs and finds its resource (docs/api-behaviour.md, ResourceService; Kubernetes'
 * own rules where Kargo has none). Each problem is this object's alone — INVALID_ARGUMENT naming
 * the document: apiVersion or kind missing or malformed, a kind the API does not serve, no
 * metadata.name (a generateName is enough when `allowGenerateName`, i.e. on create), a namespaced
 * kind without metadata.namespace (Kubernetes clients would default it to "default"; in Kargo a
 * namespace is a project, so guessing one would write into the wrong place).
 */
export async function identifyObject(
  document: ManifestDocument,
  resolver: ResourceTypeResolver,
  allowGenerateName: boolean,
): Promise<ManifestObject | ObjectProblem> {
  const { label, value } = document;
  const apiVersion = typeof value["apiVersion"] === "string" ? value["apiVersion"].trim() : "";
  const kind = typeof value["kind"] === "string" ? value["kind"].trim() : "";
  const metadata = isRecord(value["metadata"]) ? value["metadata"] : {};
  // Names are taken as given, never trimmed: the review, the URL and the body must name the same
  // object (the API then rejects a name with spaces on its own).
  const name = typeof metadata["name"] === "string" && metadata["name"].trim() !== "" ? metadata["name"] : "";
  const generateName = typeof metadata["generateName"] === "string" ? metadata["generateName"].trim() : "";
  const givenNamespace = typeof metadata["namespace"] === "string" && metadata["namespace"].trim() !== "" ? metadata["namespace"] : "";
  const [group, version] = splitApiVersion(apiVersion);
  const identity: ObjectIdentity = { group, version, kind, namespace: givenNamespace, name };
  const problem = (message: string): ObjectProblem => ({ label, identity, error: new ConnectError(`${label}: ${message}`, Code.InvalidArgument) });

  if (apiVersion === "") return problem("apiVersion should not be empty");
  if (version === "" || apiVersion.split("/").length > 2 || /\s/.test(apiVersion))
    return problem(`apiVersion "${apiVersion}" is not of the form "<group>/<version>" or "<version>"`);
  if (kind === "") return problem("kind should not be empty");
  if (!isRecord(value["metadata"])) return problem("metadata should not be empty");
  if (name === "" && !(allowGenerateName && generateName !== "")) {
    return problem(allowGenerateName ? "metadata.name (or metadata.generateName) should not be empty" : "metadata.name should not be empty");
  }
  let type: ResourceType | undefined;
  try {
    type = await resolver.resolve(group, version, kind);
  } catch (error) {
    // Discovery itself failed (the API is unavailable …): this object's problem, like any other.
    return {
      label,
      identity,
      error: error instanceof ConnectError ? error : new ConnectError(`${label}: API discovery failed`, Code.Unavailable, undefined, undefined, error),
    };
  }
  if (type === undefined) return problem(`unknown kind "${kind}" in apiVersion "${apiVersion}": the Kubernetes API does not serve it`);
  if (type.namespaced && givenNamespace === "") return problem(`${type.noun} "${name || generateName}" has no metadata.namespace`);

  const object = { ...value, apiVersion, kind, metadata: { ...metadata } } as KubeObject;
  if (type.namespaced) {
    object.metadata.namespace = givenNamespace;
  } else {
    // Kubernetes ignores a namespace on a cluster-scoped object; say so by dropping it.
    delete object.metadata.namespace;
  }
  return {
    label,
    identity: { ...identity, namespace: type.namespaced ? givenNamespace : "" },
    type,
    object,
    namespace: type.namespaced ? givenNamespace : undefined,
    name,
  };
}

/** True for the problems of {@link identifyObject}. */
export function isObjectProblem(value: ManifestObject | ObjectProblem): value is ObjectProblem {
  return "error" in value;
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? ["", apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
