import type { ChangeHistory } from "./change-history.js";
import type { ChangeWriter } from "./change-writer.js";
import type { GarbageCollector } from "./garbage-collector.js";
import type { ObjectTable } from "./object-table.js";
import type { ResourceVersionCounter } from "./resource-version-counter.js";
import type { StoreLogger } from "./store-options.js";
import type { TypeRegistry } from "./type-registry.js";
import type { WatchHub } from "./watch-hub.js";

/** The parts of one open store, shared by the operation functions (create-object.ts …). */
export interface StoreContext {
  readonly objects: ObjectTable;
  readonly history: ChangeHistory;
  readonly counter: ResourceVersionCounter;
  readonly writer: ChangeWriter;
  readonly hub: WatchHub;
  readonly types: TypeRegistry;
  readonly collector: GarbageCollector;
  readonly logger: StoreLogger;
  /** Remembered remainingItemCounts: list position → count after it, and the version it was counted at (count-remaining.ts). */
  readonly remainingCounts: Map<string, { count: number; at: number }>;
}
