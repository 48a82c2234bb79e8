import type { Registry } from "prom-client";

/** Label values by label name. */
export type Labels<K extends string> = Readonly<Record<K, string>>;

/** One exported sample, as prom-client's metrics give them to their registry. */
interface Sample {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  readonly metricName?: string;
}

/**
 * Per label set, one entry, found through a Map per label in the label names' order: no key
 * string is built per observation. Entries are kept in first-seen order, as prom-client exports them.
 */
class LabelledEntries<K extends string, E extends { readonly labels: Labels<K> }> {
  private readonly root = new Map<string, unknown>();
  readonly all: E[] = [];

  constructor(
    private readonly names: readonly K[],
    private readonly make: (labels: Labels<K>) => E,
  ) {}

  entry(labels: Labels<K>): E {
    let node = this.root;
    const last = this.names.length - 1;
    for (let i = 0; i < last; i++) {
      const value = labels[this.names[i]!];
      let next = node.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) node.set(value, (next = new Map()));
      node = next;
    }
    const value = labels[this.names[last]!];
    let entry = node.get(value) as E | undefined;
    if (entry === undefined) {
      // The label set as prom-client keeps it: the names' order, whatever the caller's.
      const copy = Object.fromEntries(this.names.map((name) => [name, labels[name]])) as Labels<K>;
      node.set(value, (entry = this.make(copy)));
      this.all.push(entry);
    }
    return entry;
  }

  clear(): void {
    this.root.clear();
    this.all.length = 0;
  }
}

/** What both metrics are configured with (prom-client's names). */
export interface LabelledMetricConfig<K extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly K[];
  readonly registers: readonly Registry[];
}

/**
 * A counter with labels, exported exactly as prom-client's Counter (same registry, same text), for
 * metrics updated on every RPC: prom-client builds and validates a key string from the labels on
 * every `inc` (with its histogram ~3 µs per call at concurrency 64 and ~10 µs at concurrency 1 in
 * the issue 18 profile of GetStage); this finds its entry through one Map per label.
 */
export class LabelledCounter<K extends string> {
  readonly type = "counter";
  readonly aggregator = "sum";
  readonly name: string;
  readonly help: string;
  private readonly entries: LabelledEntries<K, { readonly labels: Labels<K>; value: number }>;

  constructor(config: LabelledMetricConfig<K>) {
    this.name = config.name;
    this.help = config.help;
    this.entries = new LabelledEntries(config.labelNames, (labels) => ({ labels, value: 0 }));
    for (const registry of config.registers) registry.registerMetric(this as never);
  }

  inc(labels: Labels<K>, value = 1): void {
    this.entries.entry(labels).value += value;
  }

  reset(): void {
    this.entries.clear();
  }

  async get(): Promise<{ name: string; help: string; type: string; values: Sample[]; aggregator: string }> {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values: this.entries.all.map(({ labels, value }) => ({ labels, value })),
      aggregator: this.aggregator,
    };
  }
}

/** A histogram with labels, exported exactly as prom-client's Histogram (see {@link LabelledCounter}). */
export class LabelledHistogram<K extends string> {
  readonly type = "histogram";
  readonly aggregator = "sum";
  readonly name: string;
  readonly help: string;
  private readonly buckets: readonly number[];
  private readonly entries: LabelledEntries<K, { readonly labels: Labels<K>; readonly counts: number[]; sum: number; count: number }>;

  constructor(config: LabelledMetricConfig<K> & { readonly buckets: readonly number[] }) {
    this.name = config.name;
    this.help = config.help;
    this.buckets = [...config.buckets].sort((a, b) => a - b);
    this.entries = new LabelledEntries(config.labelNames, (labels) => ({ labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (const registry of config.registers) registry.registerMetric(this as never);
  }

  observe(labels: Labels<K>, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const entry = this.entries.entry(labels);
    // The first bucket whose upper bound holds it; above the last bound it counts in +Inf only.
    const i = this.buckets.findIndex((bound) => value <= bound);
    if (i !== -1) entry.counts[i]! += 1;
    entry.sum += value;
    entry.count += 1;
  }

  reset(): void {
    this.entries.clear();
  }

  async get(): Promise<{ name: string; help: string; type: string; values: Sample[]; aggregator: string }> {
    const values: Sample[] = [];
    const bucket = `${this.name}_bucket`;
    for (const { labels, counts, sum, count } of this.entries.all) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += counts[i]!;
        values.push({ labels: { le, ...labels }, value: cumulative, metricName: bucket });
      });
      values.push({ labels: { le: "+Inf", ...labels }, value: count, metricName: bucket });
      values.push({ labels: { ...labels }, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...labels }, value: count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
