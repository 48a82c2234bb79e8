import { fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { FreightService, QueryFreightResponseSchema } from "../../gen/kargo/api/v1/freight_service_pb.js";
import { ListStagesResponseSchema, StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import type { BenchOptions } from "../bench-options.js";
import { median, quantile, round } from "../load/stats.js";
import { ratioResult, type ScenarioResult } from "../scenario-result.js";
import { benchClient } from "../stack/bench-transport.js";
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
 * Stages) and QueryFreight (every Freight of the project, ungrouped) as admin, one call at a time;
 * value: median latency seen by the client. Floor (issue 9): toBinary of the same response message,
 * timed in the load generator. Also recorded: the bare connect-node server returning the same
 * message (`rpcFloorMs`: the transport's own share) and the client's fromBinary of the response
 * (`clientFromBinaryMs`, part of every call's latency). Target <= 2x floor.
 */
export async function listLatency(stack: BenchStack, options: BenchOptions): Promise<ScenarioResult[]> {
  const stages = benchClient(StageService, stack.kargoUrl, stack.adminToken);
  const freight = benchClient(FreightService, stack.kargoUrl, stack.adminToken);
  const floorStages = benchClient(StageService, stack.floorUrl, stack.adminToken);
  const floorFreight = benchClient(FreightService, stack.floorUrl, stack.adminToken);
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
  ) => {
    const sample = await call();
    const bytes = toBinary(schema, sample);
    const kargoMs = await latencies(call, count);
    const floorMs = medianMs(() => toBinary(schema, sample), count);
    // What the client must do with the same bytes: part of every call's latency, in neither floor.
    const decodeMs = medianMs(() => fromBinary(schema, bytes), count);
    await stack.floor.call("setMessage", { key, bytes: Buffer.from(bytes).toString("base64") });
    const rpcFloorMs = await latencies(floorCall, count);
    const value = median(kargoMs);
    results.push(
      ratioResult(
        {
          scenario: 2,
          name: `${rpc} over ${size}`,
          unit: "ms",
          value: round(value),
          floor: round(floorMs),
          detail: {
            items: items(sample), responseBytes: bytes.length, p99Ms: round(quantile(kargoMs, 0.99)),
            rpcFloorMs: round(median(rpcFloorMs)), ratioToRpcFloor: round(value / median(rpcFloorMs)),
            clientFromBinaryMs: round(decodeMs), ratioToBothEnds: round(value / (floorMs + decodeMs)),
          },
        },
        { atMost: 2 },
      ),
    );
    options.log(
      `  2 ${rpc} over ${size}: ${value.toFixed(2)} ms (${items(sample)} items, ${bytes.length} B); toBinary ${floorMs.toFixed(2)} ms, client fromBinary ${decodeMs.toFixed(2)} ms; bare server ${median(rpcFloorMs).toFixed(2)} ms`,
    );
  };
  for (const project of stack.listProjects) {
    await measure(
      "ListStages",
      "listStages",
      ListStagesResponseSchema,
      () => stages.listStages({ project: project.name, pageSize: 1000 }),
      () => floorStages.listStages({}),
      project.size,
      (m) => m.stages.length,
    );
    await measure(
      "QueryFreight",
      "queryFreight",
      QueryFreightResponseSchema,
      () => freight.queryFreight({ project: project.name }),
      () => floorFreight.queryFreight({}),
      project.size,
      (m) => Object.values(m.groups).reduce((n, g) => n + g.freight.length, 0),
    );
  }
  return results;
}
