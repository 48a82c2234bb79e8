import { StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import type { BenchOptions } from "../bench-options.js";
import { stageName } from "../fixtures/kargo-objects.js";
import { round } from "../load/stats.js";
import { ratioResult, type ScenarioResult } from "../scenario-result.js";
import { benchClient } from "../stack/bench-transport.js";
import { READ_PROJECT, type BenchStack } from "../stack/start-bench-stack.js";
import { bestOfRounds } from "./best-of-rounds.js";

/**
 * Scenario 4, defined: value = GetStage req/s with an OIDC ID token (RS256, verified against the
 * provider's JWKS; the user mapped by its email claim to a ServiceAccount whose Role allows `get`
 * on Stages, authorized by SubjectAccessReview with the server's default 5 s decision cache);
 * floor = GetStage req/s with the admin token (HS256, no access review) on the same server, in
 * alternating rounds of the same run, at the highest concurrency of scenario 1. Target >= 0.9x.
 * GetPublicConfig (exempt from authentication) is measured alongside for context.
 */
export async function authenticatedThroughput(stack: BenchStack, options: BenchOptions): Promise<ScenarioResult[]> {
  if (stack.oidcToken === undefined) throw new Error("scenario 4 needs the OIDC provider (the stack starts it when 4 is selected)");
  const request = { project: READ_PROJECT, name: stageName(0) };
  const admin = benchClient(StageService, stack.kargoUrl, stack.adminToken);
  const oidc = benchClient(StageService, stack.kargoUrl, stack.oidcToken);
  const anonymous = benchClient(SystemService, stack.kargoUrl);
  const concurrency = Math.max(...options.sizes.unaryConcurrency);
  const cpu = () => stack.kargo.call<number>("cpu");
  const best = await bestOfRounds(
    {
      admin: { call: () => admin.getStage(request), serverCpuUs: cpu },
      oidc: { call: () => oidc.getStage(request), serverCpuUs: cpu },
      exempt: { call: () => anonymous.getPublicConfig({}), serverCpuUs: cpu },
    },
    { concurrency, durationMs: options.sizes.unaryDurationMs, warmupMs: options.sizes.unaryWarmupMs, rounds: options.sizes.unaryRounds },
  );
  const o = best["oidc"]!;
  const a = best["admin"]!;
  const e = best["exempt"]!;
  options.log(
    `  4 c=${concurrency}: OIDC GetStage ${o.rps.toFixed(0)} req/s (${o.cpuUsPerCall.toFixed(0)} µs CPU/call), admin GetStage ${a.rps.toFixed(0)} req/s (${a.cpuUsPerCall.toFixed(0)} µs), ` +
      `GetPublicConfig (no auth) ${e.rps.toFixed(0)} req/s (${e.cpuUsPerCall.toFixed(0)} µs)`,
  );
  return [
    ratioResult(
      {
        scenario: 4,
        name: `OIDC GetStage vs admin GetStage c=${concurrency}`,
        unit: "req/s",
        value: round(o.rps),
        floor: round(a.rps),
        detail: {
          p50Ms: round(o.p50Ms),
          p99Ms: round(o.p99Ms),
          adminP50Ms: round(a.p50Ms),
          adminP99Ms: round(a.p99Ms),
          exemptGetPublicConfigRps: round(e.rps),
          ratioToExempt: round(o.rps / e.rps),
          cpuUsPerCall: round(o.cpuUsPerCall),
          adminCpuUsPerCall: round(a.cpuUsPerCall),
          exemptCpuUsPerCall: round(e.cpuUsPerCall),
          cpuRatio: round(a.cpuUsPerCall / o.cpuUsPerCall),
          rounds: o.rounds,
          adminRounds: a.rounds,
          errors: o.errors + a.errors,
        },
      },
      { atLeast: 0.9 },
    ),
  ];
}
