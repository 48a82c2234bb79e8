import { readResponseBody } from "../../http/read-response-body.js";
import type { MetricProvider } from "./analysis-types.js";
import type { MeasuredValue } from "./web-provider.js";

/** Largest query response a prometheus metric reads. */
export const PROMETHEUS_RESPONSE_LIMIT = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT_SECONDS = 30;

interface QueryResponse {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/**
 * Takes one measurement of a `prometheus` metric through Prometheus' HTTP API
 * (`GET <address>/api/v1/query?query=…`), as Argo Rollouts' provider does: a vector result is the
 * list of its sample values (`result[0]` in conditions; `value` "[0.95]"), a scalar or a string
 * its value; a matrix or an error answer is an error.
 */
export async function measurePrometheus(prometheus: NonNullable<MetricProvider["prometheus"]>, signal: AbortSignal): Promise<MeasuredValue> {
  if (!prometheus.address) throw new Error("prometheus provider: address is required");
  if (!prometheus.query) throw new Error("prometheus provider: query is required");
  const url = new URL(`${prometheus.address.replace(/\/+$/, "")}/api/v1/query`);
  url.searchParams.set("query", prometheus.query);
  const timeoutMs = (prometheus.timeout && prometheus.timeout > 0 ? prometheus.timeout : DEFAULT_TIMEOUT_SECONDS) * 1000;
  const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), redirect: "error" });
  const text = (await readResponseBody(response, PROMETHEUS_RESPONSE_LIMIT)).toString("utf8");
  let answer: QueryResponse;
  try {
    answer = JSON.parse(text) as QueryResponse;
  } catch {
    throw new Error(`prometheus answered ${response.status} with a body that is not JSON`);
  }
  if (answer.status !== "success") throw new Error(`prometheus query failed: ${answer.error ?? `status ${response.status}`}`);
  const { resultType, result } = answer.data ?? {};
  switch (resultType) {
    case "vector": {
      const values = ((result ?? []) as { value?: [number, string] }[]).map((sample) => Number(sample.value?.[1]));
      return { result: values, value: `[${values.join(",")}]` };
    }
    case "scalar": {
      const value = Number((result as [number, string])[1]);
      return { result: value, value: String(value) };
    }
    case "string": {
      const value = String((result as [number, string])[1]);
      return { result: value, value };
    }
    default:
      throw new Error(`prometheus result type ${JSON.stringify(resultType)} is not supported (use a query giving a vector or a scalar)`);
  }
}
