/**
 * A minimal OpenAPI v3 discovery: per group-version, one PATCH operation per kind that declares
 * the `fieldValidation` query parameter, and no schemas. kubectl (apply, create, replace) checks
 * exactly this (cli-runtime's queryParamVerifierV3) to decide that the server validates fields
 * itself; without it kubectl downloads /openapi/v2 for client-side validation and fails
 * ("failed to download openapi") unless run with --validate=false. Older kubectl (before 1.26,
 * e.g. Debian's 1.20) always validates against /openapi/v2, so that serves an empty OpenAPI v2
 * document: kubectl skips validation for kinds the document does not define.
 */
import { RESOURCE_TYPES, apiVersionOf, servedGroupVersions } from "../resources/resource-types.js";

function groupVersionPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

// The documents never change while the process runs, so one hash identifies them for client caches.
const HASH = "kargo-embedded-1";

/** GET /openapi/v3: where each group-version's document is. */
export function openapiV3Root(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of servedGroupVersions()) {
    const path = groupVersionPath(group, version);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${HASH}` };
  }
  return { paths };
}

/** GET /openapi/v3/api/v1 or /openapi/v3/apis/<group>/<version>; undefined when not served. */
export function openapiV3GroupVersion(pathAfterV3: string): Record<string, unknown> | undefined {
  const gv = servedGroupVersions().find(({ group, version }) => groupVersionPath(group, version) === pathAfterV3);
  if (!gv) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of RESOURCE_TYPES) {
    if (type.group !== gv.group || type.version !== gv.version || type.review) continue;
    const scope = type.namespaced ? "namespaces/{namespace}/" : "";
    paths[`/${groupVersionPath(gv.group, gv.version)}/${scope}${type.resource}/{name}`] = {
      patch: {
        operationId: `patch${type.kind}`,
        "x-kubernetes-group-version-kind": { group: type.group, version: type.version, kind: type.kind },
        parameters: [{ name: "fieldValidation", in: "query", schema: { type: "string", uniqueItems: true } }],
        responses: { "200": { description: "OK" } },
      },
    };
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kargo embedded control plane", version: apiVersionOf(gv) },
    paths,
  };
}

const OPENAPI_V2_TITLE = "Kargo embedded control plane";
const OPENAPI_V2_VERSION = "v1.32.0";

function protobufString(field: number, value: string): Buffer {
  const bytes = Buffer.from(value);
  return Buffer.concat([Buffer.from([(field << 3) | 2, bytes.length]), bytes]);
}

/**
 * GET /openapi/v2: a Document with only `swagger` and `info` — as protobuf (fields 1 and 2 of
 * gnostic's openapi_v2.Document; Info's title and version are its fields 1 and 2) when the client
 * accepts it, else as JSON.
 */
export function openapiV2(accept: string): { contentType: string; body: Buffer } {
  // client-go asks for protobuf only; anything else gets the same document as JSON.
  if (accept.includes("protobuf")) {
    const info = Buffer.concat([protobufString(1, OPENAPI_V2_TITLE), protobufString(2, OPENAPI_V2_VERSION)]);
    const body = Buffer.concat([protobufString(1, "2.0"), Buffer.from([(2 << 3) | 2, info.length]), info]);
    // Kubernetes labels it octet-stream: the requested type has an '@' that Go's mime parser rejects.
    return { contentType: "application/octet-stream", body };
  }
  const json = { swagger: "2.0", info: { title: OPENAPI_V2_TITLE, version: OPENAPI_V2_VERSION }, paths: {} };
  return { contentType: "application/json", body: Buffer.from(JSON.stringify(json)) };
}
