import { create, fromBinary, toBinary, toJsonString, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { FreightService, QueryFreightResponseSchema } from "../../gen/kargo/api/v1/freight_service_pb.js";
import { ListStagesResponseSchema, StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import type { BenchOptions } from "../bench-options.js";
import { median, quantile, round } from "../load/stats.js";
import { ratioResult, type ScenarioResult } from "../scenario-result.js";
import { benchClient } from "../stack/bench-transport.js";
import { rawUnaryCaller } from "../stack/raw-unary-call.js";
import type { BenchStack } from "../stack/start-bench-stack.js";

/** Latencies (ms) of `count` sequential calls after three warm-up calls. */
async function latencies(call: () => Promise<unknown>, count: number): Promise<number[]> {
  for (let i = 0; i < 3; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Median time (ms) of `work`, after three warm-up runs. */
function medianMs(work: () => unknown, count: number): number {
  for (let i = 0; i < 3; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    work();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/**
 * Scenario 2: ListStages (page_size 1000, the maximum: one page of a project of 1,000 or 10,000
 * Stages) and QueryFreight (every Freight of the project, ungrouped) as admin, one call at a time.
 * Value (issue 18): median latency until the whole response body has arrived (Connect unary over
 * h2c, the bytes not decoded), in binary against toBinary of the same response message and in
 * Connect JSON against toJsonString of it, both timed in the load generator. Targets: binary
 * ListStages <= 1.0x, QueryFreight <= 1.5x, JSON <= 1.5x. Also recorded: the latency through a
 * connect-es client including its fromBinary (`clientLatencyMs`, issue 9's figure), the bare
 * connect-node server returning the same message (`rpcFloorMs`) and the client's fromBinary alone.
 */
export async function listLatency(stack: BenchStack, options: BenchOptions): Promise<ScenarioResult[]> {
  const stages = benchClient(StageService, stack.kargoUrl, stack.adminToken);
  const freight = benchClient(FreightService, stack.kargoUrl, stack.adminToken);
  const floorStages = benchClient(StageService, stack.floorUrl, stack.adminToken);
  const floorFreight = benchClient(FreightService, stack.floorUrl, stack.adminToken);
  const raw = rawUnaryCaller(stack.kargoUrl, stack.adminToken);
  const count = options.sizes.listRequests;
  const results: ScenarioResult[] = [];
  const measure = async <D extends DescMessage>(
    rpc: string,
    key: string,
    schema: D,
    call: () => Promise<MessageShape<D>>,
    floorCall: () => Promise<unknown>,
    size: number,
    items: (m: MessageShape<D>) => number,
    request: { path: string; binary: Uint8Array; json: Uint8Array },
    binaryBound: number,
  ) => {
    const sample = await call();
    const bytes = toBinary(schema, sample);
    const clientMs = await latencies(call, count);
    const binaryMs = await latencies(() => raw.call(request.path, request.binary, true), count);
    const jsonMs = await latencies(() => raw.call(request.path, request.json, false), count);
    const floorMs = medianMs(() => toBinary(schema, sample), count);
    const jsonFloorMs = medianMs(() => toJsonString(schema, sample), count);
    // What the client must do with the same bytes: part of clientLatencyMs, in neither floor.
    const decodeMs = medianMs(() => fromBinary(schema, bytes), count);
    await stack.floor.call("setMessage", { key, bytes: Buffer.from(bytes).toString("base64") });
    const rpcFloorMs = await latencies(floorCall, count);
    const value = median(binaryMs);
    const clientLatencyMs = median(clientMs);
    results.push(
      ratioResult(
        {
          scenario: 2,
          name: `${rpc} over ${size}`,
          unit: "ms",
          value: round(value),
          floor: round(floorMs),
          detail: {
            items: items(sample),
            responseBytes: bytes.length,
            p99Ms: round(quantile(binaryMs, 0.99)),
            clientLatencyMs: round(clientLatencyMs),
            clientP99Ms: round(quantile(clientMs, 0.99)),
            rpcFloorMs: round(median(rpcFloorMs)),
            ratioToRpcFloor: round(clientLatencyMs / median(rpcFloorMs)),
            clientFromBinaryMs: round(decodeMs),
            ratioToBothEnds: round(clientLatencyMs / (floorMs + decodeMs)),
          },
        },
        { atMost: binaryBound },
      ),
      ratioResult(
        {
          scenario: 2,
          name: `${rpc} over ${size}, Connect JSON`,
          unit: "ms",
          value: round(median(jsonMs)),
          floor: round(jsonFloorMs),
          detail: { p99Ms: round(quantile(jsonMs, 0.99)) },
        },
        { atMost: 1.5 },
      ),
    );
    options.log(
      `  2 ${rpc} over ${size}: bytes in ${value.toFixed(2)} ms (${items(sample)} items, ${bytes.length} B), toBinary ${floorMs.toFixed(2)} ms; JSON bytes in ${median(jsonMs).toFixed(2)} ms, toJsonString ${jsonFloorMs.toFixed(2)} ms; through a client ${clientLatencyMs.toFixed(2)} ms (its fromBinary ${decodeMs.toFixed(2)} ms); bare server ${median(rpcFloorMs).toFixed(2)} ms`,
    );
  };
  const requestOf = <D extends DescMessage>(path: string, schema: D, message: MessageShape<D>) => ({
    path,
    binary: toBinary(schema, message),
    json: new TextEncoder().encode(toJsonString(schema, message)),
  });
  for (const project of stack.listProjects) {
    await measure(
      "ListStages",
      "listStages",
      ListStagesResponseSchema,
      () => stages.listStages({ project: project.name, pageSize: 1000 }),
      () => floorStages.listStages({}),
      project.size,
      (m) => m.stages.length,
      requestOf(
        `/${StageService.typeName}/ListStages`,
        StageService.method.listStages.input,
        create(StageService.method.listStages.input, { project: project.name, pageSize: 1000 }),
      ),
      1.0,
    );
    await measure(
      "QueryFreight",
      "queryFreight",
      QueryFreightResponseSchema,
      () => freight.queryFreight({ project: project.name }),
      () => floorFreight.queryFreight({}),
      project.size,
      (m) => Object.values(m.groups).reduce((n, g) => n + g.freight.length, 0),
      requestOf(
        `/${FreightService.typeName}/QueryFreight`,
        FreightService.method.queryFreight.input,
        create(FreightService.method.queryFreight.input, { project: project.name }),
      ),
      1.5,
    );
  }
  raw.close();
  return results;
}
