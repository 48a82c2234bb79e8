import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { ProjectService } from "../../gen/kargo/api/v1/project_service_pb.js";
import { useKargoStack } from "../support/use-kargo-stack.js";

const DIR = fileURLToPath(new URL("../../deploy/prometheus/", import.meta.url));
const RULES = `${DIR}alerts.yaml`;

/** The metric names an alert expression reads (histogram series mapped to their histogram). */
function metricsOf(expr: string): string[] {
  return [...new Set([...expr.matchAll(/\bkargo_api_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, "")))];
}

/**
 * deploy/prometheus/alerts.yaml, the alert list docs/deploy.md describes: Debian's promtool finds
 * it valid and its unit tests (alerts.test.yaml: the alerts fire on the series they are meant for
 * and not otherwise) pass, and every metric an alert reads is one a running server exports.
 */
describe("the operator alerts", () => {
  const stack = useKargoStack();

  it("are valid rules whose promtool unit tests pass", () => {
    expect(execFileSync("promtool", ["check", "rules", RULES], { encoding: "utf8" })).toMatch(/SUCCESS: \d+ rules found/);
    expect(execFileSync("promtool", ["test", "rules", "alerts.test.yaml"], { cwd: DIR, encoding: "utf8" })).toMatch(/SUCCESS/);
  });

  it("read only metrics the server exports", async () => {
    // One call so the RPC and authorization-cache series have samples.
    await stack().client(ProjectService).listProjects({});
    const exported = await (await fetch(`${stack().baseUrl}/metrics`)).text();
    const names = new Set([...exported.matchAll(/^# TYPE (\S+) /gm)].map(([, name]) => name!));
    const rules = (parse(readFileSync(RULES, "utf8")) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(0);
    const missing = rules.flatMap((rule) =>
      metricsOf(rule.expr)
        .filter((name) => !names.has(name))
        .map((name) => `${rule.alert}: ${name}`),
    );
    expect(missing).toEqual([]);
    // The operator metrics have samples for what the server runs; requests are timed from the
    // first, the informers' start-up lists (GET) included.
    expect(exported).toMatch(/^kargo_api_kube_cache_staleness_seconds\{resource="projects"\} 0$/m);
    expect(exported).toMatch(/^kargo_api_kube_cache_synced\{resource="projects"\} 1$/m);
    expect(exported).toMatch(/^kargo_api_kube_request_duration_seconds_count\{verb="GET",code="200"\} [1-9]/m);
    expect(exported).toMatch(/^kargo_api_auth_cache_lookups_total\{cache="decisions",result="(hit|miss)"\} \d+$/m);
  });
});
