import { parse as parseYaml } from "yaml";
import { parseGoDuration } from "../../domain/parse-go-duration.js";
import { evaluateSource, parseExpression, type ExpressionEnvironment } from "../../domain/expressions/index.js";
import { httpRequestOf } from "./http-request.js";
import { sendHttpRequest } from "./send-http-request.js";
import { checkOutputs, stepOutputs } from "./step-outputs.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** Largest response body the `http` step reads. */
export const HTTP_STEP_RESPONSE_LIMIT = 2 * 1024 * 1024;
/** Kargo's `pollInterval` default and the lower bound it enforces. */
export const HTTP_POLL_INTERVAL_MS = 30_000;
export const HTTP_MIN_POLL_INTERVAL_MS = 10_000;
const METHODS = new Set(["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"]);
const YAML_TYPES = new Set(["application/yaml", "text/yaml", "application/x-yaml"]);

/**
 * `http`, as Kargo documents it: sends a request (`method`, `url`, `headers`, `queryParams`,
 * `body`, `timeout` per request, default 10s; through `proxy` when set; `insecureSkipTLSVerify`)
 * and judges the response with expressions over `response` — `status`, `headers` (name →
 * values), `header(name)`, `body` (parsed by `responseContentType` or the answer's Content-Type:
 * JSON, YAML, text/plain as text; anything else JSON when it parses, else an empty map; empty → {}):
 * - `failureExpression` true → Failed at once (terminal), the message `HTTP (<status>) response
 *   met failure criteria`, with `: "<text>"` when `errorExpression` gives a non-empty string (an
 *   errorExpression that does not compile errors the step; one that fails to evaluate is ignored);
 * - `successExpression` true → Succeeded with `outputs[]`;
 * - neither expression set → 2xx succeeds, anything else is an error the step's `retry` repeats;
 * - otherwise Running: the engine repeats the request after `pollInterval` (default 30s, at
 *   least 10s, as Kargo) until one of the above or the step's `retry.timeout`.
 */
export const http: StepRunner = async (raw, context) => {
  const config = new StepConfig("http", raw);
  const method = (config.optionalString("method") ?? "GET").toUpperCase();
  if (!METHODS.has(method)) config.fail(`config.method "${method}" must be one of ${[...METHODS].join(", ")}`);
  const { url, init } = httpRequestOf(config, context.signal);
  checkOutputs(config, false);
  const proxy = proxyOf(config);
  const pollIntervalMs = pollIntervalOf(config);
  const successExpression = config.optionalString("successExpression") || undefined;
  const failureExpression = config.optionalString("failureExpression") || undefined;
  const errorExpression = config.optionalString("errorExpression") || undefined;
  // Compiled before the request: a malformed expression is the config's fault, not the response's.
  const compile = (field: string, source: string | undefined) => {
    if (source === undefined) return undefined;
    try {
      return parseExpression(source);
    } catch (error) {
      config.fail(`config.${field}: ${(error as Error).message}`);
    }
  };
  const success = compile("successExpression", successExpression);
  const failure = compile("failureExpression", failureExpression);
  let errorNode: ReturnType<typeof parseExpression> | undefined;
  try {
    errorNode = errorExpression === undefined ? undefined : parseExpression(errorExpression);
  } catch (error) {
    // Kargo: an errorExpression that fails to compile errors the step (not a terminal failure).
    throw new Error(`step "http": config.errorExpression: ${(error as Error).message}`);
  }
  const body = config.optionalString("body");
  const answer = await sendHttpRequest(url, {
    method,
    headers: init.headers as Headers,
    body: body !== undefined && method !== "GET" && method !== "HEAD" ? body : undefined,
    signal: init.signal!,
    proxy,
    insecureSkipTLSVerify: config.boolean("insecureSkipTLSVerify"),
    maxBytes: HTTP_STEP_RESPONSE_LIMIT,
  });
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value : [value];
  const header = (name: unknown) => headers[String(name).toLowerCase()]?.[0] ?? "";
  const response = {
    status: answer.status,
    headers,
    header,
    body: parseBody(answer.body, config.optionalString("responseContentType") ?? header("content-type")),
  };
  const env: ExpressionEnvironment = { response };
  const judge = (field: string, node: ReturnType<typeof parseExpression> | undefined, source: string | undefined) => {
    if (node === undefined) return undefined;
    let value: unknown;
    try {
      value = evaluateSource(source!, env);
    } catch (error) {
      throw new Error(`step "http": config.${field}: ${(error as Error).message}`);
    }
    if (typeof value !== "boolean") throw new Error(`step "http": config.${field} must give a boolean, got ${JSON.stringify(value)}`);
    return value;
  };
  const failed = judge("failureExpression", failure, failureExpression);
  const succeeded = judge("successExpression", success, successExpression);
  if (failed === true) {
    let detail = "";
    if (errorNode) {
      try {
        const text = evaluateSource(errorExpression!, env);
        if (typeof text === "string" && text !== "") detail = `: ${JSON.stringify(text)}`;
      } catch {
        // Kargo: a response not shaped as the errorExpression expects gives the default message.
      }
    }
    config.fail(`HTTP (${answer.status}) response met failure criteria${detail}`);
  }
  if (failed === undefined && succeeded === undefined) {
    if (answer.status < 200 || answer.status >= 300) throw new Error(`step "http": ${method} ${url.origin}${url.pathname} answered HTTP ${answer.status}`);
  } else if (succeeded !== true) {
    return {
      running: { message: `HTTP (${answer.status}) response does not meet the success criteria yet; repeating in ${pollIntervalMs / 1000}s`, pollIntervalMs },
    };
  }
  return { output: stepOutputs(config, env, false) };
};

/** `proxy`: a URL with an http or https scheme (Kargo requires the scheme). */
function proxyOf(config: StepConfig): URL | undefined {
  const text = config.optionalString("proxy");
  if (text === undefined || text === "") return undefined;
  let proxy: URL | undefined;
  try {
    proxy = new URL(text);
  } catch {
    proxy = undefined;
  }
  if (!proxy || (proxy.protocol !== "http:" && proxy.protocol !== "https:"))
    config.fail(`config.proxy "${text}" must be a URL with an http:// or https:// scheme`);
  return proxy;
}

/** `pollInterval` (Go duration, default 30s), raised to Kargo's lower bound of 10s. */
function pollIntervalOf(config: StepConfig): number {
  const text = config.optionalString("pollInterval");
  if (text === undefined || text === "") return HTTP_POLL_INTERVAL_MS;
  const ms = parseGoDuration(text);
  if (ms === undefined || ms <= 0) config.fail(`config.pollInterval "${text}" is not a duration such as "30s"`);
  return Math.max(ms, HTTP_MIN_POLL_INTERVAL_MS);
}

/** The response body as Kargo's http step parses it for expressions. */
function parseBody(bytes: Buffer, contentType: string): unknown {
  if (bytes.length === 0) return {};
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const text = bytes.toString("utf8");
  try {
    if (type === "application/json") return JSON.parse(text);
    if (YAML_TYPES.has(type)) return parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new Error(`step "http": the ${type} response does not parse: ${(error as Error).message}`);
  }
  if (type === "text/plain") return text;
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
