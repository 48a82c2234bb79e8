import { JSONPath } from "jsonpath-plus";
import { readResponseBody } from "../../http/read-response-body.js";
import type { MetricProvider } from "./analysis-types.js";

/** Largest response body a web metric reads (a measurement is a small JSON document). */
export const WEB_RESPONSE_LIMIT = 1024 * 1024;
const DEFAULT_TIMEOUT_SECONDS = 10;
const METHODS = new Set(["GET", "POST", "PUT"]);

/** What one measurement found: the value conditions see as `result`, and its text for `value`. */
export interface MeasuredValue {
  result: unknown;
  value: string;
}

/**
 * Takes one measurement of a `web` metric, as Argo Rollouts' web provider does: an HTTP request
 * (GET by default, POST or PUT with `body`/`jsonBody`; a body on GET is an error) with `headers`,
 * within `timeoutSeconds` (default 10); a non-2xx status is an error; the body must be JSON, and
 * `jsonPath` (Kubernetes style, `{$.data.ok}`) picks the result (the whole document without it).
 */
export async function measureWeb(web: NonNullable<MetricProvider["web"]>, signal: AbortSignal): Promise<MeasuredValue> {
  if (!web.url) throw new Error("web provider: url is required");
  const method = (web.method ?? "GET").toUpperCase();
  if (!METHODS.has(method)) throw new Error(`web provider: method ${JSON.stringify(web.method)} is not one of GET, POST, PUT`);
  const body = web.jsonBody !== undefined ? JSON.stringify(web.jsonBody) : web.body;
  if (method === "GET" && body) throw new Error("web provider: a GET request cannot have a body");
  const headers = new Headers();
  for (const header of web.headers ?? []) if (header.key) headers.append(header.key, header.value ?? "");
  if (web.jsonBody !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const timeoutMs = (web.timeoutSeconds && web.timeoutSeconds > 0 ? web.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000;
  const response = await fetch(web.url, {
    method,
    headers,
    ...(body ? { body } : {}),
    redirect: "error",
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  const text = (await readResponseBody(response, WEB_RESPONSE_LIMIT)).toString("utf8");
  if (response.status < 200 || response.status >= 300) throw new Error(`received non 2xx response code: ${response.status}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error(`could not parse the response as JSON: ${text.slice(0, 200)}`);
  }
  const result = web.jsonPath ? selectJsonPath(document, web.jsonPath) : document;
  return { result, value: typeof result === "string" ? result : JSON.stringify(result) };
}

/** The value at a Kubernetes-style JSONPath (`{$.a.b}` or `$.a.b`): one match itself, several as a list. */
function selectJsonPath(document: unknown, path: string): unknown {
  const expression = path.trim().replace(/^\{(.*)\}$/s, "$1");
  const matches = JSONPath({ path: expression, json: document as object, wrap: true }) as unknown[];
  if (matches.length === 0) throw new Error(`jsonPath ${JSON.stringify(path)} matched nothing in the response`);
  return matches.length === 1 ? matches[0] : matches;
}
