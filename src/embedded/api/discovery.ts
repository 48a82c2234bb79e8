/**
 * Kubernetes' legacy discovery documents, derived from the resource registry. They are answered
 * as plain `application/json`; kubectl and client-go ask for aggregated discovery first
 * (`as=APIGroupDiscoveryList`) and fall back to these when the response's Content-Type is not the
 * aggregated one, so the aggregated variants are not needed.
 */
import { RESOURCE_TYPES, apiVersionOf, servedGroupVersions, type ResourceType } from "../resources/resource-types.js";
import type { IncomingHttpHeaders } from "node:http";
import { openapiV2, openapiV3GroupVersion, openapiV3Root } from "./openapi.js";

/** The Kubernetes version this control plane speaks (kubectl warns beyond one minor of skew). */
export const KUBERNETES_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0-kargo-embedded" } as const;

/** GET /version. */
export function versionInfo(): Record<string, string> {
  return {
    ...KUBERNETES_VERSION,
    gitCommit: "",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: `node${process.versions.node}`,
    compiler: "tsx",
    platform: `${process.platform}/${process.arch}`,
  };
}

/** GET /api: the core group's versions. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function apiGroup(group: string): Record<string, unknown> {
  const versions = servedGroupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: `${gv.group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

/** GET /apis: every named group. */
export function apiGroupList(): Record<string, unknown> {
  const groups = [...new Set(servedGroupVersions().map((gv) => gv.group))].filter((g) => g !== "");
  return { kind: "APIGroupList", apiVersion: "v1", groups: groups.map(apiGroup) };
}

/** GET /apis/<group>, or undefined when the group is not served. */
export function apiGroupDocument(group: string): Record<string, unknown> | undefined {
  if (group === "" || !servedGroupVersions().some((gv) => gv.group === group)) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group) };
}

function resourceEntries(type: ResourceType): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [
    {
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    },
  ];
  if (type.hasStatus) {
    entries.push({ name: `${type.resource}/status`, singularName: "", namespaced: type.namespaced, kind: type.kind, verbs: ["get", "patch", "update"] });
  }
  if (type.group === "" && type.resource === "serviceaccounts") {
    // The TokenRequest subresource lives in another group, which discovery states explicitly.
    entries.push({
      name: "serviceaccounts/token",
      singularName: "",
      namespaced: true,
      group: "authentication.k8s.io",
      version: "v1",
      kind: "TokenRequest",
      verbs: ["create"],
    });
  }
  return entries;
}

/** GET /api/v1 or /apis/<group>/<version>: an APIResourceList, or undefined when not served. */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: apiVersionOf({ group, version }),
    resources: types.flatMap(resourceEntries),
  };
}

/** A served non-resource document, encoded. */
export interface EncodedDocument {
  contentType: string;
  body: Buffer;
}

function json(document: unknown): EncodedDocument | undefined {
  return document === undefined ? undefined : { contentType: "application/json", body: Buffer.from(JSON.stringify(document)) };
}

/**
 * The discovery or OpenAPI document served at `pathname`, encoded for the request's Accept, or
 * undefined when none is. /api announces the Host the client used as the server address, which
 * is right for every client.
 */
export function discoveryDocumentAt(pathname: string, headers: IncomingHttpHeaders): EncodedDocument | undefined {
  if (pathname === "/api") return json(apiVersions(headers.host ?? ""));
  if (pathname === "/apis") return json(apiGroupList());
  if (pathname === "/openapi/v2") return openapiV2(headers.accept ?? "");
  if (pathname === "/openapi/v3") return json(openapiV3Root());
  if (pathname.startsWith("/openapi/v3/")) return json(openapiV3GroupVersion(pathname.slice("/openapi/v3/".length)));
  const parts = pathname.split("/").slice(1);
  if (parts[0] === "apis" && parts.length === 2) return json(apiGroupDocument(parts[1]!));
  if (parts[0] === "apis" && parts.length === 3) return json(apiResourceList(parts[1]!, parts[2]!));
  if (parts[0] === "api" && parts.length === 2) return json(apiResourceList("", parts[1]!));
  return undefined;
}
