import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import type { GetAnalysisRunLogsRequest, GetAnalysisRunLogsResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { GetAnalysisRunLogsResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES, type KubeObject } from "../../kube/index.js";
import { requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { parseBearerToken } from "../../auth/parse-bearer-token.js";
import { requireRollouts } from "./require-rollouts.js";

/** Size of the text chunks streamed (Kargo streams 4 KiB chunks). */
export const LOG_CHUNK_BYTES = 4096;
/** Most log bytes relayed from the log URL in Kubernetes mode. */
export const MAX_LOG_BYTES = 16 * 1024 * 1024;
const LOG_FETCH_TIMEOUT_MS = 60_000;

interface RunShape {
  spec?: { metrics?: { name: string; provider?: { job?: { spec?: { template?: { spec?: { containers?: { name?: string }[] } } } } } }[] };
  status?: {
    phase?: string;
    message?: string;
    metricResults?: {
      name: string;
      phase?: string;
      measurements?: { phase?: string; startedAt?: string; finishedAt?: string; value?: string; message?: string; metadata?: Record<string, string> }[];
    }[];
  };
}

/**
 * StageService.GetAnalysisRunLogs. Embedded mode: the run's measurement log — one line per
 * measurement kept (`<finishedAt> <metric> <phase> value=<value> [message=…]`) and a last line with
 * the run's phase and message — in 4 KiB chunks; `metric_name` keeps one metric (NOT_FOUND when
 * the run has no such metric). Kubernetes mode, as Kargo: UNIMPLEMENTED unless
 * ANALYSIS_RUN_LOG_URL_TEMPLATE is set; otherwise the job metric (by name, or the first) and its
 * container (by name, or the first) of the newest measurement's Job fill the template's
 * `${{ project }}`, `${{ namespace }}`, `${{ stage }}`, `${{ analysisRun }}`, `${{ jobNamespace }}`,
 * `${{ metricName }}`, `${{ jobName }}` and `${{ container }}`, and the body of a GET of that URL is
 * streamed, sent with ANALYSIS_RUN_LOG_HTTP_HEADERS (the same names plus `${{ token }}`).
 */
export function getAnalysisRunLogs(deps: Pick<ServiceDeps, "caches" | "kube" | "discovery" | "config">) {
  return async function* getAnalysisRunLogs(req: GetAnalysisRunLogsRequest, context: HandlerContext): AsyncGenerator<GetAnalysisRunLogsResponse> {
    const namespace = await requireProject(deps, req.namespace, "namespace");
    const name = requireField(req.name, "name");
    await requireRollouts(deps);
    const run = await deps.kube.get(RESOURCES.analysisruns, { namespace, name }, { signal: context.signal });
    if (deps.config.kubernetes.mode === "embedded") {
      yield* chunks(measurementLog(run as unknown as RunShape, req.metricName, name));
      return;
    }
    const template = deps.config.kargo.analysisRunLogUrlTemplate;
    if (!template) throw new ConnectError("AnalysisRun logs are not available: ANALYSIS_RUN_LOG_URL_TEMPLATE is not configured", Code.Unimplemented);
    const vars = logTemplateVars(run, req);
    const url = renderTemplate(template, vars, encodeURIComponent);
    // As Kargo: ANALYSIS_RUN_LOG_TOKEN, else the caller's own bearer token, is `${{ token }}` in the
    // header templates — sent only where a header names it, to the configured log URL only.
    const token = deps.config.kargo.analysisRunLogToken || parseBearerToken(context.requestHeader.get("authorization")) || "";
    const headers = new Headers();
    for (const [header, value] of Object.entries(deps.config.kargo.analysisRunLogHttpHeaders))
      headers.set(
        header,
        renderTemplate(value, { ...vars, token }, (text) => text, header),
      );
    const response = await fetch(url, { headers, signal: AbortSignal.any([context.signal, AbortSignal.timeout(LOG_FETCH_TIMEOUT_MS)]) });
    if (!response.ok || !response.body) throw new ConnectError(`fetching the AnalysisRun's log answered HTTP ${response.status}`, Code.Unavailable);
    const decoder = new TextDecoder();
    let total = 0;
    for await (const part of response.body as AsyncIterable<Uint8Array>) {
      total += part.byteLength;
      if (total > MAX_LOG_BYTES) throw new ConnectError(`the AnalysisRun's log is larger than ${MAX_LOG_BYTES} bytes`, Code.ResourceExhausted);
      const text = decoder.decode(part, { stream: true });
      if (text) yield* chunks(text);
    }
    const rest = decoder.decode();
    if (rest) yield* chunks(rest);
  };
}

/** The text of an embedded run's measurements. */
function measurementLog(run: RunShape, metricName: string, name: string): string {
  const results = (run.status?.metricResults ?? []).filter((result) => !metricName || result.name === metricName);
  if (metricName && results.length === 0 && !(run.spec?.metrics ?? []).some((m) => m.name === metricName)) {
    throw new ConnectError(`analysis run "${name}" has no metric "${metricName}"`, Code.NotFound);
  }
  const lines: string[] = [];
  for (const result of results) {
    for (const m of result.measurements ?? []) {
      const when = m.finishedAt ?? m.startedAt ?? "";
      lines.push(
        `${when} ${result.name} ${m.phase ?? ""}${m.value !== undefined ? ` value=${m.value}` : ""}${m.message ? ` message=${JSON.stringify(m.message)}` : ""}`,
      );
    }
  }
  lines.push(`run ${run.status?.phase || "Pending"}${run.status?.message ? `: ${run.status.message}` : ""}`);
  return `${lines.join("\n")}\n`;
}

/** Splits text into response messages of at most LOG_CHUNK_BYTES (on character boundaries). */
function* chunks(text: string): Generator<GetAnalysisRunLogsResponse> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + LOG_CHUNK_BYTES);
    while (end > start + 1 && Buffer.byteLength(text.slice(start, end)) > LOG_CHUNK_BYTES) end--;
    yield create(GetAnalysisRunLogsResponseSchema, { chunk: text.slice(start, end) });
    start = end;
  }
}

