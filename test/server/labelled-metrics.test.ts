import { Counter, Histogram, Registry } from "prom-client";
import { LabelledCounter, LabelledHistogram } from "../../src/server/labelled-metrics.js";

// The RPC metrics are updated on every call without prom-client's per-update label key; what a
// scrape shows must stay exactly prom-client's text. Each case feeds prom-client's Counter and
// Histogram and ours the same updates and compares the two registries' output.

const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300];

function pair() {
  const theirs = new Registry();
  const ours = new Registry();
  const config = { name: "rpc_handled_total", help: "RPCs finished.", labelNames: ["procedure", "protocol", "code"] as const };
  const hist = { name: "rpc_duration_seconds", help: "Time to final status.", labelNames: ["procedure", "code"] as const, buckets };
  return {
    theirs,
    ours,
    counters: [new Counter({ ...config, labelNames: [...config.labelNames], registers: [theirs] }), new LabelledCounter({ ...config, registers: [ours] })],
    histograms: [
      new Histogram({ ...hist, labelNames: [...hist.labelNames], buckets: [...buckets], registers: [theirs] }),
      new LabelledHistogram({ ...hist, registers: [ours] }),
    ],
  };
}

describe("LabelledCounter and LabelledHistogram", () => {
  it("export exactly what prom-client's Counter and Histogram export for the same updates", async () => {
    const { theirs, ours, counters, histograms } = pair();
    const calls: [string, string, string, number][] = [
      ["/a.v1.S/Get", "connect", "ok", 0.0004],
      ["/a.v1.S/Get", "connect", "ok", 0.001], // exactly on a bound
      ["/a.v1.S/Get", "grpc", "ok", 0.03],
      ["/a.v1.S/List", "grpc-web", "not_found", 0.2],
      ["/a.v1.S/Get", "connect", "internal", 301], // above the last bound: +Inf only
      ['/odd "quoted" \\ name\n', "connect", "ok", 0],
      ["/a.v1.S/List", "grpc-web", "not_found", 7.5],
    ];
    for (const [procedure, protocol, code, seconds] of calls) {
      for (const c of counters) c.inc({ procedure, protocol, code });
      for (const h of histograms) h.observe({ procedure, code }, seconds);
    }
    // Labels given in another order are the same label set.
    for (const c of counters) c.inc({ code: "ok", protocol: "grpc", procedure: "/a.v1.S/Get" } as never, 3);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('rpc_handled_total{procedure="/a.v1.S/Get",protocol="grpc",code="ok"} 4');
    expect(await ours.metrics()).toContain('rpc_duration_seconds_bucket{le="0.001",procedure="/a.v1.S/Get",code="ok"} 2');
  });

  it("export nothing but their help and type before the first update, and again after a reset", async () => {
    const { theirs, ours, counters, histograms } = pair();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    for (const c of counters) c.inc({ procedure: "/a", protocol: "grpc", code: "ok" });
    for (const h of histograms) h.observe({ procedure: "/a", code: "ok" }, 0.5);
    theirs.resetMetrics();
    ours.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it("refuses a value that is not a finite number, as prom-client does", () => {
    const { histograms } = pair();
    for (const h of histograms) expect(() => h.observe({ procedure: "/a", code: "ok" }, Number.NaN)).toThrow(TypeError);
  });
});
