import { evaluateSource } from "../expressions/index.js";
import { readResponseBody } from "../http/read-response-body.js";
import { httpRequestOf } from "./http-request.js";
import { checkOutputs, stepOutputs } from "./step-outputs.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** Largest response body the `http` step reads. */
export const HTTP_STEP_RESPONSE_LIMIT = 2 * 1024 * 1024;
const METHODS = new Set(["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"]);

/**
 * `http`: sends a request (`method`, `url`, `headers`, `queryParams`, `body`, `timeout` default 10s)
 * and judges the response with expressions over `response` — `status`, `headers` (name → values),
 * `header(name)`, `body` (parsed JSON when the answer is JSON, else text):
 * `failureExpression` true fails the promotion; `successExpression` false is an error the step's
 * retry policy repeats (Kargo polls); without expressions a non-2xx status fails. `outputs[]`
 * (`name`, `fromExpression`) become the step's outputs.
 */
export const http: StepRunner = async (raw, context) => {
  const config = new StepConfig("http", raw);
  const method = (config.optionalString("method") ?? "GET").toUpperCase();
  if (!METHODS.has(method)) config.fail(`config.method "${method}" must be one of ${[...METHODS].join(", ")}`);
  const { url, init } = httpRequestOf(config, context.signal);
  checkOutputs(config, false);
  const body = config.optionalString("body");
  const answer = await fetch(url, { ...init, method, ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {}) });
  const text = (await readResponseBody(answer, HTTP_STEP_RESPONSE_LIMIT)).toString("utf8");
  const headers: Record<string, string[]> = {};
  answer.headers.forEach((value, name) => (headers[name] = [...(headers[name] ?? []), value]));
  let parsed: unknown = text;
  if ((config.optionalString("responseContentType") ?? answer.headers.get("content-type") ?? "").includes("json") || /^\s*[[{]/.test(text)) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const response = { status: answer.status, headers, header: (name: unknown) => answer.headers.get(String(name)) ?? "", body: parsed };
  const env = { response };
  const judge = (field: "successExpression" | "failureExpression") => {
    const expression = config.optionalString(field);
    if (!expression) return undefined;
    let value: unknown;
    try {
      value = evaluateSource(expression, env);
    } catch (error) {
      config.fail(`config.${field}: ${(error as Error).message}`);
    }
    if (typeof value !== "boolean") config.fail(`config.${field} must give a boolean, got ${JSON.stringify(value)}`);
    return value;
  };
  const failed = judge("failureExpression");
  const succeeded = judge("successExpression");
  if (failed === true) config.fail(`the HTTP response (status ${answer.status}) met the failureExpression`);
  if (failed === undefined && succeeded === undefined && (answer.status < 200 || answer.status >= 300)) config.fail(`${method} ${url.origin}${url.pathname} answered HTTP ${answer.status}`);
  if (succeeded === false) throw new Error(`the HTTP response (status ${answer.status}) does not meet the successExpression yet`);
  return { output: stepOutputs(config, env, false) };
};