/** The values the log URL and header templates may name, for a job metric of a run in Kubernetes mode. */
function logTemplateVars(run: KubeObject, req: GetAnalysisRunLogsRequest): Record<string, string> {
  const shape = run as unknown as RunShape;
  const jobMetrics = (shape.spec?.metrics ?? []).filter((metric) => metric.provider?.job);
  const metric = req.metricName ? jobMetrics.find((m) => m.name === req.metricName) : jobMetrics[0];
  if (!metric) throw new ConnectError(req.metricName ? `analysis run has no job metric "${req.metricName}"` : "analysis run has no job metric", Code.NotFound);
  const measurement = shape.status?.metricResults?.find((r) => r.name === metric.name)?.measurements?.at(-1);
  const jobName = measurement?.metadata?.["job-name"];
  if (!jobName) throw new ConnectError(`metric "${metric.name}" has not run a Job yet`, Code.FailedPrecondition);
  const containers = metric.provider?.job?.spec?.template?.spec?.containers ?? [];
  const container = req.containerName ? containers.find((c) => c.name === req.containerName)?.name : containers[0]?.name;
  if (!container) throw new ConnectError(`metric "${metric.name}" has no container${req.containerName ? ` "${req.containerName}"` : ""}`, Code.NotFound);
  return {
    project: run.metadata.namespace ?? "",
    namespace: run.metadata.namespace ?? "",
    stage: run.metadata.labels?.["kargo.akuity.io/stage"] ?? "",
    analysisRun: run.metadata.name ?? "",
    metricName: metric.name,
    jobNamespace: measurement?.metadata?.["job-namespace"] ?? run.metadata.namespace ?? "",
    jobName,
    container,
  };
}

/**
 * `${{ name }}` in a template replaced by the value of that name (through `encode`). In the URL an
 * unknown name is left as written; in a header value (`header` given) it is an error naming the
 * header, never its value (which may hold a credential).
 */
function renderTemplate(template: string, vars: Record<string, string>, encode: (text: string) => string, header?: string): string {
  return template.replace(/\$\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, key: string) => {
    if (key in vars) return encode(vars[key]!);
    if (header !== undefined)
      throw new ConnectError(`ANALYSIS_RUN_LOG_HTTP_HEADERS: header "${header}" names an unknown value "${key}"`, Code.FailedPrecondition);
    return whole;
  });
}
