/**
 * A minimal OpenAPI v3 discovery: per group-version, one PATCH operation per kind that declares
 * the `fieldValidation` query parameter, and no schemas. kubectl (apply, create, replace) checks
 * exactly this (cli-runtime's queryParamVerifierV3) to decide that the server validates fields
 * itself; without it kubectl downloads /openapi/v2 for client-side validation and fails
 * ("failed to download openapi") unless run with --validate=false. /openapi/v2 stays 404.
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
    if (type.group !== gv.group || type.version !== gv.version || type.virtual) continue;
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
