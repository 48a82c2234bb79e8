import type { IncomingHttpHeaders } from "node:http";
import { badRequest } from "../api-error.js";

/** What a client asked of a Table response. */
export interface TableRequest {
  /** meta.k8s.io version of the Table kind to answer with. */
  apiVersion: "meta.k8s.io/v1" | "meta.k8s.io/v1beta1";
  /** How much of each object rides along in its row (`?includeObject=`; default Metadata). */
  includeObject: "None" | "Metadata" | "Object";
}

/**
 * Whether the request asks for server-side printing: an Accept media range
 * `application/json;as=Table;g=meta.k8s.io;v=v1` (or v1beta1), as kubectl get sends first.
 * Undefined when the client wants objects.
 */
export function tableRequestOf(headers: IncomingHttpHeaders, query: URLSearchParams): TableRequest | undefined {
  for (const range of (headers.accept ?? "").split(",")) {
    const [mediaType, ...parameterTexts] = range.split(";").map((p) => p.trim());
    if (mediaType !== "application/json") continue;
    const parameters = new Map(parameterTexts.map((p) => p.split("=").map((x) => x.trim()) as [string, string]));
    if (parameters.get("as") !== "Table" || parameters.get("g") !== "meta.k8s.io") continue;
    const version = parameters.get("v");
    if (version !== "v1" && version !== "v1beta1") continue;
    const includeObject = query.get("includeObject") ?? "Metadata";
    if (includeObject !== "None" && includeObject !== "Metadata" && includeObject !== "Object") {
      throw badRequest(`includeObject must be None, Metadata or Object, not ${JSON.stringify(includeObject)}`);
    }
    return { apiVersion: `meta.k8s.io/${version}`, includeObject };
  }
  return undefined;
}
